"""axe-core finds no WCAG 2.1 A/AA violation on any page, in German and English."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    BROWSER,
    axe_check,
    console_messages,
    csp_violations,
    login,
)

pytestmark = BROWSER

TITLE = re.compile("\\S.* \N{EN DASH} Stadtdialog Musterstadt")

ANONYMOUS_PAGES = [
    "/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/seite/impressum/",
    "/seite/datenschutz/",
    "/seite/barrierefreiheit/",
    "/seite/leichte-sprache/",
    "/seite/nutzungsbedingungen/",
]

RESIDENT_PAGES = [
    "/konto/mein-konto/",
    "/konto/mein-konto/loeschen/",
    "/konto/email/",
    "/konto/password/change/",
    "/konto/2fa/",
]


def visit(page: Page, path: str, *, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status


def assert_accessible(page: Page) -> None:
    expect(page).to_have_title(TITLE)
    axe_check(page)
    assert csp_violations(page) == []


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_public_page_has_no_accessibility_violations(page, path):
    visit(page, path)

    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_accessible(page)


@pytest.mark.parametrize("path", RESIDENT_PAGES)
def test_account_page_has_no_accessibility_violations(page, live_server, resident, path):
    login(page, live_server, resident)

    visit(page, path)

    assert_accessible(page)


def test_signup_errors_have_no_accessibility_violations(page):
    page.goto("/konto/signup/")
    page.fill("input[name=email]", "neu@example.org")
    page.fill("input[name=display_name]", "Neu")
    page.fill("input[name=password1]", "ein-langes-passwort-1")
    page.fill("input[name=password2]", "ein-anderes-passwort-2")

    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary.locator("li")).to_have_count(3)
    expect(page.locator("#id_accept_terms")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_not_found_page_has_no_accessibility_violations(page):
    visit(page, "/gibt-es-nicht/", status=404)

    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    assert_accessible(page)


def test_english_start_page_has_no_accessibility_violations(page):
    page.goto("/")

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Have your say in Musterstadt")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/konto/signup/", "/seite/datenschutz/"])
def test_page_reflows_without_horizontal_scrolling_at_320_px(page, path):
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_start_page_loads_without_content_security_policy_errors(page):
    response = page.goto("/")
    page.wait_for_load_state("load")

    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]

    assert csp_violations(page) == []
    errors = [m.text for m in console_messages(page) if m.type == "error"]
    assert errors == []
