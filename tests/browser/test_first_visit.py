"""A first visit (issue 14): from the start page to the open draft in one click, in Chromium.

The start page and the version page are checked with axe at a phone's and a laptop's
width; the accountability report and the commented version's figures at 320 px.
Elements are found by class, id or address, never by their wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from guidelines import responses
from guidelines.models import Comment, Disposition, Document, Paragraph, Version
from participation.models import User
from tests.browser.conftest import BROWSER, login
from tests.browser.helpers import assert_accessible, visit
from tests.guidelines.factories import make_comment, make_people, make_version

pytestmark = BROWSER

WIDTHS = [390, 1366]
LONG_URL = "https://www.musterstadt.de/" + "beteiligung/leitlinien/" * 6 + "entwurf.pdf"


@dataclass
class Consultations:
    running: Version
    closed: Version
    adopted: Version


@pytest.fixture
def consultations(transactional_db) -> Consultations:
    """An open draft with comments; an earlier consultation, answered, and its adopted text."""
    document = Document.objects.create(
        title="Leitlinien für Bürgerbeteiligung",
        slug="leitlinien",
        summary="Wie Stadtrat, Verwaltung und Einwohnerschaft gemeinsam planen.",
    )
    closed = make_version(
        document=document,
        state=Version.State.CLOSED,
        label="Entwurf März 2026",
        sections=2,
        paragraphs=4,
        opens=timezone.now() - timedelta(days=60),
        closes=timezone.now() - timedelta(days=30),
    )
    anna, ben = make_people(2)
    for paragraph in closed.paragraphs.order_by("order")[:3]:
        make_comment(paragraph, anna, f"Anregung zu {paragraph.order}: {LONG_URL}")
        make_comment(paragraph, ben, "Unsachlich.", state=Comment.State.HIDDEN, hidden_reason="5")
    responses.respond(
        version=closed,
        comments=list(Comment.objects.filter(paragraph__version=closed, author=anna)),
        disposition=Disposition.PARTLY,
        reasoning=f"Wir haben den Absatz ergänzt, siehe [Begründung]({LONG_URL}).",
        answered_by="Stadtverwaltung, Referat Bürgerbeteiligung",
    )
    responses.publish_commented_version(version=closed)
    adopted = make_version(
        document=document,
        state=Version.State.ADOPTED,
        label="Beschlossene Fassung",
        sections=2,
        paragraphs=4,
        based_on=closed,
        decision_body="Stadtrat",
        decision_date=timezone.localdate(),
    )
    running = make_version(
        document=Document.objects.create(title="Radverkehrskonzept", slug="radverkehr"),
        label="Entwurf Dezember 2026",
        sections=2,
        paragraphs=4,
    )
    make_comment(running.paragraphs.get(order=1), anna, "Mehr Abstellplätze am Bahnhof.")
    return Consultations(running=running, closed=closed, adopted=adopted)


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_one_click_from_the_start_page_reaches_the_open_draft(
    page: Page, consultations: Consultations, width: int
):
    page.set_viewport_size({"width": width, "height": 900})
    running = consultations.running

    visit(page, "/")
    assert no_horizontal_overflow(page)
    assert_accessible(page)
    page.locator(".consultation-card--open a.button").click()

    page.wait_for_url(f"**{running.get_absolute_url()}#text")
    expect(page.locator("#text")).to_be_in_viewport()
    comment_links = page.locator("#text a[href$='#comment-form']")
    expect(comment_links).to_have_count(running.paragraphs.count())
    expect(comment_links.first).to_be_visible()
    assert no_horizontal_overflow(page)
    assert_accessible(page)


def test_signed_in_resident_finds_the_comment_form_behind_the_paragraphs_link(
    page: Page, live_server, consultations: Consultations, resident: User
):
    login(page, live_server, resident)
    visit(page, "/")

    page.locator(".consultation-card--open a.button").click()
    page.locator("#text a[href$='#comment-form']").first.click()

    first = Paragraph.objects.get(version=consultations.running, order=1)
    page.wait_for_url(f"**{first.get_absolute_url()}#comment-form")
    expect(page.locator("#comment-form textarea[name=text]")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_adopted_version_reads_text_first_and_passes_axe(
    page: Page, consultations: Consultations, width: int
):
    page.set_viewport_size({"width": width, "height": 900})

    visit(page, consultations.adopted.get_absolute_url())

    expect(page.locator("a[href$='#comment-form']")).to_have_count(0)
    text_top = page.locator("#text").bounding_box()
    downloads_top = page.locator(".downloads").bounding_box()
    assert text_top is not None
    assert downloads_top is not None
    assert text_top["y"] < downloads_top["y"]
    assert no_horizontal_overflow(page)
    assert_accessible(page)


def test_accountability_report_reflows_at_320_px(page: Page, consultations: Consultations):
    page.set_viewport_size({"width": 320, "height": 640})
    closed = consultations.closed

    visit(page, reverse("guidelines:version_report", args=[closed.document.slug, closed.pk]))

    assert no_horizontal_overflow(page)
    # Tables fit, or scroll inside a focusable region that fits and says so.
    for table in page.locator(".report table").all():
        scrolls = table.evaluate("table => Boolean(table.closest('.table-scroll'))")
        box = table.locator("xpath=..").bounding_box() if scrolls else table.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 320
        if scrolls:
            region = table.locator("xpath=..")
            expect(region).to_have_attribute("tabindex", "0")
            hint = "#" + (region.get_attribute("aria-describedby") or "")
            expect(page.locator(hint)).to_be_visible()
    assert_accessible(page)


def test_wide_statistics_table_scrolls_in_a_labelled_region_with_a_visible_hint(
    page: Page, consultations: Consultations
):
    page.set_viewport_size({"width": 390, "height": 800})
    closed = consultations.closed

    visit(page, reverse("guidelines:commented", args=[closed.document.slug, closed.pk]))

    region = page.locator(".commented-stats .table-scroll")
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region.locator("table caption")).to_be_visible()
    hint = page.locator("#" + (region.get_attribute("aria-describedby") or ""))
    expect(hint).to_be_visible()
    assert no_horizontal_overflow(page)
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be animated: wait for it to move.
    region.evaluate(
        """element => new Promise((resolve, reject) => {
            const started = Date.now();
            (function check() {
                if (element.scrollLeft > 0) return resolve();
                if (Date.now() - started > 3000) return reject(new Error("did not scroll"));
                requestAnimationFrame(check);
            })();
        })"""
    )
    assert_accessible(page)

    page.set_viewport_size({"width": 1366, "height": 800})
    expect(hint).to_be_hidden()
    assert region.evaluate("element => element.scrollWidth <= element.clientWidth")
