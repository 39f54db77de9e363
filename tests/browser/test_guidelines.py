"""Guideline documents in the browser: axe on every page of a thread, and its journeys by keyboard.

Residents comment, reply (inline, with JavaScript), support and report with the keyboard
alone; a moderator hides a comment from the admin queue the same way. Elements are found
by id, name, href or data attribute, never by their wording, which translations may change.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import Page, expect

from guidelines.models import (
    Comment,
    HideReason,
    ModerationAction,
    Paragraph,
    Report,
    Support,
    Version,
)
from participation import roles
from participation.models import User
from tests.browser.conftest import BROWSER, axe_check, console_messages, csp_violations, login
from tests.conftest import make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = BROWSER

QUEUE_URL = "/admin/guidelines/comment/"
MODERATION_PERMISSIONS = [
    "guidelines.view_comment",
    "guidelines.change_comment",
    "guidelines.view_document",
    "guidelines.view_version",
    "guidelines.view_paragraph",
    "guidelines.view_report",
    "guidelines.view_moderationaction",
]
LONG_URL = "https://www.musterstadt.de/" + "beteiligung/leitlinien/" * 6 + "entwurf.pdf"

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    name: element.getAttribute("name") || "",
    href: element.getAttribute("href") || "",
    outline: style.outlineStyle,
    shadow: style.boxShadow,
  };
}"""


# --- keyboard helpers ------------------------------------------------------------------------


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(FOCUSED)


def is_focused(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def tab(page: Page, *, shift: bool = False) -> dict[str, str]:
    """Press Tab (or Shift+Tab); the newly focused element must show a visible focus."""
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    element = focused(page)
    assert element["outline"] != "none" or element["shadow"] != "none", (
        f"no visible focus on {element}"
    )
    return element


def tab_to(page: Page, selector: str, *, max_presses: int = 10, shift: bool = False) -> None:
    """Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(max_presses):
        tab(page, shift=shift)
        if is_focused(page, selector):
            return
    raise AssertionError(
        f"{selector!r} not reached in {max_presses} presses; focus on {focused(page)}"
    )


def skip_to_main(page: Page) -> None:
    tab_to(page, "a.skip-link", max_presses=1)
    page.keyboard.press("Enter")
    assert is_focused(page, "main#main")


def choose_option(page: Page, selector: str, value: str, *, max_presses: int = 10) -> None:
    """Pick ``value`` in the focused (closed) select with the arrow keys."""
    assert is_focused(page, selector)
    for _ in range(max_presses):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value!r} not reached in {selector!r}")


def press_enter_and_wait(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


# --- data ------------------------------------------------------------------------------------


@dataclass
class Thread:
    version: Version
    paragraph: Paragraph
    ben: Comment  # published, by another resident, with a reply by the resident
    reply: Comment
    hidden: Comment
    withdrawn: Comment

    @property
    def url(self) -> str:
        return self.paragraph.get_absolute_url()


@pytest.fixture
def thread(resident: User, other_resident: User) -> Thread:
    version = make_version(paragraphs=3, sections=2)
    paragraph = first_paragraph(version)
    now = timezone.now()
    ben = make_comment(
        paragraph,
        other_resident,
        "Vier Wochen sind zu kurz für eine Beteiligung.\nSiehe auch " + LONG_URL,
        created_at=now - timedelta(hours=3),
    )
    reply = make_comment(
        paragraph,
        resident,
        "Sechs Wochen wären besser.",
        parent=ben,
        created_at=now - timedelta(hours=2),
    )
    hidden = make_comment(
        paragraph,
        other_resident,
        "Ein beleidigender Text.",
        state=Comment.State.HIDDEN,
        hidden_reason=HideReason.INSULT,
        created_at=now - timedelta(hours=1),
    )
    withdrawn = make_comment(
        paragraph,
        other_resident,
        "Zurückgezogen.",
        withdrawn_at=now - timedelta(minutes=30),
        created_at=now - timedelta(minutes=50),
    )
    return Thread(version, paragraph, ben, reply, hidden, withdrawn)


@pytest.fixture
def moderator() -> User:
    """A moderator; the group is recreated because the live server's flushes remove it."""
    group, _created = Group.objects.get_or_create(name=roles.MODERATION)
    for name in MODERATION_PERMISSIONS:
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return make_user("mod@example.org", "Moderatorin", role=roles.MODERATION)


def visit(page: Page, path: str, *, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status


def assert_accessible(page: Page) -> None:
    axe_check(page)
    for m in csp_violations(page): print("CSP", page.url, m, console_messages(page)[0].location)
    print(page.content()) if csp_violations(page) else None
    assert csp_violations(page) == []


# --- axe -------------------------------------------------------------------------------------


def test_document_list_has_no_accessibility_violations(page):
    make_version()
    make_version(state=Version.State.CLOSED)
    make_version(
        state=Version.State.ADOPTED,
        decision_body="Rat der Stadt",
        decision_date=timezone.localdate(),
        decision_reference="0815/2024",
    )
    make_version(
        opens=timezone.now() + timedelta(days=3), closes=timezone.now() + timedelta(days=30)
    )

    visit(page, "/leitlinien/")

    expect(page.locator(".document-card")).to_have_count(4)
    assert_accessible(page)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "resident"])
