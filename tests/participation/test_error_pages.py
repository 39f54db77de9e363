"""Error pages: the site's own German pages everywhere (admin included), and a form that
fails to send shows back what the person typed, but never a password or a token."""

import re
from uuid import uuid4

import pytest
from django.contrib.admin import AdminSite
from django.test import Client
from django.urls import reverse

from guidelines.models import Comment
from participation.views import KEPT_TEXT_MAX_LENGTH
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = pytest.mark.django_db

TYPED = 'Mein Vorschlag: <script>alert("x")</script> & mehr Bänke am Markt.'
SECRET = "Geheimes-Passwort-4711"


@pytest.fixture
def paragraph():
    return first_paragraph(make_version())


def comment_url(paragraph) -> str:
    return reverse(
        "guidelines:comment",
        kwargs={
            "slug": paragraph.version.document.slug,
            "pk": paragraph.version_id,
            "key": paragraph.key,
        },
    )


@pytest.fixture
def strict_client(resident) -> Client:
    """A signed-in browser whose security token no longer matches (the tests send none);
    it reads English, the source language of the texts checked."""
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(resident)
    return client


def main(response) -> str:
    match = re.search(r"<main.*?</main>", response.content.decode(), re.S)
    assert match, "not one of the site's pages"
    return match.group(0)


def kept(response) -> list[str]:
    """The read-only text boxes of the error page."""
    return re.findall(r"<textarea [^>]*readonly>(.*?)</textarea>", main(response), re.S)


def test_comment_sent_with_an_expired_token_comes_back_escaped_on_the_error_page(
    strict_client, paragraph
):
    response = strict_client.post(
        comment_url(paragraph), {"text": TYPED, "submission": str(uuid4())}
    )

    assert response.status_code == 403
    assert "The form has expired" in main(response)
    assert kept(response) == [
        "Mein Vorschlag: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        "&amp; mehr Bänke am Markt."
    ]
    assert "<script>alert" not in response.content.decode()
    assert not Comment.objects.exists()


def test_form_error_page_never_shows_passwords_tokens_or_other_fields(strict_client, paragraph):
    response = strict_client.post(
        comment_url(paragraph),
        {
            "text": TYPED,
            "password": SECRET,
            "csrfmiddlewaretoken": "stale-token-" + SECRET,
            "submission": "submission-" + SECRET,
            "email": "anna-geheim@example.org",
        },
    )

    assert response.status_code == 403
    body = response.content.decode()
    assert SECRET not in body
    assert "anna-geheim@example.org" not in body
    assert len(kept(response)) == 1


def test_failed_sign_in_shows_no_text_box_and_not_the_password(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/konto/login/", {"login": "anna@example.org", "password": SECRET})

    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    assert kept(response) == []


def test_kept_text_is_cut_at_its_limit(strict_client, paragraph):
    response = strict_client.post(comment_url(paragraph), {"text": "a" * 100_000})

    assert kept(response) == ["a" * KEPT_TEXT_MAX_LENGTH]


def test_report_shows_the_details_but_not_the_chosen_reason(
    strict_client, paragraph, other_resident
):
    comment = make_comment(paragraph, other_resident)
    url = reverse(
        "guidelines:report",
        kwargs={
            "slug": paragraph.version.document.slug,
            "pk": paragraph.version_id,
            "key": paragraph.key,
            "comment_id": comment.pk,
        },
    )

    response = strict_client.post(url, {"reason": "1", "details": "Beleidigt im 2. Satz."})

    assert kept(response) == ["Beleidigt im 2. Satz."]
    assert "Your reason" not in main(response)
    assert "Your details" in main(response)


def test_expired_form_page_links_back_to_the_form_it_came_from(strict_client, paragraph):
    thread = "http://testserver" + paragraph.get_absolute_url()

    ours = strict_client.post(comment_url(paragraph), {"text": TYPED}, HTTP_REFERER=thread)
    foreign = strict_client.post(
        comment_url(paragraph), {"text": TYPED}, HTTP_REFERER="https://evil.example/form"
    )

    assert f'href="{thread}"' in main(ours)
    assert "evil.example" not in foreign.content.decode()


def test_reading_an_error_page_shows_no_text_box(client, english):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert kept(response) == []


def test_comment_on_a_vanished_thread_keeps_the_text_on_the_not_found_page(
    resident, paragraph, client
):
    client.force_login(resident)
    url = comment_url(paragraph)
    paragraph.version.document.delete()

    response = client.post(url, {"text": TYPED})

    assert response.status_code == 404
    assert len(kept(response)) == 1


# --- no bare Django pages, the admin included ------------------------------------------------

GERMAN = [{}, {"HTTP_ACCEPT_LANGUAGE": "de"}]


def site_page_in_german(response, title: str) -> None:
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert f"<h1>{title}</h1>" in main(response)
    assert 'class="site-header"' in html


@pytest.mark.parametrize("headers", GERMAN)
def test_admin_sign_in_with_an_expired_token_gets_the_sites_german_page(db, headers):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("admin:login"), {"username": "root@example.org", "password": SECRET}, **headers
    )

    assert response.status_code == 403
    site_page_in_german(response, "Das Formular ist abgelaufen")
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("headers", GERMAN)
def test_admin_not_found_and_forbidden_are_the_sites_german_pages(client, moderator, headers):
    client.force_login(moderator)

    missing = client.get("/admin/gibt-es-nicht/", **headers)
    forbidden = client.get(reverse("admin:participation_user_changelist"), **headers)

    assert missing.status_code == 404
    site_page_in_german(missing, "Seite nicht gefunden")
    assert forbidden.status_code == 403
    site_page_in_german(forbidden, "Zugriff verweigert")


@pytest.mark.parametrize("headers", GERMAN)
def test_admin_server_error_is_the_sites_german_page(admin_user, monkeypatch, headers):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(AdminSite, "each_context", broken)
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    response = client.get(reverse("admin:index"), **headers)

    assert response.status_code == 500
    site_page_in_german(response, "Etwas ist schiefgelaufen")


def test_rate_limited_password_reset_gets_the_sites_page(client, resident, english):
    """allauth's own answer is a bare English "429 Too Many Requests" page."""
    statuses = [
        client.post("/konto/password/reset/", {"email": resident.email}).status_code
        for _attempt in range(10)
    ]

    assert statuses[-1] == 429
    response = client.post("/konto/password/reset/", {"email": resident.email})
    assert "<h1>Too many attempts</h1>" in main(response)
    assert 'class="site-header"' in response.content.decode()
