"""The accountability report in the browser: axe in German and English, and its printout.

Elements are found by class, id or data attribute, never by their wording.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from guidelines.models import Disposition, Response, Version
from tests.browser.conftest import BROWSER, axe_check, csp_violations
from tests.guidelines.factories import make_comment, make_people, make_version

pytestmark = BROWSER

LONG_URL = "https://www.musterstadt.de/" + "beteiligung/leitlinien/" * 6 + "entwurf.pdf"
TITLE = re.compile("\\S.* \N{EN DASH} Stadtdialog Musterstadt")


@pytest.fixture
def consultation(transactional_db) -> Version:
    """Two chapters, comments of every public kind, replies and published responses."""
    version = make_version(
        state=Version.State.CLOSED,
        sections=2,
        paragraphs=4,
        opens=timezone.now() - timedelta(days=30),
        closes=timezone.now() - timedelta(days=2),
        responses_published_at=timezone.now() - timedelta(days=1),
    )
    anna, ben = make_people(2)
    for paragraph in version.paragraphs.order_by("order")[:3]:
        first = make_comment(paragraph, anna, f"Anregung zu § {paragraph.order}: {LONG_URL}")
        make_comment(paragraph, ben, "Sehe ich genauso.", parent=first)
        make_comment(paragraph, ben, "Unsachlich.", state="hidden", hidden_reason="5")
        make_comment(paragraph, anna, "Zurückgezogen.", withdrawn_at=timezone.now())
        Response.objects.create(
            comment=first,
            disposition=Disposition.PARTLY,
            reasoning=f"Wir haben den Absatz ergänzt, siehe [Begründung]({LONG_URL}).",
            answered_by="Stadtverwaltung, Referat Bürgerbeteiligung",
        )
    return version


def report_url(version: Version) -> str:
    return reverse(
        "guidelines:version_report", kwargs={"slug": version.document.slug, "pk": version.pk}
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_report_has_no_accessibility_violations(page: Page, live_server, consultation, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )

    response = page.goto(report_url(consultation))

    assert response is not None
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page).to_have_title(TITLE)
    expect(page.locator(".report-chapter")).to_have_count(2)
    expect(page.locator("button[data-print]")).to_be_visible()  # shown by print.js
    axe_check(page)
    assert csp_violations(page) == []


def test_report_prints_without_navigation_after_a_summary_page(page: Page, consultation):
    page.goto(report_url(consultation))
    page.emulate_media(media="print")

    for hidden in [".site-header", ".site-footer", ".breadcrumbs", ".report__print"]:
        expect(page.locator(hidden)).to_be_hidden()
    summary = page.locator(".report__summary")
    assert summary.evaluate("e => getComputedStyle(e).breakAfter") == "page"
    chapter = page.locator(".report-chapter").first
    assert chapter.evaluate("e => getComputedStyle(e).breakBefore") == "auto"
    # A link in the city's text keeps its address on paper; paragraph numbers do not.
    link = page.locator(".report-response__reasoning a").first
    printed = link.evaluate("e => getComputedStyle(e, '::after').content")
    assert LONG_URL in printed
    number = page.locator(".report-paragraph h3 a").first
    assert number.evaluate("e => getComputedStyle(e, '::after').content") == "none"
    axe_check(page)

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    # The title, figures and contents, then the two chapters running on.
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 2


def test_version_page_with_report_and_download_links_has_no_violations(page: Page, consultation):
    response = page.goto(consultation.get_absolute_url())

    assert response is not None
    assert response.status == 200
    expect(page.locator(f'a[href="{report_url(consultation)}"]')).to_be_visible()
    axe_check(page)
