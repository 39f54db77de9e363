"""The staff area in the browser: axe on every page staff work on, the queue and the version
page at 1366 px, the paragraph picker, the reasoning preview and dismissing reports by
keyboard, with and without JavaScript.

Staff sign in through the site's login like everyone. Elements are found by id, name or
href, never by their wording, which translations may change.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from guidelines import responses
from guidelines.models import (
    Comment,
    Disposition,
    HideReason,
    ModerationAction,
    Paragraph,
    Report,
    Response,
    Section,
    Version,
)
from participation import roles
from participation.models import User
from tests.browser.conftest import BROWSER, TIMEOUT_MS, login
from tests.browser.helpers import assert_accessible, recreate_role, tab_to, visit
from tests.browser.test_guidelines import choose_option, press_enter_and_wait
from tests.conftest import PASSWORD, make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_people, make_version

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
EDITORIAL_PERMISSIONS = [
    f"guidelines.{verb}_{model}"
    for model in ("response", "comment", "version", "paragraph", "document")
    for verb in ("view", "add")
] + ["guidelines.change_response", "guidelines.change_version"]
AUTHORING_PERMISSIONS = [
    f"guidelines.{verb}_{model}"
    for model in ("document", "version", "section", "paragraph")
    for verb in ("view", "add", "change", "delete")
]
WIDE = {"width": 1366, "height": 900}
LONG_TITLE = "Leitlinien für eine verbindliche Bürgerbeteiligung in der Stadt Musterstadt"
LONG_URL = "https://www.musterstadt.de/" + "beteiligung/leitlinien/" * 4 + "entwurf.pdf"

# Ids that an aria-describedby or aria-labelledby names but the page does not have.
MISSING_REFERENCES = """() => [...document.querySelectorAll('[aria-describedby],[aria-labelledby]')]
  .flatMap((element) => ['aria-describedby', 'aria-labelledby']
    .flatMap((name) => (element.getAttribute(name) || '').split(/\\s+/).filter(Boolean)
      .filter((id) => !document.getElementById(id))
      .map((id) => `${element.id || element.tagName}: ${name}=${id}`)))"""

NO_OVERFLOW = """() => [document.documentElement, ...document.querySelectorAll('.results')]
  .filter((box) => box.scrollWidth > box.clientWidth)
  .map((box) => `${box.className || box.tagName}: ${box.scrollWidth} > ${box.clientWidth}`)"""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def moderator() -> User:
    recreate_role(roles.MODERATION, MODERATION_PERMISSIONS)
    return make_user("mod@example.org", "Moderatorin", role=roles.MODERATION)


@pytest.fixture
def editor() -> User:
    recreate_role(roles.EDITORIAL, EDITORIAL_PERMISSIONS)
    return make_user("red@example.org", "Redakteur", role=roles.EDITORIAL)


@pytest.fixture
def author() -> User:
    """An editor who writes documents (the group's permissions from its data migration)."""
    recreate_role(roles.EDITORIAL, AUTHORING_PERMISSIONS)
    return make_user("autorin@example.org", "Autorin", role=roles.EDITORIAL)


@pytest.fixture
def superuser() -> User:
    return make_user("admin@example.org", "Plattform-Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def queue() -> list[Comment]:
    """Sixty comments as a busy consultation has them: long names, words and labels."""
    version = make_version(
        sections=3, paragraphs=30, label="Entwurf März 2026 – zweite überarbeitete Fassung"
    )
    version.document.title = LONG_TITLE
    version.document.save(update_fields=["title"])
    paragraphs = list(Paragraph.objects.filter(version=version).order_by("order"))
    people = make_people(6, prefix="Bürgerinitiative Innenstadt")  # 40 characters at most
    states = [Comment.State.PENDING, Comment.State.HELD, Comment.State.PUBLISHED]
    now = timezone.now()
    made = [
        make_comment(
            paragraphs[n % len(paragraphs)],
            people[n % len(people)],
            f"Kommentar {n}: Die Verwaltungsvorschriftenänderungsbekanntmachung steht unter "
            f"{LONG_URL} und sollte früher veröffentlicht werden.",
            state=states[n % 3],
            report_count=n % 4,
            created_at=now - timedelta(hours=n),
        )
        for n in range(60)
    ]
    for comment in made[:5]:
        Report.objects.create(comment=comment, reporter=people[5], reason=HideReason.SPAM)
    return made


@pytest.fixture
def evaluation(editor) -> tuple[Version, Comment]:
    """A closed consultation with an adopted version to point responses at."""
    closed = make_version(state=Version.State.CLOSED, sections=2, paragraphs=4)
    make_version(
        state=Version.State.ADOPTED,
        document=closed.document,
        label="Beschlossene Fassung",
        sections=3,
        paragraphs=12,
    )
    anna, ben = make_people(2)
    paragraph = first_paragraph(closed)
    first = make_comment(paragraph, anna, "Bitte früher über Vorhaben informieren.")
    make_comment(paragraph, ben, "Mehr Termine am Abend.")
    return closed, first


def evaluation_url(version: Version) -> str:
    return reverse(
        "admin:guidelines_response_evaluate_paragraph",
        args=[version.pk, first_paragraph(version).key],
    )


def reauthenticate_if_asked(page: Page) -> None:
    if "/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()


def assert_no_horizontal_overflow(page: Page) -> None:
    assert page.evaluate(NO_OVERFLOW) == []


def assert_references_exist(page: Page) -> None:
    assert page.evaluate(MISSING_REFERENCES) == []


@pytest.fixture
def long_version() -> Version:
    """A version as the demo's: long section titles, paragraphs and keys, which widened the
    page to 1569 px at 1366."""
    version = make_version(sections=12, paragraphs=24)
    for section in Section.objects.filter(version=version):
        section.title = f"{section.order}. Büro für Bürgerbeteiligung und Ressourcen der Stadt"
        section.save(update_fields=["title"])
    for paragraph in Paragraph.objects.filter(version=version):
        paragraph.key = f"buergerbeteiligung-grundsaetze-{paragraph.order}"
        paragraph.text = "Musterstadt lebt vom Engagement ihrer Einwohnerinnen und Einwohner. " * 5
        paragraph.save(update_fields=["key", "text"])
    return version


# --- axe on every staff page ------------------------------------------------------------------


def test_moderation_pages_have_no_accessibility_violations_and_fit_1366_px(
    page, live_server, moderator, queue
):
    page.set_viewport_size(WIDE)
    login(page, live_server, moderator)

    for path in (
        reverse("admin:index"),
        QUEUE_URL,
        QUEUE_URL + "?queue=all",
        QUEUE_URL + "?queue=reported",
        reverse("admin:guidelines_comment_change", args=[queue[0].pk]),
    ):
        visit(page, path)
        assert_accessible(page)
        assert_no_horizontal_overflow(page)

    # The queue opens on what needs a decision: pending, held, and reported ones.
    visit(page, QUEUE_URL)
    expected = Comment.objects.filter(state__in=["pending", "held"]).count() + sum(
        1 for c in queue if c.state == "published" and c.report_count
    )
    expect(page.locator("input[name=_selected_action]")).to_have_count(min(expected, 50))
    expect(page.locator(".queue-nav a[aria-current=page]")).to_have_attribute(
        "href", "?queue=action"
    )
    # The document's title once above the list, not in every row.
    expect(page.locator(".listed-document")).to_contain_text(LONG_TITLE)
    expect(page.locator("#result_list")).not_to_contain_text(LONG_TITLE)


def test_evaluation_and_response_pages_have_no_accessibility_violations(
    page, live_server, editor, evaluation
):
    closed, first = evaluation
    responses.respond(
        version=closed,
        comments=[first],
        disposition=Disposition.PARTLY,
        reasoning="Wir prüfen das **gern**.",
        answered_by="Referat Bürgerbeteiligung",
        result_paragraphs=[Paragraph.objects.filter(version__state="adopted").first()],
    )
    page.set_viewport_size(WIDE)
    login(page, live_server, editor)

    for path in (
        reverse("admin:index"),
        evaluation_url(closed),
        reverse("admin:guidelines_response_changelist"),
        reverse("admin:guidelines_response_change", args=[Response.objects.get().pk]),
    ):
        visit(page, path)
        assert_accessible(page)
        assert_no_horizontal_overflow(page)

    # On the response page the script shows the picker's filter and the preview button.
    expect(page.locator(".paragraph-picker__filter")).to_be_visible()
    expect(page.locator("input[name=result_paragraphs]:checked")).to_have_count(1)
    page.locator("button[name=_preview]").click()
    expect(page.locator("#id_reasoning_preview strong")).to_have_text("gern")
    assert_accessible(page)


def test_account_and_user_pages_of_a_superuser_have_no_accessibility_violations(
    page, live_server, superuser, moderator
):
    page.set_viewport_size(WIDE)
    login(page, live_server, superuser)

    # Second factors are managed on the site's account pages, not in the admin.
    for path in ("/konto/2fa/", "/konto/2fa/totp/activate/"):
        page.goto(path)
        reauthenticate_if_asked(page)
        assert page.url.endswith(path)
        assert_accessible(page)
    expect(page.locator("main input[name=code]")).to_be_visible()
    visit(page, "/admin/mfa/authenticator/", status=404)

    # The two-box choosers of groups and permissions: their filter fields are named
    # without aria-label on a role-less span.
    for path in (
        reverse("admin:auth_group_change", args=[moderator.groups.get().pk]),
        reverse("admin:participation_user_change", args=[moderator.pk]),
    ):
        visit(page, path)
        page.wait_for_load_state("load")
        expect(page.locator(".selector-filter input").first).to_be_visible()
        expect(page.locator("span.search-label-icon[aria-label]")).to_have_count(0)
        assert_accessible(page)


# --- the picker and the preview by keyboard ----------------------------------------------------


def test_editor_picks_a_result_paragraph_and_previews_the_reasoning_by_keyboard(
    page, live_server, editor, evaluation
):
    closed, first = evaluation
    target = Paragraph.objects.get(version__state="adopted", order=7)
    login(page, live_server, editor)
    visit(page, evaluation_url(closed))

    tab_to(page, f"#select-{first.pk}", max_presses=80)
    page.keyboard.press("Space")
    tab_to(page, "select[name=disposition]", max_presses=10)
    for _ in range(len(Disposition.values)):
        if page.evaluate("() => document.activeElement.value") == Disposition.ADOPTED:
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "textarea[name=reasoning]", max_presses=1)
    page.keyboard.type("Wir laden **früher** ein.")
    # The preview button follows the field; the preview takes the focus.
    tab_to(page, "button[name=_preview]", max_presses=1)
    page.keyboard.press("Enter")
    expect(page.locator("#id_reasoning_preview")).to_be_focused()
    expect(page.locator("#id_reasoning_preview strong")).to_have_text("früher")
    assert page.url.endswith(evaluation_url(closed)), "no reload: the script asked the server"

    tab_to(page, "#id_result_paragraphs_filter", max_presses=10)
    page.keyboard.type("Absatz 7")
    expect(page.locator(".paragraph-picker li:visible")).to_have_count(1)
    expect(page.locator("#id_result_paragraphs_count")).not_to_be_empty()
    # Enter in the filter field does not send the form.
    page.keyboard.press("Enter")
    assert not Response.objects.exists()
    tab_to(page, f"input[name=result_paragraphs][value='{target.pk}']", max_presses=1)
    page.keyboard.press("Space")
    assert_accessible(page)

    tab_to(page, "input[type=submit].default", max_presses=5)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value is not None
    assert navigation.value.status == 200

    made = Response.objects.get()
    assert (made.comment_id, made.reasoning) == (first.pk, "Wir laden **früher** ein.")
    assert list(made.result_paragraphs.all()) == [target]


def test_picker_and_preview_work_without_javascript(
    browser: Browser, live_server, editor, evaluation
):
    closed, first = evaluation
    target = Paragraph.objects.get(version__state="adopted", order=2)
    context = browser.new_context(
        locale="de-DE", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        login(page, live_server, editor)
        visit(page, evaluation_url(closed))
        expect(page.locator(".paragraph-picker__filter")).to_be_hidden()
        expect(page.locator("input[name=result_paragraphs]")).to_have_count(12)

        page.check(f"#select-{first.pk}")
        page.fill("textarea[name=reasoning]", "Siehe [Beschluss](https://www.musterstadt.de/).")
        page.check(f"input[name=result_paragraphs][value='{target.pk}']")
        with page.expect_navigation() as navigation:
            page.locator("button[name=_preview]").click()
        assert navigation.value is not None
        assert navigation.value.status == 200
        assert page.url.endswith("#id_reasoning_preview")

        # The server rendered the preview; everything typed and ticked is still there.
        expect(page.locator("#id_reasoning_preview a")).to_have_attribute(
            "href", "https://www.musterstadt.de/"
        )
        expect(page.locator(f"#select-{first.pk}")).to_be_checked()
        expect(page.locator(f"input[name=result_paragraphs][value='{target.pk}']")).to_be_checked()
        assert not Response.objects.exists()
    finally:
        context.close()


def test_version_page_fits_1366_px_and_names_only_ids_it_has(
    page, live_server, author, long_version
):
    page.set_viewport_size(WIDE)
    login(page, live_server, author)

    visit(page, reverse("admin:guidelines_version_change", args=[long_version.pk]))

    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDE["width"]
    assert_references_exist(page)
    assert_accessible(page)
    # A row added with "add another" describes its fields by its own help texts, not by
    # those of the hidden template row.
    page.locator("#paragraphs-group .add-row a").click()
    added = page.locator("#id_paragraphs-24-order")
    expect(added).to_be_visible()
    expect(added).to_have_attribute("aria-describedby", "id_paragraphs-24-order_helptext")
    assert_references_exist(page)


def test_board_meeting_add_page_labels_its_date_and_time_inputs(page, live_server, superuser):
    page.set_viewport_size(WIDE)
    login(page, live_server, superuser)

    visit(page, reverse("admin:participation_meeting_add"))

    for name in ("starts_at", "ends_at"):
        for part in (0, 1):
            expect(page.locator(f"label[for=id_{name}_{part}]")).to_be_visible()
    assert_references_exist(page)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_moderator_dismisses_the_reports_on_a_comment_by_keyboard(
    page, live_server, moderator, queue
):
    comment = next(c for c in queue[:5] if c.state == Comment.State.PUBLISHED)
    checkbox = f"input[name=_selected_action][value='{comment.pk}']"
    page.set_viewport_size(WIDE)
    login(page, live_server, moderator)
    visit(page, QUEUE_URL + "?queue=reported")

    tab_to(page, checkbox, max_presses=80)
    page.keyboard.press("Space")
    tab_to(page, "select[name=action]", max_presses=30, shift=True)
    choose_option(page, "select[name=action]", "dismiss")
    tab_to(page, "button[name=index]", max_presses=1)
    assert press_enter_and_wait(page) == 200

    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(checkbox)).to_have_count(0)
    assert_accessible(page)
    comment.refresh_from_db()
    assert comment.state == Comment.State.PUBLISHED
    entry = ModerationAction.objects.get(comment=comment)
    assert (entry.action, entry.moderator) == (ModerationAction.Action.DISMISS, moderator)
