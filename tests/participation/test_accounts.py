import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from participation.models import Consent, Page, User
from tests.conftest import PASSWORD, make_user

SIGNUP = {
    "email": "neu@example.org",
    "display_name": "Neue Nachbarin",
    "password1": "ein-sehr-gutes-passwort-42",
    "password2": "ein-sehr-gutes-passwort-42",
    "accept_terms": "on",
    "accept_privacy": "on",
}


def signup(client, **changes):
    return client.post(reverse("account_signup"), {**SIGNUP, **changes})


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on-commit hooks (mail is queued after commit) inside the test transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.django_db
def test_signup_sends_verification_mail_and_confirming_logs_in(client, commit):
    with commit():
        response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="neu@example.org")
    assert user.display_name == "Neue Nachbarin"
    assert not user.can_participate
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert re.fullmatch(r"<outbox-\d+@127.0.0.1>", message.extra_headers["Message-ID"])
    link = re.search(r"https?://\S+/konto/confirm-email/(\S+)/", message.body)
    assert link, message.body

    confirm_url = reverse("account_confirm_email", args=[link.group(1)])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.can_participate
    assert client.get(reverse("participation:account")).status_code == 200


@pytest.mark.django_db
def test_signup_records_consent_with_version_and_time(client):
    Page.objects.filter(slug="nutzungsbedingungen").update(version="3")

    signup(client)

    consents = {c.kind: c for c in Consent.objects.filter(user__email="neu@example.org")}
    assert consents["terms"].version == "3"
    assert consents["privacy"].version == "1"
    assert consents["terms"].given_at is not None
    assert "minimum_age" not in consents


