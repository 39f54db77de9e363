"""The adopted version with "What has changed?" and the comparison page, in Chromium with axe.

Every ``<details>`` is opened before axe runs, so that the diff's colours are checked too.
Elements are found by id, class, name or href, never by their wording.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from guidelines.models import Comment, Paragraph, Response, Section, Version
from participation.models import User
from tests.browser.conftest import BROWSER, axe_check, csp_violations
from tests.guidelines.factories import make_comment, make_version

pytestmark = BROWSER

LANGUAGES = ["de", "en"]


@dataclass
class Adoption:
    draft: Version
    adopted: Version
    comment: Comment

    @property
    def compare_path(self) -> str:
        return reverse("guidelines:compare", kwargs={"slug": self.draft.document.slug})


@pytest.fixture
def adoption(resident: User, other_resident: User) -> Adoption:
    """A closed draft with answered comments, and the adopted version based on it."""
    draft = make_version(
        state=Version.State.CLOSED, label="Entwurf März 2024", paragraphs=5, sections=2
    )
    adopted = make_version(
        document=draft.document,
        state=Version.State.ADOPTED,
        label="Beschlossene Fassung",
        paragraphs=5,
        sections=2,
        based_on=draft,
        decision_body="Stadtrat",
        decision_date=timezone.localdate(),
    )
    changed = Paragraph.objects.get(version=adopted, key="p001")
    changed.text = "Absatz 1: Die Stadt informiert **rechtzeitig** über alle Vorhaben & Pläne."
    changed.save()
    Paragraph.objects.filter(version=adopted, key="p004").delete()
    Paragraph.objects.create(
        version=adopted,
        section=Section.objects.get(version=adopted, key="s2"),
        order=6,
        key="neu",
        text="Ein Beteiligungsbeirat berät die Stadt.",
    )
    source = Paragraph.objects.get(version=draft, key="p001")
    comment = make_comment(source, resident, "„Frühzeitig“ ist zu ungenau.")
    hidden = make_comment(source, other_resident, "Verborgen", state=Comment.State.HIDDEN)
    for answered, disposition in ((comment, "adopted"), (hidden, "noted")):
        response = Response.objects.create(
            comment=answered,
            disposition=disposition,
            reasoning="Wir haben den Absatz präzisiert.",
            answered_by="Stadtverwaltung",
        )
        response.result_paragraphs.add(changed)
    Version.objects.filter(pk=draft.pk).update(
        responses_published_at=timezone.now() - timedelta(minutes=5)
    )
    return Adoption(draft, adopted, comment)


def visit(page: Page, live_server, path: str, *, language: str, status: int = 200) -> None:
    if language != "de":
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", language)


def open_all_details(page: Page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


@pytest.mark.parametrize("language", LANGUAGES)
def test_adopted_version_with_its_changes_has_no_accessibility_violations(
    page, live_server, adoption, language
):
    visit(page, live_server, adoption.adopted.get_absolute_url(), language=language)

    changes = page.locator("details.changes")
    expect(changes).to_have_count(2)  # § 1 changed (with comments), the new paragraph
    open_all_details(page)
    diff = page.locator("#changes-p001 .diff")
    expect(diff.locator("del").first).to_be_visible()
    expect(diff.locator("ins").first).to_be_visible()
    expect(
        page.locator(f'#changes-p001 a[href="{adoption.comment.get_absolute_url()}"]')
    ).to_be_visible()
    # Not by colour alone: struck through and underlined.
    assert "line-through" in diff.locator("del").first.evaluate(
        "(e) => getComputedStyle(e).textDecorationLine"
    )
    assert "underline" in diff.locator("ins").first.evaluate(
        "(e) => getComputedStyle(e).textDecorationLine"
    )
    axe_check(page)
    assert csp_violations(page) == []


def test_what_has_changed_opens_by_keyboard(page, live_server, adoption):
    visit(page, live_server, adoption.adopted.get_absolute_url(), language="de")
    summary = page.locator("#changes-p001 > summary")

    summary.focus()
    page.keyboard.press("Enter")

    expect(page.locator("#changes-p001")).to_have_attribute("open", "")
    expect(page.locator("#changes-p001 del span.visually-hidden").first).to_have_text("gelöscht: ")
    expect(page.locator("#changes-p001 ins span.visually-hidden").first).to_have_text("eingefügt: ")


@pytest.mark.parametrize("language", LANGUAGES)
def test_comparison_page_has_no_accessibility_violations(page, live_server, adoption, language):
    visit(page, live_server, adoption.compare_path, language=language)

    expect(page.locator("article.compare-paragraph--changed")).to_have_count(1)
    expect(page.locator("article.compare-paragraph--removed")).to_have_count(1)
    expect(page.locator("article.compare-paragraph--added")).to_have_count(1)
    open_all_details(page)
    axe_check(page)
    assert csp_violations(page) == []


def test_versions_are_chosen_with_the_form_without_javascript(browser, live_server, adoption):
    context = browser.new_context(
        locale="de-DE", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(adoption.compare_path)
        page.select_option("#compare-from", str(adoption.adopted.pk))
        page.select_option("#compare-to", str(adoption.draft.pk))
        with page.expect_navigation():
            page.locator("form.compare-form button[type=submit]").click()

        query = parse_qs(urlparse(page.url).query)
        assert query == {"von": [str(adoption.adopted.pk)], "zu": [str(adoption.draft.pk)]}
        # The other way round: the draft's § 4 is new, the adopted version's new one removed.
        expect(page.locator("article.compare-paragraph--added")).to_have_count(1)
        expect(page.locator("article.compare-paragraph--removed")).to_have_count(1)
    finally:
        context.close()


def test_refused_comparison_has_no_accessibility_violations(page, live_server, adoption):
    other = make_version(state=Version.State.ADOPTED, label="Andere Leitlinie")
    path = f"{adoption.compare_path}?von={adoption.draft.pk}&zu={other.pk}"

    visit(page, live_server, path, language="de", status=400)

    expect(page.locator(".notice--error[role=alert]")).to_be_visible()
    assert page.title().startswith("Fehler:")
    axe_check(page)
