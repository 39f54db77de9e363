"""Rückmeldung in the browser: the commented version, the thread with responses, the evaluation.

axe on the public commented version (with its charts and table) and on the evaluation in
admin; an editor answers two comments at once with the keyboard alone. Elements are found
by id, name or href, never by their wording.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from guidelines import responses
from guidelines.models import Comment, Disposition, Paragraph, Response, Version
from participation import roles
from participation.models import User
from tests.browser.conftest import BROWSER, login
from tests.browser.helpers import assert_accessible, recreate_role, tab_to, visit
from tests.conftest import make_user
from tests.guidelines.factories import first_paragraph, make_comment, make_people, make_version

pytestmark = BROWSER

EDITORIAL_PERMISSIONS = [
    f"guidelines.{verb}_{model}"
    for model in ("response", "comment", "version", "paragraph", "document")
    for verb in ("view", "add")
] + ["guidelines.change_response", "guidelines.change_version"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Consultation:
    version: Version
    paragraph: Paragraph
    comments: list[Comment]  # on § 1: two open, one answered, one reply, one hidden

    @property
    def commented_url(self) -> str:
        return reverse("guidelines:commented", args=[self.version.document.slug, self.version.pk])

    @property
    def evaluation_url(self) -> str:
        return reverse(
            "admin:guidelines_response_evaluate_paragraph",
            args=[self.version.pk, self.paragraph.key],
        )


@pytest.fixture
def consultation() -> Consultation:
    version = make_version(state=Version.State.CLOSED, sections=2, paragraphs=4)
    paragraph = first_paragraph(version)
    anna, ben = make_people(2)
    first = make_comment(paragraph, anna, "Bitte früher über Vorhaben informieren.")
    comments = [
        first,
        make_comment(paragraph, ben, "Mehr Termine am Abend, bitte."),
        make_comment(paragraph, anna, "Online-Beteiligung auch ohne Konto."),
        make_comment(paragraph, ben, "Genau, früher wäre besser.", parent=first),
        make_comment(paragraph, ben, "Beleidigung", state=Comment.State.HIDDEN, hidden_reason="1"),
    ]
    third = version.paragraphs.get(order=3)
    make_comment(third, anna, "Kapitel zwei braucht Beispiele.")
    responses.respond(
        version=version,
        comments=[comments[2]],
        disposition=Disposition.PARTLY,
        reasoning="Wir prüfen eine Beteiligung **ohne Konto** für Umfragen.",
        answered_by="Stadtverwaltung, Referat Bürgerbeteiligung",
    )
    return Consultation(version, paragraph, comments)


@pytest.fixture
def editor() -> User:
    """An editor; the group is recreated because the live server's flushes remove it."""
    recreate_role(roles.EDITORIAL, EDITORIAL_PERMISSIONS)
    return make_user("red@example.org", "Redakteur", role=roles.EDITORIAL)


# --- the commented version --------------------------------------------------------------------


def test_commented_version_has_no_accessibility_violations(page, consultation):
    responses.publish_commented_version(version=consultation.version)

    visit(page, consultation.commented_url)

    expect(page.locator("[role=img][aria-labelledby]")).to_have_count(2)
    expect(page.locator("table caption")).to_be_visible()
    expect(page.locator(".response")).to_have_count(1)
    assert_accessible(page)


def test_commented_version_filtered_by_disposition_has_no_accessibility_violations(
    page, consultation
):
    responses.publish_commented_version(version=consultation.version)
    visit(page, consultation.commented_url)

    page.select_option("select[name=disposition]", Disposition.PARTLY)
    with page.expect_navigation():
        page.locator(".commented-filter button[type=submit]").click()

    expect(page.locator("article.comment")).to_have_count(1)
    expect(page.locator(f"#c-{consultation.comments[2].pk} .response")).to_be_visible()
    assert_accessible(page)

    visit(page, consultation.commented_url + "?disposition=unbekannt", status=400)
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)


def test_commented_version_reflows_without_horizontal_scrolling_at_320_px(page, consultation):
    responses.publish_commented_version(version=consultation.version)
    page.set_viewport_size({"width": 320, "height": 640})

    visit(page, consultation.commented_url)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_thread_with_responses_has_no_accessibility_violations(page, consultation):
    responses.publish_commented_version(version=consultation.version)

    visit(page, consultation.paragraph.get_absolute_url())

    expect(page.locator(f"#c-{consultation.comments[2].pk} .response")).to_be_visible()
    assert_accessible(page)


# --- the evaluation ---------------------------------------------------------------------------


def test_evaluation_has_no_accessibility_violations(page, live_server, consultation, editor):
    login(page, live_server, editor)

    visit(page, consultation.evaluation_url)
    expect(page.locator("input[name=comments]")).to_have_count(5)
    assert_accessible(page)

    # Saving without a selection comes back with the error, nothing saved.
    page.select_option("select[name=disposition]", Disposition.NOTED)
    with page.expect_navigation() as navigation:
        page.locator("input[type=submit].default").click()
    assert navigation.value is not None
    assert navigation.value.status == 400
    expect(page.locator("#comments-error")).to_be_visible()
    assert Response.objects.count() == 1
    assert_accessible(page)

    visit(page, reverse("admin:guidelines_response_publish", args=[consultation.version.pk]))
    assert_accessible(page)


def test_editor_answers_two_comments_by_keyboard_only(page, live_server, consultation, editor):
    first, second = consultation.comments[0], consultation.comments[1]
    reasoning = "Wir laden künftig früher und auch abends ein."
    login(page, live_server, editor)
    visit(page, consultation.evaluation_url)

    tab_to(page, f"#select-{first.pk}", max_presses=80)
    page.keyboard.press("Space")
    expect(page.locator(f"#select-{first.pk}")).to_be_checked()
    tab_to(page, f"#select-{second.pk}", max_presses=3)
    page.keyboard.press("Space")
    expect(page.locator(f"#select-{second.pk}")).to_be_checked()

    tab_to(page, "select[name=disposition]", max_presses=10)
    for _ in range(len(Disposition.values)):
        if page.evaluate("() => document.activeElement.value") == Disposition.ADOPTED:
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "textarea[name=reasoning]", max_presses=1)
    page.keyboard.type(reasoning)
    tab_to(page, "input[type=submit].default", max_presses=5)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value is not None
    assert navigation.value.status == 200

    made = Response.objects.filter(comment__in=[first, second]).order_by("comment_id")
    assert [(r.comment_id, r.disposition, r.reasoning) for r in made] == [
        (first.pk, Disposition.ADOPTED, reasoning),
        (second.pk, Disposition.ADOPTED, reasoning),
    ]
    assert {r.author for r in made} == {editor}
    assert page.url.endswith(consultation.evaluation_url)
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(f"#c-{first.pk} .evaluation-comment__response")).to_be_visible()
