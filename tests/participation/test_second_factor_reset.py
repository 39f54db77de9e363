"""Second factors are not in the admin (it would show their secrets); a command resets them."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core.management import CommandError, call_command


def test_the_admin_does_not_show_second_factors():
    assert not admin.site.is_registered(Authenticator)


def test_the_command_removes_the_second_factors_of_one_account(resident, other_resident, capsys):
    for user in (resident, other_resident):
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})

    call_command("reset_second_factor", "ANNA@example.org")

    assert not Authenticator.objects.filter(user=resident).exists()
    assert Authenticator.objects.filter(user=other_resident).exists()
    assert "Removed 1 second factor(s)" in capsys.readouterr().out


def test_an_unknown_address_is_an_error(db):
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_second_factor", "niemand@example.org")
