"""The sign-in page by keyboard: the password comes straight after the email address, and
"Forgot your password?" after the password, never between the two."""

from playwright.sync_api import Page

from tests.browser.conftest import BROWSER
from tests.browser.helpers import assert_accessible, focused, is_focused, tab, visit

pytestmark = BROWSER


def labels_and_placeholders(page: Page) -> list[tuple[str, str]]:
    return page.evaluate(
        """() => [...document.querySelectorAll("main input[placeholder]")].map(
            (input) => [input.labels[0]?.textContent.trim() ?? "", input.placeholder])"""
    )


def test_sign_in_fields_come_before_the_forgot_password_link(page, db):
    visit(page, "/konto/login/")
    page.locator("#id_login").focus()

    assert tab(page)["id"] == "id_password"
    link = tab(page)
    assert (link["tag"], link["href"]) == ("a", "/konto/password/reset/")
    assert tab(page)["id"] == "id_remember"
    tab(page)
    assert is_focused(page, "main form button[type=submit]"), focused(page)

    assert page.locator("#id_password").get_attribute("aria-describedby") is None
    assert labels_and_placeholders(page) == []
    assert_accessible(page)
