"""Layout at a small phone's, a phone's, a tablet's and a laptop's width (#14 item 10, #12 item 3).

The main pages with the demo's content, and the answered consultation's commented version
and report, must not scroll sideways nor have anything stick out of the screen (a wide table
scrolls inside its own region instead); ``main`` keeps its space below the header; a table of
contents does not number headings that carry their own numbers ("1. 1. Präambel"); the skip
link puts the focus on ``main`` without drawing a frame around the whole content; tables in
staff text keep their words whole. "Mein Konto" of a demo resident with answered comments
and a followed document fits as well; the moderation queue in the admin fits a laptop.

With ``SCREENSHOT_DIR`` set, every page is also saved there as ``<page>-<width>.png``
(what the screen shows, not the whole page: the first screen, or for "Mein Konto" the one
with the city's answers and the follows); docs/screenshots/ is made that way.
"""

from __future__ import annotations

import os
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from guidelines import demo_text
from guidelines.demo_evaluation import CLOSED_LABEL
from guidelines.models import Comment, HideReason, Paragraph, Report, Version
from participation import roles
from participation.models import User
from participation.notifications import set_follow
from tests.browser.conftest import BROWSER, login
from tests.browser.helpers import assert_accessible, is_focused, recreate_role, tab, visit
from tests.browser.test_staff_pages import (
    MODERATION_PERMISSIONS,
    QUEUE_URL,
    assert_no_horizontal_overflow,
)
from tests.conftest import PASSWORD
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = BROWSER

# Width → height of a typical screen of that width.
SCREENS = {320: 640, 390: 844, 768: 1024, 1366: 768}
# main's padding-top (1.5rem) between the header and the page's first heading.
HEADER_GAP_PX = 24

