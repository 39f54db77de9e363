"""The account journeys work with the keyboard alone, with a visible focus at every step."""

import re

from playwright.sync_api import Page, expect

from participation.models import User
from tests.browser.conftest import BROWSER, axe_check, csp_violations
from tests.conftest import PASSWORD

pytestmark = BROWSER

FOCUSED = """() => {
  const element = document.activeElement;
  return {
    tag: element.tagName.toLowerCase(),
    name: element.getAttribute("name") || "",
    id: element.id,
    text: element.textContent.trim(),
    outline: getComputedStyle(element).outlineStyle,
  };
}"""


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(FOCUSED)


def tab(page: Page, *, shift: bool = False) -> dict[str, str]:
    """Press Tab (or Shift+Tab) and return the newly focused element, which must show focus."""
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    element = focused(page)
    assert element["outline"] != "none", f"no visible focus on {element}"
    return element


def tab_to(page: Page, *, name: str = "", text: str = "", max_presses: int = 3) -> None:
    """Tab forward to the field ``name`` or link ``text``, passing at most a few elements."""
    for _ in range(max_presses):
        element = tab(page)
        if (name and element["name"] == name) or (text and element["text"] == text):
            return
    raise AssertionError(f"{name or text!r} not reached in {max_presses} Tab presses")


def skip_to_main(page: Page) -> None:
    skip_link = tab(page)
    assert skip_link["text"] == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


def test_resident_signs_up_by_keyboard_only(page):
    page.goto("/konto/signup/")

    skip_to_main(page)
    tab_to(page, name="email")
    page.keyboard.type("neu@example.org")
    assert tab(page)["name"] == "display_name"
    page.keyboard.type("Neue Nachbarin")
    assert tab(page)["name"] == "password1"
    page.keyboard.type(PASSWORD)
    assert tab(page)["name"] == "password2"
    page.keyboard.type(PASSWORD)
    # Shift+Tab goes back to check the first password field is still filled.
    assert tab(page, shift=True)["name"] == "password1"
    assert page.evaluate("document.activeElement.value") == PASSWORD
    assert tab(page)["name"] == "password2"
    assert tab(page)["name"] == "accept_terms"
    page.keyboard.press("Space")
    tab_to(page, name="accept_privacy")
    page.keyboard.press("Space")
    expect(page.locator("#id_accept_terms")).to_be_checked()
    expect(page.locator("#id_accept_privacy")).to_be_checked()
    assert tab(page)["text"] == "Datenschutzhinweise"
    submit = tab(page)
    assert (submit["tag"], submit["text"]) == ("button", "Registrieren")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/konto/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("E-Mail-Adresse")
    assert User.objects.filter(email="neu@example.org", display_name="Neue Nachbarin").exists()
    axe_check(page)
    assert csp_violations(page) == []


def test_resident_signs_in_by_keyboard_only(page, resident):
    page.goto("/konto/login/")

    skip_to_main(page)
    tab_to(page, name="login")
    page.keyboard.type(resident.email)
    tab_to(page, name="password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/konto/mein-konto/$"))
    # From the start page, "Mein Konto" is reachable through the main navigation.
    tab_to(page, text="Start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    tab_to(page, text="Mein Konto", max_presses=8)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/mein-konto/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Konto")
