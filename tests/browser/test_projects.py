"""The Vorhabenliste in a real browser: axe on every public page, a keyboard journey."""

from decimal import Decimal

from playwright.sync_api import Page, expect

from projects.models import Status
from tests.browser.conftest import BROWSER, login
from tests.browser.helpers import assert_accessible, tab_to, visit
from tests.conftest import make_user
from tests.projects.factories import (
    make_change,
    make_decision,
    make_department,
    make_district,
    make_edition,
    make_milestone,
    make_project,
    make_request,
    make_topic,
)

pytestmark = BROWSER


def seed_list():
    edition = make_edition("2026/1")
    north, south = make_district("Nordstadt"), make_district("Südstadt")
    green = make_topic("Grün und Freiraum")
    department = make_department("Grünflächenamt", short_name="Amt 67")
    park = make_project(
        "Grünflächenkonzept",
        districts=[north],
        topics=[green],
        department=department,
        summary="Ein **Konzept** für alle Parks der Stadt.",
        goal="Mehr Schatten und Wasser.",
        estimated_cost=Decimal("250000"),
        latitude=Decimal("49.4447"),
        longitude=Decimal("7.7689"),
        first_edition=edition,
        contact="Grünflächenamt, Sachgebiet Planung",
    )
    make_milestone(park, title="Auftaktwerkstatt", done=True)
    make_decision(park, url="https://rat.example/ds1")
    make_change(park, reason="Der Gemeinderat hat die Planung beauftragt.")
    make_request(park)
    make_project("Fahrradstraße Lindenallee", districts=[south], status=Status.IMPLEMENTATION)
    make_project("Sanierung der Grundschule Süd", districts=[south], department=department)
    return park


def test_list_table_and_cards_are_accessible(page: Page, live_server):
    seed_list()

    visit(page, "/vorhaben/")
    expect(page.locator("table.project-table")).to_be_visible()
    assert_accessible(page)
    page.locator("a[href*='view=cards']").click()
    expect(page.locator(".project-cards")).to_be_visible()
    assert_accessible(page)
    visit(page, "/vorhaben/?district=atlantis")
    expect(page.locator(".project-notice")).to_be_visible()
    assert_accessible(page)


def test_entry_page_and_print_version_are_accessible(page: Page, live_server):
    park = seed_list()

    visit(page, park.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Grünflächenkonzept")
    assert_accessible(page)
    visit(page, "/vorhaben/druck/")
    expect(page.locator("table.print-table thead")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    header_display = page.evaluate(
        "getComputedStyle(document.querySelector('.print-table thead')).display"
    )
    assert header_display == "table-header-group"


def test_resident_asks_for_participation_and_supports_in_the_browser(page: Page, live_server):
    park = seed_list()
    other = make_project("Lärmaktionsplan")
    resident = make_user("anna@example.org", "Anna")
    login(page, live_server, resident)

    visit(page, park.get_absolute_url())
    assert_accessible(page)  # signed in: follow buttons and the support form
    page.locator("form.request__support input[name=age_confirmed]").check()
    page.locator("form.request__support button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert_accessible(page)

    visit(page, f"/vorhaben/{other.slug}/anregung/")
    assert_accessible(page)
    page.locator("textarea[name=reason]").fill("Die Anwohnenden sollten mitreden.")
    page.locator("main form.request-form button[type=submit]").click()
    expect(page.locator("[role=alert]")).to_be_visible()  # the age was not confirmed
    assert_accessible(page)
    expect(page.locator("textarea[name=reason]")).to_have_value("Die Anwohnenden sollten mitreden.")
    page.locator("input[name=age_confirmed]").check()
    page.locator("main form.request-form button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("#anregungen")).to_contain_text("Die Anwohnenden sollten mitreden.")


def test_resident_filters_the_list_by_keyboard_only(page: Page, live_server):
    seed_list()

    visit(page, "/vorhaben/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    tab_to(page, "#filter-q", max_presses=3)
    page.keyboard.type("Grundschule")
    tab_to(page, "#filter-district", max_presses=3)
    page.keyboard.press("ArrowDown")  # Nordstadt
    page.keyboard.press("ArrowDown")  # Südstadt
    assert page.locator("#filter-district").input_value() == "sudstadt"
    tab_to(page, "main form button[type=submit]", max_presses=12)
    page.keyboard.press("Enter")

    page.wait_for_url("**/vorhaben/?*district=sudstadt*")
    expect(page.locator("#result-count")).to_contain_text("1")
    expect(page.locator("table.project-table tbody tr")).to_have_count(1)
    expect(page.locator("table.project-table")).to_contain_text("Sanierung der Grundschule Süd")
    assert page.locator("#filter-q").input_value() == "Grundschule"
    tab_to(page, "a[href*='view=cards']", max_presses=30)
    page.keyboard.press("Enter")
    page.wait_for_url("**view=cards*")
    expect(page.locator(".project-cards li")).to_have_count(1)
    page.go_back()
    page.wait_for_url("**district=sudstadt*")
    expect(page.locator("table.project-table")).to_be_visible()  # the back button restores


def test_the_optional_map_is_accessible_and_its_markers_are_links(
    page: Page, live_server, settings
):
    # A same-origin "tile server", so that the Content-Security-Policy lets the tiles in.
    settings.MAP_TILE_URL = "/static/img/favicon.svg?z={z}&x={x}&y={y}"
    settings.MAP_TILE_ATTRIBUTION = "Kartenbild: Testkacheln"
    park = seed_list()

    visit(page, "/vorhaben/")
    expect(page.locator(".project-map__marker")).to_have_count(1)
    assert_accessible(page)
    page.locator(".project-map a").click()
    page.wait_for_url(f"**{park.get_absolute_url()}")
