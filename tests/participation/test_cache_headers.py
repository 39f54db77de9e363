"""Which answers a browser or a shared cache may keep: ``private, no-store`` on everything
that carries something of one person, never on a public page read anonymously."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from guidelines.models import Version
from participation.models import Page
from tests.guidelines.factories import first_paragraph, make_version


def assert_never_stored(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")
    assert "public" not in directives


def version_urls(version):
    on_version = {"slug": version.document.slug, "pk": version.pk}
    paragraph = first_paragraph(version)
    return [
        reverse("guidelines:version", kwargs=on_version),
        reverse("guidelines:paragraph", kwargs={**on_version, "key": paragraph.key}),
    ]


RESIDENT_PAGES = [
    "participation:account",
    "participation:account_delete",
    "participation:notification_preferences",
    "participation:account_export",
    "account_email",
    "account_change_password",
    "mfa_index",
    "participation:home",
    "guidelines:document_list",
    "projects:project_list",
]


@pytest.mark.parametrize("name", RESIDENT_PAGES)
def test_pages_seen_by_a_resident_are_never_stored(client, resident, name):
    client.force_login(resident)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert_never_stored(response)


def test_public_guideline_pages_seen_by_a_resident_are_never_stored(client, resident):
    client.force_login(resident)

    for url in version_urls(make_version()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_never_stored(response)


def test_staff_previews_of_a_draft_are_never_stored(client, editor):
    draft = make_version(state=Version.State.DRAFT)
    client.force_login(editor)

    for url in version_urls(draft):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_never_stored(response)


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/guidelines/version/", "/admin/participation/user/"],
)
def test_admin_pages_are_never_stored(client, admin_user, url):
    client.force_login(admin_user)

    response = client.get(url)

    assert response.status_code == 200
    assert_never_stored(response)


def test_a_password_reset_in_progress_is_never_stored(client, resident):
    # The key moves from the address into the session; the form is then shown to a
    # person who is not signed in, from what their session holds.
    key = default_token_generator.make_token(resident)
    uid = user_pk_to_url_str(resident)

    response = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": key}),
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain, "allauth keeps the key in the session and redirects"
    assert not response.wsgi_request.user.is_authenticated
    assert_never_stored(response)


def test_a_page_showing_a_flash_message_after_signing_out_is_never_stored(client, resident):
    client.force_login(resident)

    response = client.post(reverse("account_logout"), follow=True)

    assert list(response.context["messages"]), "the sign-out message is shown"
    assert not response.wsgi_request.user.is_authenticated
    assert_never_stored(response)
    # Once shown, the message is gone, and so is the reason to keep the page private.
    assert "no-store" not in client.get(reverse("participation:home")).get("Cache-Control", "")


def test_a_public_cache_control_gives_way_for_a_signed_in_reader(client, resident):
    client.force_login(resident)

    response = client.get("/oparl/v1/system")

    assert response.status_code == 200
    assert_never_stored(response)


def test_public_pages_read_anonymously_may_be_kept(client, db):
    version = make_version()
    urls = [
        reverse("participation:home"),
        reverse("guidelines:document_list"),
        reverse("projects:project_list"),
        reverse("participation:page", kwargs={"slug": Page.objects.first().slug}),
        "/oparl/v1/system",
        *version_urls(version),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_a_leftover_empty_session_does_not_make_public_pages_private(client, db):
    client.cookies["sessionid"] = "expired-or-unknown-session-key"

    response = client.get(reverse("guidelines:document_list"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_token_links_are_never_stored(client, resident):
    from participation.models import Event
    from participation.notifications import unsubscribe_token

    response = client.get(
        reverse(
            "participation:unsubscribe", args=[unsubscribe_token(user=resident, event=Event.REPLY)]
        )
    )

    assert "no-store" in response["Cache-Control"]