def test_version_page_has_no_accessibility_violations(page, live_server, thread, resident, signed_in):
    if signed_in:
        login(page, live_server, resident)

    visit(page, thread.version.get_absolute_url())

    expect(page.locator(".paragraph")).to_have_count(3)
    assert_accessible(page)


def test_adopted_version_page_has_no_accessibility_violations(page):
    earlier = make_version(state=Version.State.CLOSED)
    version = make_version(
        document=earlier.document,
        state=Version.State.ADOPTED,
        label="Beschlossene Fassung",
        decision_body="Rat der Stadt",
        decision_date=timezone.localdate(),
        decision_reference="0815/2024",
        decision_url="https://www.musterstadt.de/ratsinfo/0815",
    )

    visit(page, version.get_absolute_url())

    expect(page.locator(".decision")).to_be_visible()
    expect(page.locator(".version-switch li")).to_have_count(2)
    assert_accessible(page)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "resident"])
def test_thread_has_no_accessibility_violations(page, live_server, thread, resident, signed_in):
    if signed_in:
        login(page, live_server, resident)

    visit(page, thread.url)

    for comment in (thread.ben, thread.reply, thread.hidden, thread.withdrawn):
        expect(page.locator(f"#c-{comment.pk}")).to_be_visible()
    expect(page.locator(f"#c-{thread.ben.pk} + .comment-replies #c-{thread.reply.pk}")).to_be_visible()
    expect(page.locator(f"#c-{thread.hidden.pk} .comment__text")).to_have_count(0)
    expect(page.locator(f"#c-{thread.withdrawn.pk} .comment__text")).to_have_count(0)
    expect(page.locator("#comment-text")).to_have_count(1 if signed_in else 0)
    if signed_in:
        expect(page.locator(f"#c-{thread.ben.pk} .support-button")).to_have_attribute(
            "aria-pressed", "false"
        )
    assert_accessible(page)


def test_comment_form_with_error_has_no_accessibility_violations(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.url + "kommentieren/")
    page.fill("#comment-text", "   \n  ")

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("main form.comment-form button[type=submit]").click()

    assert answer.value.status == 400
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#comment-error")).to_be_visible()
    expect(page.locator("#comment-text")).to_have_attribute("aria-invalid", "true")
    assert not Comment.objects.filter(author=resident, parent=None).exists()
    assert_accessible(page)


def test_report_form_with_error_has_no_accessibility_violations(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.url + f"kommentar/{thread.ben.pk}/melden/")
    assert_accessible(page)
    # Past the browser's own check of the required select, to see the server's answer.
    page.evaluate("document.querySelector('form.report-form').noValidate = true")

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("form.report-form button[type=submit]").click()

    assert answer.value.status == 400
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#report-error")).to_be_visible()
    expect(page.locator("#report-reason")).to_have_attribute("aria-invalid", "true")
    assert not Report.objects.exists()
    assert_accessible(page)


def test_moderation_queue_and_hide_confirmation_have_no_accessibility_violations(
    page, live_server, thread, moderator
):
    login(page, live_server, moderator)
    visit(page, QUEUE_URL)
    expect(page.locator("input[name=_selected_action]")).to_have_count(4)
    assert_accessible(page)

    page.check(f"input[name=_selected_action][value='{thread.ben.pk}']")
    page.select_option("select[name=action]", "hide")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    expect(page.locator("select[name=reason]")).to_be_visible()
    assert_accessible(page)

    # Without a reason the confirmation page comes back with the error.
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("form input[type=submit]").click()
    assert answer.value.status == 400
    expect(page.locator(".errorlist")).to_be_visible()
    assert_accessible(page)