@pytest.mark.django_db
def test_signup_asks_for_minimum_age_when_configured(client, settings):
    settings.MINIMUM_AGE = 14

    response = signup(client)
    assert response.status_code == 200
    assert "mindestens 14 Jahre alt" in response.content.decode()
    assert not User.objects.exists()

    signup(client, minimum_age="on")
    assert Consent.objects.filter(kind="minimum_age", user__email="neu@example.org").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"accept_terms": ""}, "Bitte akzeptieren Sie die Nutzungsbedingungen"),
        ({"accept_privacy": ""}, "Datenschutzhinweise und Ihre Einwilligung"),
        ({"password1": "12345678", "password2": "12345678"}, "Dieses Passwort ist zu kurz"),
        ({"display_name": "x@y.de"}, "kein „@“ enthalten"),
        ({"display_name": "Admin"}, "Dieser Name ist reserviert"),
    ],
)
def test_signup_with_bad_input_shows_german_message(client, changes, message):
    response = signup(client, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()


@pytest.mark.django_db
def test_signup_with_taken_display_name_is_refused_case_insensitively(client, resident):
    response = signup(client, display_name="ANNA")

    assert "bereits vergeben" in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()


@pytest.mark.django_db
def test_signup_with_taken_email_does_not_reveal_the_account(client, resident, commit):
    with commit():
        response = signup(client, email="anna@example.org")

    # No enumeration: the same "verification sent" answer as for a new address, and
    # the owner of the address gets a notice instead of a second account.
    assert response.status_code == 302
    assert User.objects.filter(email="anna@example.org").count() == 1
    assert mail.outbox[0].to == ["anna@example.org"]


@pytest.mark.django_db
def test_unverified_user_cannot_sign_in_and_cannot_participate(client, unverified):
    response = client.post(
        reverse("account_login"), {"login": "carla@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not unverified.can_participate
    assert client.get(reverse("participation:account")).status_code == 302


@pytest.mark.django_db
def test_inactive_verified_user_cannot_participate(resident):
    resident.is_active = False
    assert not resident.can_participate


@pytest.mark.django_db
def test_resident_changes_display_name(client, resident):
    client.force_login(resident)

    response = client.post(
        reverse("participation:account"), {"display_name": "Anna B.", "language": "en"}
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.display_name, resident.language) == ("Anna B.", "en")


@pytest.mark.django_db
def test_resident_cannot_take_another_display_name(client, resident, other_resident):
    client.force_login(resident)

    response = client.post(
        reverse("participation:account"), {"display_name": "ben", "language": "de"}
    )

    assert response.status_code == 400
    assert "bereits vergeben" in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == "Anna"


@pytest.mark.django_db
def test_data_export_contains_my_data_and_nothing_of_others(client, resident, other_resident):
    Consent.objects.create(user=resident, kind="terms", version="2")
    client.force_login(resident)

    response = client.get(reverse("participation:account_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.org"
    assert data["account"]["display_name"] == "Anna"
    assert data["account"]["email_addresses"] == [
        {"email": "anna@example.org", "verified": True, "primary": True}
    ]
    assert [c["version"] for c in data["account"]["consents"]] == ["2"]
    assert data["notifications"]["follows"] == []
    assert data["comments"] == {"comments": [], "supports": [], "reports": [], "objections": []}
    assert "ben@example.org" not in response.content.decode()


@pytest.mark.django_db
def test_data_export_contains_my_comments_follows_and_supports(client, resident, other_resident):
    from guidelines import services as guideline_services
    from participation.notifications import set_follow
    from tests.guidelines.factories import first_paragraph, make_comment, make_version

    paragraph = first_paragraph(make_version())
    mine = make_comment(paragraph, resident, "Mein Kommentar")
    theirs = make_comment(paragraph, other_resident, "Bens Kommentar")
    guideline_services.toggle_support(comment=theirs, user=resident)
    set_follow(user=resident, target=paragraph.version.document, follow=True)
    client.force_login(resident)

    data = json.loads(client.get(reverse("participation:account_export")).content)

    assert [c["text"] for c in data["comments"]["comments"]] == ["Mein Kommentar"]
    assert data["comments"]["comments"][0]["id"] == mine.pk
    assert [s["comment"] for s in data["comments"]["supports"]] == [theirs.pk]
    assert data["notifications"]["follows"][0]["name"] == paragraph.version.document.title
    assert "Bens Kommentar" not in json.dumps(data)


def test_anonymous_cannot_export_or_delete(client, db):
    for name in [
        "participation:account",
        "participation:account_export",
        "participation:account_delete",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_account_deletion_needs_password_and_keeps_others_intact(client, resident, other_resident):
    client.force_login(resident)

    wrong = client.post(reverse("participation:account_delete"), {"password": "falsch"})
    assert wrong.status_code == 400
    assert "Passwort ist nicht korrekt" in wrong.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()

    response = client.post(reverse("participation:account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    assert not EmailAddress.objects.filter(email="anna@example.org").exists()
    assert not Consent.objects.filter(user_id=resident.pk).exists()
    assert User.objects.filter(pk=other_resident.pk).exists()
    assert EmailAddress.objects.filter(email="ben@example.org", verified=True).exists()
    # The session is gone with the account.
    assert client.get(reverse("participation:account")).status_code == 302


@pytest.mark.django_db
def test_content_relations_to_users_survive_account_deletion():
    """Everything people write must stay when its author deletes the account."""
    from django.apps import apps

    personal = {
        "Consent",
        "EmailAddress",
        "EmailConfirmation",
        "LogEntry",
        "Follow",
        "NotificationPreference",
        "OutboxMessage",
    }
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                getattr(field, "many_to_one", False)
                and field.related_model is User
                and model.__name__ not in personal
                and model._meta.app_label in {"participation", "guidelines", "projects"}
            ):
                assert field.remote_field.on_delete.__name__ == "SET_NULL", (
                    f"{model.__name__}.{field.name} would delete content with its author"
                )


@pytest.mark.django_db
def test_password_reset_mail_is_sent_for_known_address_only(client, resident, commit):
    with commit():
        client.post(reverse("account_reset_password"), {"email": "anna@example.org"})
        client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})

    recipients = [m.to[0] for m in mail.outbox]
    assert "anna@example.org" in recipients
    # allauth sends an "unknown account" notice instead of revealing it on the page.
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_email_change_requires_verification_of_the_new_address(client, resident, commit):
    client.force_login(resident)

    with commit():
        client.post(reverse("account_email"), {"action_add": "", "email": "anna.neu@example.org"})

    assert mail.outbox[-1].to == ["anna.neu@example.org"]
    assert EmailAddress.objects.filter(email="anna.neu@example.org", verified=False).exists()
    resident.refresh_from_db()
    assert resident.email == "anna@example.org"


def test_make_user_helper_creates_verified_user(db):
    user = make_user("x@example.org", "Xaver")
    assert user.can_participate


@pytest.mark.django_db
def test_staff_can_set_up_two_factor_authentication(client, editor):
    client.force_login(editor)

    account = client.get(reverse("participation:account")).content.decode()
    assert reverse("mfa_index") in account
    response = client.get(reverse("mfa_activate_totp"))

    # allauth asks for the password again before showing the secret.
    assert response.status_code in {200, 302}
    assert client.get(reverse("mfa_index")).status_code == 200


def test_anonymous_cannot_reach_two_factor_settings(client, db):
    assert client.get(reverse("mfa_index")).status_code == 302


@pytest.mark.django_db
def test_deleted_authors_comments_stay_readable_as_deleted_account(
    client, resident, other_resident
):
    from tests.guidelines.factories import first_paragraph, make_comment, make_version

    paragraph = first_paragraph(make_version())
    comment = make_comment(paragraph, resident, "Bleibt stehen")
    reply = make_comment(paragraph, other_resident, "Antwort von Ben", parent=comment)
    client.force_login(resident)

    client.post(reverse("participation:account_delete"), {"password": PASSWORD})

    comment.refresh_from_db()
    assert comment.author is None
    assert comment.text == "Bleibt stehen"
    reply.refresh_from_db()
    assert reply.author == other_resident
    page = client.get(paragraph.get_absolute_url()).content.decode()
    assert "Bleibt stehen" in page
    assert "gelöschtes Konto" in page
    assert "Anna" not in page
