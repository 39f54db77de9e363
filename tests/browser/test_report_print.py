"""The accountability report printed as a council annex (#12 item 4): the demo's answered
consultation, printed by Chromium to an A4 PDF as a reader's "Print" does it, then read
back page by page (``pdf_layout``).

What the printout must be: compact (a page budget per 100 comments), no page less than
half used except the last, the title and "page / pages" in every page's margin, no
address after every reference, and a first page with the figures and the contents.
"""

import math
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from guidelines import demo_evaluation
from guidelines.models import Comment, Version
from participation import roles
from tests.browser.conftest import BROWSER, axe_check
from tests.browser.helpers import recreate_role
from tests.browser.pdf_layout import read
from tests.guidelines.factories import make_version

pytestmark = BROWSER

# Measured: 22 pages for the demo's 86 comments and replies (docs/performance.md).
PAGES_PER_100_COMMENTS = 30


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def consultation(settings) -> Version:
    for role in roles.ROLES:  # the demo's staff accounts join them; the report needs none
        recreate_role(role, [])
    settings.DEBUG = True  # seed_demo refuses to run otherwise (published passwords)
    call_command("seed_demo", stdout=StringIO())
    return Version.objects.select_related("document").get(label=demo_evaluation.CLOSED_LABEL)


def report_url(version: Version) -> str:
    return reverse(
        "guidelines:version_report", kwargs={"slug": version.document.slug, "pk": version.pk}
    )


@pytest.fixture
def printed(page: Page, consultation: Version):
    response = page.goto(report_url(consultation))
    assert response is not None
    assert response.status == 200
    return read(page.pdf(format="A4", prefer_css_page_size=True))


def test_demo_report_prints_within_its_budget_with_no_page_half_empty(printed, consultation):
    comments = Comment.objects.filter(
        paragraph__version=consultation, state__in=Comment.PUBLICLY_LISTED
    ).count()
    assert comments >= 80  # the demo's answered consultation
    used = [round(page.used, 2) for page in printed]

    assert len(printed) <= math.ceil(comments * PAGES_PER_100_COMMENTS / 100)
    assert all(share >= 0.5 for share in used[:-1]), used
    assert 0 < used[-1] <= 1


def test_pages_carry_title_and_number_but_no_address_after_every_reference(printed, consultation):
    title = squeeze(consultation.document.title)
    total = len(printed)

    for number, page in enumerate(printed, start=1):
        margin = squeeze(" ".join(page.lines(page.margin)))
        assert title in margin, (number, margin)
        assert margin.endswith(f"{number}/{total}"), (number, margin)
        # and the margins stay margins: nothing of the document is drawn in them
        top, bottom = page.area
        assert all(top <= at <= bottom for at, _text in page.body)

    body = [line for page in printed for line in page.lines(page.body)]

    addresses = [line for line in body if "http" in line]
    # Only the report's own address, once, in its facts on the first page.
    assert len(addresses) == 1, addresses
    assert squeeze(report_url(consultation)) in squeeze("".join(printed[0].lines(printed[0].body)))


def test_first_page_summarises_figures_and_contents_and_chapters_run_on(
    page: Page, printed, consultation
):
    first = squeeze("".join(printed[0].lines(printed[0].body)))
    cells = page.locator(".report__summary table :is(th, td)").all_inner_texts()

    assert len(cells) > 40  # the figures, the dispositions and a row per chapter
    # word by word: a cell that wraps shares its lines with the cells beside it
    assert [word for cell in cells for word in cell.split() if word not in first] == []
    # Chapters start after the summary, where the one before ends: with a page break
    # before each, every chapter heading would be its page's first line.
    headings = [squeeze(s.heading) for s in consultation.sections.order_by("order")]
    starts = [
        (number, index == 0)
        for number, printed_page in enumerate(printed)
        for index, line in enumerate(printed_page.lines(printed_page.body))
        if squeeze(line) in headings
    ]
    assert len(starts) == len(headings)
    assert starts[0] == (1, True)  # right after the summary page
    assert not all(first_line for _number, first_line in starts[1:])
    page.emulate_media(media="print")
    breaks = page.locator(".report-chapter").evaluate_all(
        "sections => sections.map(s => getComputedStyle(s).breakBefore)"
    )
    assert set(breaks) == {"auto"}


def test_the_pdf_reader_tells_a_short_page_from_a_full_one(page: Page):
    page.set_content(
        "<style>@page { size: A4; margin: 20mm; @bottom-right { content: counter(page) } }"
        " p { margin: 0; height: 100mm; border-bottom: 1px solid }"
        " .full { break-before: page; height: 240mm }</style>"
        "<p>Oben</p><p class=full>Voll</p>"
    )

    short, full = read(page.pdf(format="A4", prefer_css_page_size=True))

    assert [short.lines(short.body), full.lines(full.body)] == [["Oben"], ["Voll"]]
    assert 0.35 < short.used < 0.45  # 100 mm of 257 mm, to its bottom border
    assert 0.9 < full.used < 0.97  # 240 mm
    assert [short.lines(short.margin), full.lines(full.margin)] == [["1"], ["2"]]


def test_an_export_without_comments_is_an_accessible_page_saying_why(page: Page):
    version = make_version(state=Version.State.CONSULTATION)

    response = page.goto(
        reverse("guidelines:export_csv", kwargs={"slug": version.document.slug, "pk": version.pk})
    )

    assert response is not None
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/html")
    expect(page.locator("[data-export-empty]")).to_be_visible()
    axe_check(page)
