"""Guideline documents in the browser: axe on every page of a thread, and its journeys by keyboard.

Residents comment, reply (inline, with JavaScript), support and report with the keyboard
alone; a moderator hides a comment from the admin queue the same way. Elements are found
by id, name, href or data attribute, never by their wording, which translations may change.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
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
from tests.browser.conftest import BROWSER, console_messages, csp_violations, login
from tests.browser.helpers import (
    assert_accessible,
    is_focused,
    recreate_role,
    tab_to,
    visit,
)
from tests.conftest import make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = BROWSER

QUEUE_URL = reverse("admin:guidelines_comment_changelist")
MODERATION_PERMISSIONS = [
    "guidelines.view_comment",
    "guidelines.change_comment",
    "guidelines.view_document",
    "guidelines.view_version",
    "guidelines.view_paragraph",
    "guidelines.view_report",
    "guidelines.view_moderationaction",
]
HIDDEN_TEXT = "Ein beleidigender Text."
WITHDRAWN_TEXT = "Das nehme ich zurück."
LONG_URL = "https://www.musterstadt.de/" + "beteiligung/leitlinien/" * 6 + "entwurf.pdf"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Users are made and signed in for nearly every test here; hashing is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- keyboard helpers ------------------------------------------------------------------------


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


def mark_document(page: Page) -> None:
    """Tag the loaded document, to tell later that an action did not reload the page."""
    page.evaluate("() => { window.keptDocument = true; }")


def assert_same_document(page: Page) -> None:
    assert page.evaluate("() => window.keptDocument === true"), "the page was reloaded"


def press_enter_and_wait(page: Page) -> int:
    """Press Enter on a link or submit button; the status of the page it leads to."""
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    response = navigation.value
    assert response is not None
    return response.status


# --- data ------------------------------------------------------------------------------------


@dataclass
class Thread:
    version: Version
    paragraph: Paragraph
    ben: Comment  # published, by the other resident, with a reply by the resident
    reply: Comment
    hidden: Comment
    withdrawn: Comment

    @property
    def url(self) -> str:
        return self.paragraph.get_absolute_url()

    def action_url(self, name: str, comment: Comment | None = None) -> str:
        """The form page ``name`` (comment, reply, edit, withdraw, report) of this thread."""
        kwargs = {
            "slug": self.version.document.slug,
            "pk": self.version.pk,
            "key": self.paragraph.key,
        }
        if comment is not None:
            kwargs["comment_id"] = comment.pk
        return reverse(f"guidelines:{name}", kwargs=kwargs)


@pytest.fixture
def thread(resident: User, other_resident: User) -> Thread:
    """§ 1 of a version in consultation: a comment with a reply, a hidden and a withdrawn one."""
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
        HIDDEN_TEXT,
        state=Comment.State.HIDDEN,
        hidden_reason=HideReason.INSULT,
        created_at=now - timedelta(hours=1),
    )
    withdrawn = make_comment(
        paragraph,
        other_resident,
        WITHDRAWN_TEXT,
        withdrawn_at=now - timedelta(minutes=30),
        created_at=now - timedelta(minutes=50),
    )
    return Thread(version, paragraph, ben, reply, hidden, withdrawn)


@pytest.fixture
def moderator() -> User:
    """A moderator; the group is recreated because the live server's flushes remove it."""
    recreate_role(roles.MODERATION, MODERATION_PERMISSIONS)
    return make_user("mod@example.org", "Moderatorin", role=roles.MODERATION)


def console_errors(page: Page) -> list[str]:
    return [m.text for m in console_messages(page) if m.type == "error"]


# --- axe: reading ------------------------------------------------------------------------


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

    visit(page, reverse("guidelines:document_list"))

    expect(page.locator(".document-card")).to_have_count(4)
    expect(page.locator(".state-badge")).to_have_count(4)
    assert_accessible(page)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "resident"])
