"""Playwright fixtures for the browser tests: Debian Chromium, axe-core and a real login.

The tests drive pytest-django's ``live_server``, whose database is flushed after each test.
That also removes what data migrations created, so ``_legal_pages`` puts the legal pages back
before every browser test (the footer links to them from every page). The staff groups are
gone too; a staff journey has to recreate its group with the permissions it needs.
(``serialized_rollback`` would restore both, but does not work here: the connection the
test sees under Playwright's event loop is not the one Django serialised at setup.)
"""

from collections.abc import Iterator
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from participation.models import Page as LegalPage
from participation.pages import ensure_pages
from tests.conftest import PASSWORD, need

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000

# Every test module in this directory sets ``pytestmark = BROWSER``.
BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_axe = Axe()
_console: "WeakKeyDictionary[Page, list[ConsoleMessage]]" = WeakKeyDictionary()


@pytest.fixture(scope="package", autouse=True)
def _allow_async_unsafe() -> Iterator[None]:
    """Let Django run ORM calls while Playwright's sync API has an event loop in this thread.

    Set for this package only, not at import: the variable would otherwise reach other
    tests' subprocesses, and ``manage.py check --deploy`` warns about it.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


# Package scope, not session scope: one Chromium for all browser tests, stopped before
# the tests that run after them, which would otherwise find a running event loop.
@pytest.fixture(scope="package")
def playwright(_allow_async_unsafe: None) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    need(CHROMIUM.exists(), "Chromium not installed at /usr/bin/chromium")
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _legal_pages(transactional_db) -> None:
    ensure_pages(LegalPage)


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh German-speaking browser context per test, its console recorded from the start."""
    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    messages: list[ConsoleMessage] = []
    page.on("console", lambda message: messages.append(message))
    _console[page] = messages
    yield page
    context.close()


def console_messages(page: Page) -> list[ConsoleMessage]:
    """Everything the page logged to the console since the test began."""
    return _console[page]


def csp_violations(page: Page) -> list[str]:
    """Console reports of resources or scripts the Content-Security-Policy blocked."""
    return [m.text for m in console_messages(page) if "Content Security Policy" in m.text]


def axe_check(page: Page) -> None:
    """Run axe-core on the current page; fail listing every WCAG 2.1 A/AA violation."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']}: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"]:
                lines.append(f"    {node['target']}: {node.get('failureSummary', '')}")
        message = "\n".join(lines)
        print(message)
        pytest.fail(message)


def login(page: Page, live_server, user) -> None:
    """Sign ``user`` in through the real login form and wait for the account page."""
    page.goto(f"{live_server.url}/konto/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/konto/mein-konto/")
