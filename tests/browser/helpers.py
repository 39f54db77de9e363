"""Shared helpers of the browser tests: keyboard moves, accessibility checks, staff roles."""

from weakref import WeakKeyDictionary

from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page

from tests.browser.conftest import axe_check, csp_violations, wait_for_saved_html

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    name: element.getAttribute("name") || "",
    href: element.getAttribute("href") || "",
    outline: style.outlineStyle,
    shadow: style.boxShadow,
  };
}"""


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(FOCUSED)


def is_focused(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def tab(page: Page, *, shift: bool = False) -> dict[str, str]:
    """Press Tab (or Shift+Tab); the newly focused element must show a visible focus."""
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    element = focused(page)
    assert element["outline"] != "none" or element["shadow"] != "none", (
        f"no visible focus on {element}"
    )
    return element


def tab_to(page: Page, selector: str, *, max_presses: int = 10, shift: bool = False) -> None:
    """Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(max_presses):
        tab(page, shift=shift)
        if is_focused(page, selector):
            return
    raise AssertionError(
        f"{selector!r} not reached in {max_presses} presses; focus on {focused(page)}"
    )


def visit(page: Page, path: str, *, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: {response.status}"
    wait_for_saved_html(page)  # for the HTML check: a page left unread is not saved


_csp_checked: "WeakKeyDictionary[Page, int]" = WeakKeyDictionary()


def assert_accessible(page: Page) -> None:
    """No Content-Security-Policy report since the last check, then no axe violation.

    The CSP is checked before axe runs: axe's style-sheet preload copies an ``@import``
    (the admin's forms.css imports widgets.css) into an inline ``<style>``, which the
    policy blocks. That report is axe's own, not the page's, and is not counted.
    """
    assert csp_violations(page)[_csp_checked.get(page, 0) :] == []
    axe_check(page)
    _csp_checked[page] = len(csp_violations(page))


def recreate_role(name: str, permissions: list[str]) -> None:
    """Staff groups come from data migrations, which the live server's flushes remove."""
    group, _created = Group.objects.get_or_create(name=name)
    for permission in permissions:
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
