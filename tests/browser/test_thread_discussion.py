"""A paragraph's thread reads like a discussion (#14 item 3), in the browser and by keyboard.

The discussion comes first and "Write a comment" leads to the form after it; a success
message appears beside its comment in a live region and is put there after the page has
loaded, so that screen readers speak it; an empty comment gets the designed error, not the
browser's bubble; reporting is quieter than replying; replies are nested without cards of
their own. Elements are found by id, class, href or role, not by their wording.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from guidelines.models import Comment, Paragraph
from participation.models import User
from tests.browser.conftest import BROWSER, csp_violations, login
from tests.browser.helpers import assert_accessible, is_focused, tab_to, visit
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = BROWSER

# Records every text that appears in a live region after the page has loaded: what a screen
# reader would be told. Installed before the page's own scripts run.
RECORD_LIVE_TEXT = """
window.spoken = [];
document.addEventListener("DOMContentLoaded", () => {
  new MutationObserver((changes) => {
    for (const change of changes) {
      const region = change.target.nodeType === 1 ? change.target : change.target.parentElement;
      const live = region && region.closest('[role="status"], [aria-live]');
      if (live && live.textContent.trim()) window.spoken.push(live.textContent.trim());
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
});
"""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def paragraph(resident: User, other_resident: User) -> Paragraph:
    """§ 1 in consultation: the other resident's comment with the resident's reply."""
    paragraph = first_paragraph(make_version())
    now = timezone.now()
    root = make_comment(
        paragraph, other_resident, "Vier Wochen sind zu kurz.", created_at=now - timedelta(hours=2)
    )
    make_comment(paragraph, resident, "Sechs Wochen wären besser.", parent=root, created_at=now)
    return paragraph


def root_comment(paragraph: Paragraph) -> Comment:
    return Comment.objects.get(paragraph=paragraph, parent=None)


def spoken(page: Page) -> list[str]:
    return page.evaluate("() => window.spoken")


def press_enter_and_wait(page: Page) -> int:
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value is not None
    return navigation.value.status


def style(page: Page, selector: str, prop: str) -> str:
    return page.locator(selector).first.evaluate(
        "(element, prop) => getComputedStyle(element).getPropertyValue(prop)", prop
    )


def test_resident_writes_a_comment_and_hears_the_message_beside_it(
    page: Page, live_server, paragraph, resident
):
    page.add_init_script(RECORD_LIVE_TEXT)
    login(page, live_server, resident)
    visit(page, paragraph.get_absolute_url())
    text = "Bitte auch die Ortsbeiräte fragen."

    # The discussion is first; the link at the top leads to the form after it.
    order = page.evaluate(
        """() => [...document.querySelectorAll(
                   'a[href="#comment-form"], #comments-title, #comment-form')]
                 .map((element) => element.id || 'link')"""
    )
    assert order == ["link", "comments-title", "comment-form"]
    assert_accessible(page)

    tab_to(page, "a[href='#comment-form']", max_presses=40)
    page.keyboard.press("Enter")
    tab_to(page, "#comment-text", max_presses=1)
    page.keyboard.type(text)
    tab_to(page, "#comment-form button[type=submit]", max_presses=1)
    assert press_enter_and_wait(page) == 200

    comment = Comment.objects.get(author=resident, parent=None)
    message = page.locator(f"#c-{comment.pk} .comment__message.message--success")
    expect(message).to_have_attribute("role", "status")
    expect(message).not_to_be_empty()
    expect(page.locator("main .messages")).to_have_count(0)
    # Put into the live region after loading, so it is spoken, and only once.
    page.wait_for_function("() => window.spoken.length > 0")
    assert spoken(page) == [message.inner_text()]
    assert_accessible(page)
    assert csp_violations(page) == []


def test_an_empty_comment_gets_the_designed_error_not_the_browser_bubble(
    page: Page, live_server, paragraph, resident
):
    login(page, live_server, resident)
    visit(page, f"{paragraph.get_absolute_url()}#comment-form")

    page.focus("#comment-text")
    tab_to(page, "#comment-form button[type=submit]", max_presses=1)
    # No bubble holds the form back: it is sent, and the form page explains the error.
    assert press_enter_and_wait(page) == 400
    expect(page.locator("#comment-error li")).not_to_be_empty()
    expect(page.locator("#comment-text")).to_have_attribute("aria-invalid", "true")
    assert is_focused(page, "#form-errors")
    assert not Comment.objects.filter(author=resident, parent=None).exists()
    assert_accessible(page)


def test_resident_replies_inline_and_an_empty_reply_is_refused_in_place(
    page: Page, live_server, paragraph, resident, other_resident
):
    page.add_init_script(RECORD_LIVE_TEXT)
    login(page, live_server, resident)
    visit(page, paragraph.get_absolute_url())
    root = root_comment(paragraph)
    field = f"#reply-{root.pk}-text"
    submit = f"[data-reply-box='{root.pk}'] button[type=submit]"

    tab_to(page, f"a[data-reply='{root.pk}']", max_presses=40)
    page.keyboard.press("Enter")
    expect(page.locator(field)).to_be_focused()

    # Sent empty: no bubble, the designed error in the form's slot, the focus in the field.
    tab_to(page, submit, max_presses=1)
    page.keyboard.press("Enter")
    expect(page.locator(f"#reply-{root.pk}-error li")).not_to_be_empty()
    expect(page.locator(field)).to_be_focused()
    expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.keyboard.type("Dem schließe ich mich an.")
    tab_to(page, submit, max_presses=1)
    page.keyboard.press("Enter")

    reply = page.locator(f"#c-{root.pk} + .comment-replies > li > article").last
    expect(reply).to_be_focused()
    message = reply.locator(".comment__message[role=status]")
    expect(message).not_to_be_empty()
    page.wait_for_function("() => window.spoken.length > 0")
    assert message.inner_text() in spoken(page)
    assert Comment.objects.filter(parent=root, author=resident).count() == 2
    assert_accessible(page)


def test_replies_are_nested_without_cards_and_reporting_is_quiet(
    page: Page, live_server, paragraph, resident, other_resident
):
    login(page, live_server, resident)
    visit(page, paragraph.get_absolute_url())
    root = root_comment(paragraph)
    reply = Comment.objects.get(parent=root)

    # One card per discussion: the item has the border, the replies only a rule on the left.
    assert style(page, ".comment-list > .comment-item", "border-top-width") == "1px"
    assert style(page, f"#c-{reply.pk}", "border-top-width") == "0px"
    assert style(page, f"#c-{reply.pk}", "border-left-width") == "0px"
    assert style(page, ".comment-replies", "border-left-width") == "3px"
    assert style(page, f"#c-{root.pk}", "border-top-width") == "0px"

    report = f"#c-{root.pk} a.comment__action--quiet[href*='/melden/']"
    answer = f"#c-{root.pk} a[data-reply='{root.pk}']"
    assert int(style(page, report, "font-weight")) < int(style(page, answer, "font-weight"))
    assert style(page, report, "color") != style(page, answer, "color")
    # The support count is not shown while there is none.
    expect(page.locator(f"#c-{root.pk} [data-support-count]")).to_be_hidden()


@pytest.mark.parametrize("width", [390, 1366])
def test_thread_has_no_accessibility_violations_and_no_overflow(
    page: Page, live_server, paragraph, width
):
    page.set_viewport_size({"width": width, "height": 900})
    visit(
        page,
        reverse(
            "guidelines:paragraph",
            kwargs={
                "slug": paragraph.version.document.slug,
                "pk": paragraph.version_id,
                "key": paragraph.key,
            },
        ),
    )

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