PAGE_SCROLLS_SIDEWAYS = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)
PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} px`);
  }
  // Inside a box that scrolls or clips, content may be wider than the screen.
  const clipped = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || clipped(element)) continue;
    if (box.left < -0.5 || box.right > root.clientWidth + 0.5) {
      const name = [element.tagName.toLowerCase(), ...element.classList].join(".");
      problems.push(`${name} sticks out: ${Math.round(box.left)}…${Math.round(box.right)} px`);
    }
  }
  // A paragraph's label ("Abs. 30") beside or above its text, never on it.
  for (const label of document.querySelectorAll(".paragraph__permalink")) {
    const paragraph = label.closest(".paragraph");
    const text = paragraph.querySelector(".paragraph__text").getBoundingClientRect();
    const box = label.getBoundingClientRect();
    if (box.width && box.right > text.left && box.bottom > text.top) {
      problems.push(`label on the text of ${paragraph.id}`);
    }
  }
  const header = document.querySelector(".site-header").getBoundingClientRect();
  const heading = document.querySelector("main h1").getBoundingClientRect();
  if (heading.top - header.bottom < GAP) {
    problems.push(`h1 only ${heading.top - header.bottom} px below the header`);
  }
  // A list number before an entry that starts with its own number: "1. 1. Präambel".
  for (const item of document.querySelectorAll("ol > li")) {
    const style = getComputedStyle(item);
    if (style.display !== "list-item" || style.listStyleType === "none") continue;
    const text = item.textContent.trim();
    if (/^(§\\s*)?\\d+(\\.\\d+)*\\.?(\\s|$)/.test(text)) {
      problems.push(`numbered twice: "${style.listStyleType}" before "${text.slice(0, 40)}"`);
    }
  }
  return problems;
}""".replace("GAP", str(HEADER_GAP_PX))


@pytest.fixture
def demo_pages(settings) -> dict[str, str]:
    """The demo's content (seed_demo), and a page of each kind to look at, by name."""
    for role in roles.ROLES:  # the demo's staff accounts join them
        recreate_role(role, [])
    settings.DEBUG = True  # seed_demo refuses to run otherwise (published passwords)
    call_command("seed_demo", stdout=StringIO())
    draft = Version.objects.select_related("document").get(label=demo_text.VERSION_LABEL)
    answered = {"slug": draft.document.slug, "pk": Version.objects.get(label=CLOSED_LABEL).pk}
    discussed = (
        Paragraph.objects.filter(version=draft)
        .annotate(comment_total=Count("comments"))
        .order_by("-comment_total", "order")
        .first()
    )
    assert discussed is not None
    thread = reverse(
        "guidelines:paragraph",
        kwargs={"slug": draft.document.slug, "pk": draft.pk, "key": discussed.key},
    )
    return {
        "start": reverse("participation:home"),
        "documents": reverse("guidelines:document_list"),
        "version": draft.get_absolute_url(),
        "thread": thread,
        "commented": reverse("guidelines:commented", kwargs=answered),
        "report": reverse("guidelines:version_report", kwargs=answered),
        "vorhabenliste": reverse("projects:project_list"),
        "board": reverse("participation:board"),
        "sign-in": reverse("account_login"),
    }


def save_screenshot(page: Page, name: str, width: int) -> None:
    """What the screen shows, as ``<name>-<width>.png`` in ``SCREENSHOT_DIR`` if set."""
    screenshots = os.environ.get("SCREENSHOT_DIR")
    if screenshots:
        Path(screenshots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(screenshots) / f"{name}-{width}.png"))


def sign_in_as(page: Page, live_server, email: str) -> None:
    """Sign a demo account in through the login form, which types the tests' password."""
    page.context.clear_cookies()
    user = User.objects.get(email=email)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    login(page, live_server, user)


def queue_to_decide(draft: Version) -> None:
    """Besides the demo's reported comments: two awaiting approval and one held after reports."""
    residents = {u.display_name: u for u in User.objects.filter(email__startswith="demo-")}
    paragraphs = list(Paragraph.objects.filter(version=draft).order_by("order")[:6])
    now = timezone.now()
    for name, paragraph, text, hours_ago in (
        (
            "Helga R.",
            paragraphs[2],
            "Bitte die Termine auch im Amtsblatt und als Aushang im Stadtteilbüro "
            "bekannt machen – nicht alle sind im Internet unterwegs.",
            5,
        ),
        (
            "Tobias W.",
            paragraphs[4],
            "Gibt es die Unterlagen auch als barrierefreies PDF? Mein Vorleseprogramm "
            "kommt mit den eingescannten Plänen nicht zurecht.",
            2,
        ),
    ):
        make_comment(
            paragraph,
            residents[name],
            text,
            state=Comment.State.PENDING,
            created_at=now - timedelta(hours=hours_ago),
        )
    held = make_comment(
        paragraphs[5],
        residents["Sparfuchs"],
        "Wer hier mitredet, ist sowieso immer derselbe Klüngel. Spart euch das Geld!",
        state=Comment.State.HELD,
        report_count=3,
        created_at=now - timedelta(hours=20),
    )
    Report.objects.bulk_create(
        Report(comment=held, reporter=residents[name], reason=HideReason.SPAM)
        for name in ("Jutta vom Marktplatz", "Kathrin P.", "Gerd aus der Nordstadt")
    )


@pytest.mark.parametrize("width", SCREENS)
def test_pages_fit_the_screen_keep_their_spacing_and_number_contents_once(
    page: Page, demo_pages: dict[str, str], width: int
):
    page.set_viewport_size({"width": width, "height": SCREENS[width]})
    problems = []

    for name, path in demo_pages.items():
        visit(page, path)
        problems += [f"{name} at {width} px: {problem}" for problem in page.evaluate(PROBLEMS)]
        save_screenshot(page, name, width)

    assert problems == []
    # The contents checked above are the demo's numbered chapters.
    page.goto(demo_pages["version"])
    expect(page.locator(".toc li").first).to_have_text(demo_text.CHAPTERS[0].title)


@pytest.mark.parametrize("width", SCREENS)
def test_my_account_and_the_moderation_queue_fit_the_screen(
    page: Page, live_server, demo_pages: dict[str, str], width: int
):
    draft = Version.objects.get(label=demo_text.VERSION_LABEL)
    anna = User.objects.get(email=demo_text.RESIDENTS["anna"].email)
    set_follow(user=anna, target=draft.document, follow=True)
    recreate_role(roles.MODERATION, MODERATION_PERMISSIONS)
    queue_to_decide(draft)
    page.set_viewport_size({"width": width, "height": SCREENS[width]})

    sign_in_as(page, live_server, anna.email)
    visit(page, reverse("participation:account"))  # again, without the greeting
    expect(page.locator("#follows li")).to_contain_text(draft.document.title)
    expect(page.locator(".my-comment .response").first).to_be_visible()
    assert page.evaluate(PROBLEMS) == []
    # Anna's newest comments are on the open draft; the picture shows the end of the list,
    # her oldest comments with the city's answers, and what she follows.
    page.locator("#follows ul").evaluate("(list) => list.scrollIntoView({block: 'end'})")
    save_screenshot(page, "account", width)

    sign_in_as(page, live_server, "moderation@example.org")
    visit(page, QUEUE_URL)
    expect(page.locator("#result_list")).to_contain_text("Klüngel")
    # The list, a table of six columns, fits a laptop; narrower, it scrolls inside its
    # own region (the admin's ".results"), but the page never scrolls sideways.
    assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS)
    if width == 1366:
        assert_no_horizontal_overflow(page)
    save_screenshot(page, "queue", width)


def test_skip_link_puts_the_focus_on_main_without_a_frame(page: Page):
    page.set_viewport_size({"width": 1366, "height": 768})
    visit(page, reverse("participation:home"))

    tab(page)
    assert is_focused(page, ".skip-link")
    page.keyboard.press("Enter")

    assert is_focused(page, "main")
    frame = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.boxShadow]; }"
    )
    assert frame == ["none", "none"]
    tab(page)  # the next stop is in the content, and shows its focus
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


WIDE_TABLE = """\
Die Zuständigkeiten im Überblick:

| Beteiligungsverfahren | Zuständigkeit | Ansprechpartnerin | Zeitraum | Bemerkungen |
|---|---|---|---|---|
| Bürgerhaushalt | Stadtkämmerei | Frau Mustermann | sechs Wochen | Informationsabende |
| Verkehrsentwicklungsplan | Stadtplanungsamt | Herr Beispiel | acht Wochen | Werkstatt |

| Ort | Termin |
|---|---|
| Rathaus | 3. März |
"""

# Words of table cells that the browser drew on more than one line.
SPLIT_WORDS = """(region) => {
  const split = [];
  const walker = document.createTreeWalker(region.querySelector("table"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) split.push(word[0]);
    }
  }
  return split;
}"""
HINT_SHOWN = "(region) => getComputedStyle(region, '::before').display !== 'none'"
SCROLLS = "(region) => region.scrollWidth > region.clientWidth"


def test_a_wide_table_in_the_text_scrolls_in_its_region_with_its_words_whole(page: Page):
    paragraph = first_paragraph(make_version())
    paragraph.text = WIDE_TABLE
    paragraph.save()
    page.set_viewport_size({"width": 320, "height": 640})

    visit(page, paragraph.version.get_absolute_url())

    wide, small = page.locator(f"#{paragraph.anchor} .table-scroll").all()
    for region in (wide, small):
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_attribute("aria-label", "Tabelle")
    assert page.evaluate(PROBLEMS) == []
    assert wide.evaluate(SCROLLS)
    assert wide.evaluate(HINT_SHOWN)
    assert not small.evaluate(SCROLLS)
    assert not small.evaluate(HINT_SHOWN)
    cell = wide.locator("td").first
    assert cell.evaluate("td => getComputedStyle(td).overflowWrap") == "normal"
    assert cell.evaluate("td => getComputedStyle(td).hyphens") == "auto"
    # Debian's Chromium has no hyphenation dictionaries: a word on two lines is broken.
    assert wide.evaluate(SPLIT_WORDS) == []
    assert_accessible(page)  # axe's scrollable-region-focusable among the rules

    wide.focus()
    page.keyboard.press("ArrowRight")
    wide.evaluate(
        """region => new Promise((resolve, reject) => {
            const started = Date.now();
            (function check() {
                if (region.scrollLeft > 0) return resolve();
                if (Date.now() - started > 3000) return reject(new Error("did not scroll"));
                requestAnimationFrame(check);
            })();
        })"""
    )
    assert wide.evaluate(HINT_SHOWN)
