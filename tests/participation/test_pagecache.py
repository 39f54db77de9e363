"""The page cache (participation.pagecache), exercised through the guideline pages."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation import cache as resilient
from participation import pagecache
from tests.conftest import stored_page_keys
from tests.guidelines.factories import first_paragraph, make_comment, make_version
from tests.participation.board.factories import make_board, make_call

pytestmark = pytest.mark.usefixtures("page_cache")


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "participation.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def version(db):
    return make_version()


@pytest.fixture
def version_url(version):
    return version.get_absolute_url()


def without_token(response) -> str:
    """The page without its CSRF tokens, which are masked anew on every answer."""
    return pagecache.TOKEN_INPUT.sub("", response.content.decode())


def test_second_anonymous_request_is_served_without_a_query(
    client, version_url, django_assert_num_queries
):
    first = client.get(version_url)

    with django_assert_num_queries(0):
        second = client.get(version_url)

    assert first.status_code == second.status_code == 200
    assert without_token(second) == without_token(first)
    assert "Accept-Language" in second["Vary"]
    assert "Cookie" in second["Vary"]


def test_revalidation_with_the_etag_is_answered_with_304(client, version_url):
    first = client.get(version_url)

    again = client.get(version_url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "max-age=0" in again["Cache-Control"]
    assert "must-revalidate" in again["Cache-Control"]


def test_a_changed_page_gets_a_new_etag(
    client, version, version_url, django_capture_on_commit_callbacks
):
    first = client.get(version_url)
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(first_paragraph(version), None)

    again = client.get(version_url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_anonymous_pages_carry_no_csrf_token_and_are_public(client, version_url):
    """The language switch is a GET form: a page without another form is the same for
    every reader, so a shared cache may keep it."""
    first = client.get(version_url)
    again = client.get(version_url)

    for page in (first, again):
        assert "csrfmiddlewaretoken" not in page.content.decode()
        assert page["Cache-Control"] == "public, max-age=0, must-revalidate"
        assert settings.CSRF_COOKIE_NAME not in page.cookies


def test_each_reader_gets_their_own_csrf_token_from_a_cached_form_page(db):
    """A page with a form (an open call for the board) is stored with a placeholder for
    the token; each reader gets their own, and shared caches must not keep the page."""
    call = make_call(make_board())
    first_reader = Client(enforce_csrf_checks=True)
    first = first_reader.get(call.get_absolute_url())
    second_reader = Client(enforce_csrf_checks=True)

    page = second_reader.get(call.get_absolute_url())
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    sent = second_reader.post(call.get_absolute_url(), {"csrfmiddlewaretoken": token})

    assert stored_page_keys(), "the form page was stored"
    assert sent.status_code == 400  # the token was accepted; the empty form was not
    assert first["Cache-Control"].startswith("private")
    assert page["Cache-Control"].startswith("private")
    assert page["ETag"] != first["ETag"]
    assert "\x00" not in page.content.decode()


def test_the_language_switch_needs_no_token_and_returns_to_the_page(version_url, db):
    reader = Client(enforce_csrf_checks=True)

    switched = reader.get(reverse("switch_language"), {"language": "en", "next": version_url})
    page = reader.get(version_url)

    assert switched.status_code == 302
    assert switched["Location"] == version_url
    assert "no-store" in switched["Cache-Control"]
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", ""],
)
def test_the_language_switch_only_returns_to_addresses_of_this_site(client, db, next_url):
    switched = client.get(reverse("switch_language"), {"language": "en", "next": next_url})

    assert switched.status_code == 302
    assert switched["Location"] == reverse("participation:home")


def test_the_language_switch_ignores_a_language_the_site_does_not_offer(client, db):
    switched = client.get(reverse("switch_language"), {"language": "xx", "next": "/"})

    assert switched.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in switched.cookies


def test_the_language_switch_is_a_form_that_works_without_javascript(client, version_url):
    content = client.get(version_url).content.decode()
    switch = content[content.index('<form class="language-switch"') :]
    switch = switch[: switch.index("</form>")]

    assert f'action="{reverse("switch_language")}" method="get"' in switch
    assert f'name="next" value="{version_url}"' in switch
    assert '<button type="submit" name="language" value="en" lang="en">' in switch


def test_a_page_without_a_token_is_public_for_shared_caches(db, rf):
    # What every anonymous page is once the language switch carries no token.
    rendered = []

    @pagecache.public_page(lambda: ("test",))
    def view(request):
        rendered.append(request)
        return HttpResponse(f"<p>Fassung {len(rendered)}</p>")

    first = view(rf.get("/seite/"))
    second = view(rf.get("/seite/"))
    revalidated = view(rf.get("/seite/", headers={"if-none-match": first["ETag"]}))
    pagecache.bump_now(["test"])
    changed = view(rf.get("/seite/", headers={"if-none-match": first["ETag"]}))

    assert first["Cache-Control"] == second["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert second.content == b"<p>Fassung 1</p>"
    assert revalidated.status_code == 304
    assert changed.status_code == 200
    assert len(rendered) == 2


def test_signed_in_readers_neither_get_nor_fill_the_cache(client, resident, version_url):
    client.force_login(resident)
    signed_in = client.get(version_url)
    client.logout()
    anonymous = Client().get(version_url)

    assert reverse("participation:account") in signed_in.content.decode()
    assert reverse("participation:account") not in anonymous.content.decode()
    assert "public" not in signed_in.get("Cache-Control", "")
    assert not signed_in.has_header("ETag")


def test_a_flood_of_unknown_query_strings_does_not_fill_the_cache(client, version_url):
    client.get(version_url)
    stored = len(stored_page_keys())

    for number in range(20):
        assert client.get(f"{version_url}?x={number}").status_code == 200

    assert len(stored_page_keys()) == stored == 1


def test_only_canonical_thread_addresses_are_stored(client, version):
    url = first_paragraph(version).get_absolute_url()

    for query in ("?page=99999", "?page=1", "?sort=oldest", "?page=abc", "?sort=newest&page=1"):
        assert client.get(url + query).status_code == 200
    assert stored_page_keys() == []

    client.get(url + "?sort=newest")
    assert len(stored_page_keys()) == 1


def test_a_period_opening_at_nine_shows_as_open_at_nine(client, db, monkeypatch):
    opens = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    version = make_version(opens=opens, closes=opens + timedelta(days=7))
    url = version.get_absolute_url()
    clock = {"now": opens - timedelta(seconds=1)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    before = without_token(client.get(url))
    just_before = without_token(client.get(url))
    clock["now"] = opens
    at_opening = without_token(client.get(url))

    assert "state-badge--upcoming" in before
    assert just_before == before
    assert "state-badge--open" in at_opening


def test_pages_are_rendered_correctly_while_the_cache_is_down(
    client, english, settings, version, monkeypatch
):
    monkeypatch.setattr(resilient, "_unavailable_until", 0.0)
    settings.CACHES = UNREACHABLE_REDIS
    url = version.get_absolute_url()

    client.get(url)
    make_comment(first_paragraph(version), None, "Geschrieben während Redis fehlt")
    response = client.get(url)

    assert response.status_code == 200
    assert "1 comment" in response.content.decode()


def test_health_says_degraded_while_the_cache_is_down(client, settings, monkeypatch, db):
    monkeypatch.setattr(resilient, "_unavailable_until", 0.0)
    settings.CACHES = UNREACHABLE_REDIS
    settings.CELERY_BROKER_URL = ""
    settings.HEALTHZ_TOKEN = "health-token"

    response = client.get(reverse("healthz"), headers={"authorization": "Bearer health-token"})

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "degraded"},
    }


def test_the_page_cache_can_be_switched_off(client, settings, version_url):
    settings.PAGE_CACHE = False

    client.get(version_url)
    response = client.get(version_url)

    assert stored_page_keys() == []
    assert not response.has_header("ETag")