def test_version_page_has_no_accessibility_violations(
    page, live_server, thread, resident, signed_in
):
    if signed_in:
        login(page, live_server, resident)

    visit(page, thread.version.get_absolute_url())

    expect(page.locator(".toc li")).to_have_count(2)
    expect(page.locator(".paragraph")).to_have_count(3)
    expect(page.locator(f"a[href='{thread.url}#comment-form']")).to_have_count(1)
    expect(page.locator(".follow-form")).to_have_count(1 if signed_in else 0)
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
    expect(
        page.locator(f"#c-{thread.ben.pk} + .comment-replies #c-{thread.reply.pk}")
    ).to_be_visible()
    for gone in (thread.hidden, thread.withdrawn):
        expect(page.locator(f"#c-{gone.pk} .comment__text")).to_have_count(0)
        expect(page.locator(f"#c-{gone.pk} .comment__notice")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(HIDDEN_TEXT)
    expect(page.locator("main")).not_to_contain_text(WITHDRAWN_TEXT)
    expect(
        page.locator(f"#c-{thread.hidden.pk} a[href$='#h-grund-{HideReason.INSULT}']")
    ).to_be_visible()
    expect(page.locator("#comment-text")).to_have_count(1 if signed_in else 0)
    expect(page.locator(".support-button")).to_have_count(1 if signed_in else 0)
    assert_accessible(page)


# --- axe: forms ----------------------------------------------------------------------------


def test_form_pages_have_no_accessibility_violations(page, live_server, thread, resident):
    own = make_comment(thread.paragraph, resident, "Gerade geschrieben.")  # still editable
    login(page, live_server, resident)

    for path in (
        thread.action_url("comment"),
        thread.action_url("reply", thread.ben),
        thread.action_url("edit", own),
        thread.action_url("withdraw", thread.reply),
        thread.action_url("report", thread.ben),
    ):
        visit(page, path)
        expect(page.locator("main form[method=post]")).to_have_count(1)
        assert_accessible(page)

    # A refused action (the edit window of this reply has passed) gets a short page.
    visit(page, thread.action_url("edit", thread.reply), status=400)
    expect(page.locator("main [role=alert]")).not_to_be_empty()
    assert_accessible(page)


def test_comment_form_with_error_has_no_accessibility_violations(
    page, live_server, thread, resident
):
    login(page, live_server, resident)
    visit(page, thread.action_url("comment"))
    page.fill("#comment-text", "   \n  ")

    with page.expect_navigation() as navigation:
        page.locator("main form.comment-form button[type=submit]").click()

    assert navigation.value is not None
    assert navigation.value.status == 400
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#comment-error")).not_to_be_empty()
    expect(page.locator("#comment-text")).to_have_attribute("aria-invalid", "true")
    assert not Comment.objects.filter(author=resident, parent=None).exists()
    assert_accessible(page)


def test_report_form_with_error_has_no_accessibility_violations(
    page, live_server, thread, resident
):
    login(page, live_server, resident)
    visit(page, thread.action_url("report", thread.ben))
    # Past the browser's own check of the required select, to get the server's answer.
    page.evaluate("() => { document.querySelector('form.report-form').noValidate = true; }")

    with page.expect_navigation() as navigation:
        page.locator("form.report-form button[type=submit]").click()

    assert navigation.value is not None
    assert navigation.value.status == 400
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#report-error")).not_to_be_empty()
    expect(page.locator("#report-reason")).to_have_attribute("aria-invalid", "true")
    assert not Report.objects.exists()
    assert_accessible(page)


def test_moderation_queue_and_hide_confirmation_have_no_accessibility_violations(
    page, live_server, thread, moderator
):
    login(page, live_server, moderator)
    visit(page, QUEUE_URL + "?queue=all")
    expect(page.locator("input[name=_selected_action]")).to_have_count(4)
    assert_accessible(page)

    page.check(f"input[name=_selected_action][value='{thread.ben.pk}']")
    page.select_option("select[name=action]", "hide")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    expect(page.locator("select[name=reason]")).to_be_visible()
    assert_accessible(page)

    # Without a reason the confirmation page comes back with the error.
    with page.expect_navigation() as navigation:
        page.locator("#content-main form input[type=submit]").click()
    assert navigation.value is not None
    assert navigation.value.status == 400
    expect(page.locator(".errorlist")).to_be_visible()
    assert Comment.objects.get(pk=thread.ben.pk).state == Comment.State.PUBLISHED
    assert_accessible(page)


# --- reflow --------------------------------------------------------------------------------


def test_thread_reflows_without_horizontal_scrolling_at_320_px(page, live_server, thread, resident):
    make_comment(thread.paragraph, resident, "Noch eine Ebene tiefer.", parent=thread.reply)
    login(page, live_server, resident)
    page.set_viewport_size({"width": 320, "height": 640})

    visit(page, thread.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # Also with an inline reply form open one level down.
    page.focus(f"a[data-reply='{thread.reply.pk}']")
    page.keyboard.press("Enter")
    expect(page.locator(f"#reply-{thread.reply.pk}-text")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


# --- keyboard journeys -----------------------------------------------------------------------


def test_resident_comments_on_a_paragraph_by_keyboard_only(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.version.get_absolute_url())
    text = "Bitte auch Kinder und Jugendliche früh beteiligen."

    # From the version page, "Comment" below § 1 leads into the thread's form.
    skip_to_main(page)
    tab_to(page, f"a[href='{thread.url}#comment-form']", max_presses=20)
    assert press_enter_and_wait(page) == 200
    tab_to(page, "#comment-text", max_presses=1)
    # A blank comment comes back on the form page with the message; nothing is saved.
    page.keyboard.type("   ")
    tab_to(page, "form.comment-form button[type=submit]", max_presses=1)
    assert press_enter_and_wait(page) == 400
    expect(page.locator("#comment-error")).not_to_be_empty()
    assert not Comment.objects.filter(author=resident, parent=None).exists()

    # The error summary takes the focus; its link leads to the field.
    assert is_focused(page, "#form-errors")
    tab_to(page, "#form-errors a[href='#comment-text']", max_presses=20)
    page.keyboard.press("Enter")
    expect(page.locator("#comment-text")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    tab_to(page, "form.comment-form button[type=submit]", max_presses=1)
    assert press_enter_and_wait(page) == 200

    comment = Comment.objects.get(author=resident, parent=None)
    assert (comment.text, comment.state) == (text, Comment.State.PUBLISHED)
    assert page.url.endswith(f"{thread.url}?c={comment.pk}#c-{comment.pk}")
    expect(page.locator(f"#c-{comment.pk} .comment__text")).to_have_text(text)
    expect(page.locator(f"#c-{comment.pk} .comment__message[role=status]")).not_to_be_empty()
    assert csp_violations(page) == []


def test_resident_replies_inline_by_keyboard_only(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.url)
    link = f"a[data-reply='{thread.ben.pk}']"
    field = f"#reply-{thread.ben.pk}-text"
    submit = f"[data-reply-box='{thread.ben.pk}'] button[type=submit]"
    text = "Da stimme ich zu."

    skip_to_main(page)
    mark_document(page)
    tab_to(page, link, max_presses=20)
    page.keyboard.press("Enter")

    # The reply form opens in place, below the comment, with the focus in its field.
    expect(page.locator(field)).to_be_focused()
    expect(page.locator(link)).to_have_attribute("aria-expanded", "true")
    assert_same_document(page)
    # A blank reply is refused in place. (Chromium logs the JSON 400 as a console error.)
    page.keyboard.type("  ")
    tab_to(page, submit, max_presses=1)
    page.keyboard.press("Enter")
    expect(page.locator(f"#reply-{thread.ben.pk}-error")).not_to_be_empty()
    expect(page.locator(field)).to_be_focused()
    expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    tab_to(page, submit, max_presses=1)
    page.keyboard.press("Enter")

    # The reply appears below the comment and takes the focus; the form is gone.
    expect(page.locator(f"[data-reply-box='{thread.ben.pk}']")).to_have_count(0)
    reply = Comment.objects.get(parent=thread.ben, author=resident, text=text)
    assert (reply.depth, reply.state) == (1, Comment.State.PUBLISHED)
    new = page.locator(f"#c-{thread.ben.pk} + .comment-replies #c-{reply.pk}")
    expect(new).to_be_focused()
    expect(new.locator(".comment__text")).to_have_text(text)
    expect(page.locator(link)).to_have_attribute("aria-expanded", "false")
    expect(new.locator(".comment__message[role=status]")).not_to_be_empty()
    assert_same_document(page)
    assert csp_violations(page) == []
    assert all("400" in error for error in console_errors(page)), console_errors(page)


def test_resident_supports_a_comment_by_keyboard_only(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.url)
    button = page.locator(f"#c-{thread.ben.pk} .support-button")
    count = page.locator(f"#c-{thread.ben.pk} [data-support-count]")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(count).to_be_hidden()  # no "0 supports"

    skip_to_main(page)
    mark_document(page)
    tab_to(page, f"#c-{thread.ben.pk} .support-button", max_presses=20)
    page.keyboard.press("Enter")

    expect(button).to_have_attribute("aria-pressed", "true")
    expect(count).to_be_visible()
    assert "1" in count.inner_text()
    expect(page.locator(f"#c-{thread.ben.pk} .comment__message[role=status]")).not_to_be_empty()
    assert Support.objects.filter(comment=thread.ben, user=resident).count() == 1
    assert Comment.objects.get(pk=thread.ben.pk).support_count == 1
    assert is_focused(page, f"#c-{thread.ben.pk} .support-button")
    assert_same_document(page)

    # Space takes the support back.
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(count).to_be_hidden()
    assert not Support.objects.filter(comment=thread.ben, user=resident).exists()
    assert Comment.objects.get(pk=thread.ben.pk).support_count == 0
    assert_same_document(page)
    assert csp_violations(page) == []
    assert console_errors(page) == []


def test_resident_reports_a_comment_by_keyboard_only(page, live_server, thread, resident):
    login(page, live_server, resident)
    visit(page, thread.url)
    details = "Hier steht eine private Telefonnummer."

    skip_to_main(page)
    tab_to(page, f"a[href^='{thread.action_url('report', thread.ben)}']", max_presses=20)
    assert press_enter_and_wait(page) == 200
    tab_to(page, "#report-reason", max_presses=20)
    choose_option(page, "#report-reason", HideReason.PERSONAL_DATA)
    tab_to(page, "#report-details", max_presses=1)
    page.keyboard.type(details)
    tab_to(page, "form.report-form button[type=submit]", max_presses=1)
    assert press_enter_and_wait(page) == 200

    report = Report.objects.get(comment=thread.ben, reporter=resident)
    assert (report.reason, report.details) == (HideReason.PERSONAL_DATA, details)
    assert page.url.endswith(f"{thread.url}?c={thread.ben.pk}#c-{thread.ben.pk}")
    expect(page.locator(f"#c-{thread.ben.pk} .comment__reported")).to_be_visible()
    expect(page.locator(f"#c-{thread.ben.pk} a[href*='/melden/']")).to_have_count(0)
    expect(page.locator(f"#c-{thread.ben.pk} .comment__message[role=status]")).not_to_be_empty()
    assert csp_violations(page) == []


def test_moderator_hides_a_comment_by_keyboard_only(page, live_server, thread, moderator):
    login(page, live_server, moderator)
    visit(page, QUEUE_URL + "?queue=all")
    checkbox = f"input[name=_selected_action][value='{thread.ben.pk}']"
    note = "Beleidigung in Satz zwei."

    tab_to(page, checkbox, max_presses=60)
    page.keyboard.press("Space")
    expect(page.locator(checkbox)).to_be_checked()
    # The actions sit above the list: back to the select, choose "hide", on to "Go".
    tab_to(page, "select[name=action]", max_presses=30, shift=True)
    choose_option(page, "select[name=action]", "hide")
    tab_to(page, "button[name=index]", max_presses=1)
    assert press_enter_and_wait(page) == 200

    # The confirmation page asks for the public reason and takes a private note.
    tab_to(page, "select[name=reason]", max_presses=60)
    choose_option(page, "select[name=reason]", HideReason.INSULT)
    tab_to(page, "textarea[name=note]", max_presses=1)
    page.keyboard.type(note)
    tab_to(page, "#content-main input[type=submit]", max_presses=1)
    assert press_enter_and_wait(page) == 200

    comment = Comment.objects.get(pk=thread.ben.pk)
    assert (comment.state, comment.hidden_reason) == (Comment.State.HIDDEN, HideReason.INSULT)
    entry = ModerationAction.objects.get()
    assert (entry.comment, entry.action, entry.moderator, entry.reason, entry.note) == (
        comment,
        ModerationAction.Action.HIDE,
        moderator,
        HideReason.INSULT,
        note,
    )
    assert page.url.endswith(QUEUE_URL + "?queue=all")
    expect(page.locator(".messagelist .success")).to_be_visible()

    # The public now sees the notice with the reason instead of the text.
    visit(page, thread.url)
    expect(page.locator(f"#c-{comment.pk} .comment__text")).to_have_count(0)
    expect(page.locator(f"#c-{comment.pk} a[href$='#h-grund-{HideReason.INSULT}']")).to_be_visible()