def test_thread_reflows_without_horizontal_scrolling_at_320_px(page, live_server, thread, resident):
    login(page, live_server, resident)
    page.set_viewport_size({"width": 320, "height": 640})

    visit(page, thread.url)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320


# --- keyboard journeys -----------------------------------------------------------------------


def test_resident_comments_on_a_paragraph_by_keyboard_only(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.version.get_absolute_url())

    # From the version page to the paragraph's comment form.
    skip_to_main(page)
    tab_to(page, f"a[href='{thread.url}#comment-form']", max_presses=20)
    press_enter_and_wait(page)
    tab_to(page, "#comment-text")
    # A blank comment comes back on the form page with the message, nothing lost or saved.
    page.keyboard.type("   ")
    tab_to(page, "form.comment-form button[type=submit]", max_presses=1)
    press_enter_and_wait(page)
    expect(page.locator("#comment-error")).to_be_visible()
    assert not Comment.objects.filter(author=resident, parent=None).exists()

    tab_to(page, "#comment-text", max_presses=25)
    page.keyboard.press("Control+A")
    page.keyboard.type("Bitte auch Kinder und Jugendliche früh beteiligen.")
    tab_to(page, "form.comment-form button[type=submit]", max_presses=1)
    press_enter_and_wait(page)

    comment = Comment.objects.get(author=resident, parent=None)
    assert comment.text == "Bitte auch Kinder und Jugendliche früh beteiligen."
    assert comment.state == Comment.State.PUBLISHED
    assert page.url.endswith(f"#c-{comment.pk}")
    expect(page.locator(f"#c-{comment.pk} .comment__text")).to_have_text(comment.text)
    assert csp_violations(page) == []


