"""A comment typed into a form whose security token has expired is not lost.

The error page shows it back, and keep-text.js fills it into the form again when the
resident returns; once the comment is published, the kept copy is gone.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from guidelines.models import Comment
from tests.browser.conftest import BROWSER, login
from tests.browser.helpers import assert_accessible, visit
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = BROWSER

TEXT = "Die Frist von vier Wochen ist zu kurz.\nBitte <b>sechs</b> Wochen & Aushang im Rathaus."
KEPT_KEYS = "() => Object.keys(sessionStorage).filter((key) => key.startsWith('keep-text:'))"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def paragraph(db):
    return first_paragraph(make_version())


@pytest.fixture
def thread_url(paragraph) -> str:
    return paragraph.get_absolute_url()


def send(page: Page) -> int:
    """Send the comment form; the status of the answer (302: saved, on to the thread)."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator("#comment-form button[type=submit]").click()
    page.wait_for_load_state()
    return posted.value.status


def test_comment_survives_an_expired_form_and_is_published_once(
    page, live_server, resident, thread_url
):
    login(page, live_server, resident)
    visit(page, thread_url)
    page.locator("#comment-text").press_sequentially(TEXT[:12])
    page.locator("#comment-text").fill(TEXT)
    # The token expires: signed out and in elsewhere, or the cookie was cleared.
    page.context.clear_cookies(name="csrftoken")

    assert send(page) == 403

    expect(page.get_by_role("heading", level=1)).to_have_text("Das Formular ist abgelaufen")
    expect(page.locator("#kept-text-1")).to_have_value(TEXT)
    expect(page.locator("#kept-text-1")).to_have_attribute("readonly", "")
    assert_accessible(page)

    with page.expect_navigation():
        page.locator("main ol a").click()  # "Open the form again"
    expect(page).to_have_url(re.compile(re.escape(thread_url) + "$"))
    expect(page.locator("#comment-text")).to_have_value(TEXT)
    expect(page.locator("#comment-text-restored")).to_be_visible()
    describedby = page.locator("#comment-text").get_attribute("aria-describedby") or ""
    assert "comment-text-restored" in describedby.split()
    assert_accessible(page)

    assert send(page) == 302

    assert Comment.objects.filter(author=resident, text=TEXT).count() == 1
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("#comment-text")).to_have_value("")
    assert page.evaluate(KEPT_KEYS) == []
    page.reload()
    expect(page.locator("#comment-text")).to_have_value("")


def test_unsent_comment_is_filled_in_again_after_leaving_the_page(
    page, live_server, resident, thread_url
):
    login(page, live_server, resident)
    visit(page, thread_url)
    page.locator("#comment-text").fill(TEXT)

    visit(page, "/")
    visit(page, thread_url)

    expect(page.locator("#comment-text")).to_have_value(TEXT)
    assert not Comment.objects.exists()
    # Emptying the box forgets the copy.
    page.locator("#comment-text").fill("")
    assert page.evaluate(KEPT_KEYS) == []


def test_inline_reply_sent_with_an_expired_token_lands_on_the_page_with_the_text(
    page, live_server, resident, other_resident, paragraph, thread_url
):
    comment = make_comment(paragraph, other_resident)
    login(page, live_server, resident)
    visit(page, thread_url)
    page.locator(f'a[data-reply="{comment.pk}"]').click()
    page.locator(f"#reply-{comment.pk}-text").fill(TEXT)
    page.context.clear_cookies(name="csrftoken")

    with page.expect_navigation():
        page.locator(f"[data-reply-box='{comment.pk}'] button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Das Formular ist abgelaufen")
    expect(page.locator("#kept-text-1")).to_have_value(TEXT)
    assert Comment.objects.filter(parent=comment).count() == 0
