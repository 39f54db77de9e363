import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from participation import roles
from tests.conftest import PASSWORD


def test_anonymous_is_sent_to_the_rate_limited_allauth_login(client, db):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login") + "?next=")
    assert response.status_code == 200


def test_admin_login_page_redirects_to_allauth(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_resident_is_refused_from_admin(client, resident):
    client.force_login(resident)

    assert client.get(reverse("admin:index")).status_code in {302, 403}
    assert client.get(reverse("admin:login")).status_code == 403


@pytest.mark.parametrize("persona", ["moderator", "editor", "board_office", "admin_user"])
def test_staff_reach_the_admin_titled_for_the_city(client, persona, request, db):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Stadtdialog Musterstadt" in response.content.decode()


def test_editor_can_edit_legal_pages_but_moderator_cannot(client, editor, moderator):
    url = reverse("admin:participation_page_changelist")
    client.force_login(editor)
    assert client.get(url).status_code == 200
    page_id = client.get(url).context["cl"].result_list[0].pk
    assert client.get(reverse("admin:participation_page_change", args=[page_id])).status_code == 200

    client.force_login(moderator)
    response = client.post(
        reverse("admin:participation_page_change", args=[page_id]), {"title": "x"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_no_staff_role_can_change_users_groups_or_permissions():
    for name in roles.ROLES:
        group = Group.objects.get(name=name)
        models = {(p.content_type.app_label, p.content_type.model) for p in group.permissions.all()}
        assert not models & roles.FORBIDDEN_MODELS, name


def test_staff_cannot_open_the_user_admin(client, editor):
    client.force_login(editor)

    assert client.get(reverse("admin:participation_user_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:participation_user_change", args=[editor.pk])).status_code == 403
    )


def test_admin_sign_in_through_allauth_works_for_staff(client, editor):
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": editor.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_login_attempts_are_rate_limited(client, editor):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": editor.email, "password": "wrong"})

    # Even the right password is refused once the limit for this address is reached.
    response = client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})

    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session