def test_resident_replies_inline_by_keyboard_only(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.url)
    reply_link = f"a[data-reply='{thread.ben.pk}']"
    reply_text = f"#reply-{thread.ben.pk}-text"

    skip_to_main(page)
    tab_to(page, reply_link, max_presses=20)
    page.keyboard.press("Enter")

    # The reply form opens inline, without leaving the page, with the focus in it.
    expect(page.locator(reply_text)).to_be_focused()
    expect(page.locator(reply_link)).to_have_attribute("aria-expanded", "true")
    assert page.url.endswith(thread.url)
    # A blank reply is refused in place (the 400 is logged to the console by Chromium).
    page.keyboard.type("  ")
    tab_to(page, f"[data-reply-box='{thread.ben.pk}'] button[type=submit]", max_presses=1)
    page.keyboard.press("Enter")
    expect(page.locator(f"#reply-{thread.ben.pk}-error")).to_be_visible()
    expect(page.locator(reply_text)).to_be_focused()
    expect(page.locator(reply_text)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.keyboard.press("Control+A")
    page.keyboard.type("Da stimme ich zu.")
    tab_to(page, f"[data-reply-box='{thread.ben.pk}'] button[type=submit]", max_presses=1)
    page.keyboard.press("Enter")

    expect(page.locator(f"[data-reply-box='{thread.ben.pk}']")).to_have_count(0)
    reply = Comment.objects.get(parent=thread.ben, text="Da stimme ich zu.")
    assert (reply.author, reply.depth) == (resident, 1)
    new = page.locator(f"#c-{thread.ben.pk} + .comment-replies #c-{reply.pk}")
    expect(new).to_be_focused()
    expect(new.locator(".comment__text")).to_have_text("Da stimme ich zu.")
    expect(page.locator(reply_link)).to_have_attribute("aria-expanded", "false")
    assert page.url.endswith(thread.url)
    assert csp_violations(page) == []
    errors = [m.text for m in console_messages(page) if m.type == "error"]
    assert all("400" in text for text in errors), errors


def test_resident_supports_a_comment_by_keyboard_only(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.url)
    button = page.locator(f"#c-{thread.ben.pk} .support-button")
    count = page.locator(f"#c-{thread.ben.pk} [data-support-count]")
    before = count.inner_text()

    skip_to_main(page)
    tab_to(page, f"#c-{thread.ben.pk} .support-button", max_presses=20)
    page.keyboard.press("Enter")

    expect(button).to_have_attribute("aria-pressed", "true")
    expect(count).not_to_have_text(before)
    assert "1" in count.inner_text()
    assert Support.objects.filter(comment=thread.ben, user=resident).exists()
    assert Comment.objects.get(pk=thread.ben.pk).support_count == 1
    assert page.url.endswith(thread.url)
    assert is_focused(page, f"#c-{thread.ben.pk} .support-button")

    # Space toggles it back.
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(count).to_have_text(before)
    assert not Support.objects.filter(comment=thread.ben, user=resident).exists()
    assert Comment.objects.get(pk=thread.ben.pk).support_count == 0
    assert csp_violations(page) == []


def test_resident_reports_a_comment_by_keyboard_only(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.url)

    skip_to_main(page)
    tab_to(page, f"#c-{thread.ben.pk} a[href*='/kommentar/{thread.ben.pk}/melden/']", max_presses=20)
    press_enter_and_wait(page)
    tab_to(page, "#report-reason", max_presses=20)
    choose_option(page, "#report-reason", HideReason.PERSONAL_DATA)
    tab_to(page, "#report-details", max_presses=1)
    page.keyboard.type("Hier steht eine private Telefonnummer.")
    tab_to(page, "form.report-form button[type=submit]", max_presses=1)
    press_enter_and_wait(page)

    report = Report.objects.get(comment=thread.ben, reporter=resident)
    assert report.reason == HideReason.PERSONAL_DATA
    assert report.details == "Hier steht eine private Telefonnummer."
    assert page.url.endswith(f"#c-{thread.ben.pk}")
    expect(page.locator(f"#c-{thread.ben.pk} .comment__reported")).to_be_visible()
    expect(page.locator(f"#c-{thread.ben.pk} a[href*='/melden/']")).to_have_count(0)
    assert csp_violations(page) == []


def test_moderator_hides_a_comment_by_keyboard_only(page, live_server, thread, moderator):
    login(page, live_server, moderator)
    visit(page, QUEUE_URL)
    checkbox = f"input[name=_selected_action][value='{thread.ben.pk}']"

    tab_to(page, checkbox, max_presses=60)
    page.keyboard.press("Space")
    expect(page.locator(checkbox)).to_be_checked()
    # The actions sit above the list: back to the select, choose "hide", on to "Go".
    tab_to(page, "select[name=action]", max_presses=30, shift=True)
    choose_option(page, "select[name=action]", "hide")
    tab_to(page, "button[name=index]", max_presses=1)
    press_enter_and_wait(page)

    tab_to(page, "select[name=reason]", max_presses=60)
    choose_option(page, "select[name=reason]", HideReason.INSULT)
    tab_to(page, "textarea[name=note]", max_presses=1)
    page.keyboard.type("Beleidigung in Satz zwei.")
    tab_to(page, "input[type=submit]", max_presses=1)
    press_enter_and_wait(page)

    comment = Comment.objects.get(pk=thread.ben.pk)
    assert comment.state == Comment.State.HIDDEN
    assert comment.hidden_reason == HideReason.INSULT
    entry = ModerationAction.objects.get(comment=comment)
    assert (entry.action, entry.moderator, entry.reason, entry.note) == (
        ModerationAction.Action.HIDE,
        moderator,
        HideReason.INSULT,
        "Beleidigung in Satz zwei.",
    )
    assert page.url.endswith(QUEUE_URL)
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_zz_probe(page, live_server, thread, moderator):
    login(page, live_server, moderator)
    visit(page, QUEUE_URL)
    print("A", len(csp_violations(page)))
    page.check(f"input[name=_selected_action][value='{thread.ben.pk}']")
    print("B", len(csp_violations(page)))
    page.select_option("select[name=action]", "hide")
    print("C", len(csp_violations(page)))
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    page.wait_for_load_state("load")
    print("D", len(csp_violations(page)))
    from tests.browser.conftest import _axe
    page.evaluate("""() => { window.__styles = []; const o = Element.prototype.setAttribute;
      Element.prototype.setAttribute = function (n, v) { if (n === 'style') window.__styles.push(this.outerHTML.slice(0, 150) + ' :: ' + v + ' :: ' + new Error().stack.slice(0, 600)); return o.call(this, n, v); };
      const ih = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
      Object.defineProperty(Element.prototype, 'innerHTML', {set(v){ if (/style=/.test(v)) window.__styles.push('innerHTML ' + v.slice(0,300) + new Error().stack.slice(0,600)); return ih.set.call(this, v);}, get(){return ih.get.call(this);}});
    }""")
    r = _axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a"]}, "resultTypes": ["violations"]})
    print("E", len(csp_violations(page)), len(r.response["violations"]))
    for x in page.evaluate("window.__styles"): print(x)
    assert 0
