"""Playwright fixtures for the browser tests: Debian Chromium, axe-core and a real login.

The tests drive pytest-django's ``live_server``, whose database is flushed after each test.
That also removes what data migrations created, so ``_legal_pages`` puts the legal pages back
before every browser test (the footer links to them from every page). The staff groups are
gone too; a staff journey has to recreate its group with the permissions it needs.
(``serialized_rollback`` would restore both, but does not work here: the connection the
test sees under Playwright's event loop is not the one Django serialised at setup.)

With ``HTML_CHECK_DIR`` set, the ``page`` fixture also saves every HTML document the live
server sends to the browser into that directory, for the Nu Html Checker
(``.ci/check_html.py``, run by ``.ci/run`` after the tests).
"""

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

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
def html_check_dir() -> Path | None:
    """Where ``page`` saves the HTML documents it receives; None (the default) saves none."""
    directory = os.environ.get("HTML_CHECK_DIR")
    return Path(directory) if directory else None


# The checker reads this index to name the page behind each saved file.
HTML_INDEX = "index.tsv"

# Per context, the documents whose body is still on its way to the file.
_saving: "WeakKeyDictionary[BrowserContext, set[Response]]" = WeakKeyDictionary()


def save_html_documents(context: BrowserContext, origin: str, directory: Path) -> None:
    """Save the body of every main-frame HTML document from ``origin`` that ``context`` loads.

    Each distinct body is stored once, as ``<sha256>.html``; ``index.tsv`` lists
    file name, method, status and URL of the response that first delivered it.
    """
    directory.mkdir(parents=True, exist_ok=True)
    saving: set[Response] = set()
    _saving[context] = saving

    def save(response: Response) -> None:
        request = response.request
        if (
            not request.is_navigation_request()
            or not response.url.startswith(origin)
            or 300 <= response.status < 400
            or not response.headers.get("content-type", "").startswith("text/html")
            or response.frame.parent_frame is not None
        ):
            return
        saving.add(response)
        try:
            body = response.body()
        except PlaywrightError:  # the load was cut short: there is no whole document
            return
        finally:
            saving.discard(response)
        name = f"{hashlib.sha256(body).hexdigest()}.html"
        path = directory / name
        if path.exists():
            return
        path.write_bytes(body)
        with (directory / HTML_INDEX).open("a", encoding="utf-8") as index:
            index.write(f"{name}\t{request.method}\t{response.status}\t{response.url}\n")

    # On "response", not "requestfinished": the event comes before page.goto() returns,
    # so wait_for_saved_html() knows about the body that is still loading.
    context.on("response", save)


def wait_for_saved_html(page: Page) -> None:
    """Let the saving of the documents loaded so far finish.

    Playwright runs an event handler between the test's own calls to it; a handler that
    waits for a body goes on only when the test calls Playwright again.
    """
    saving = _saving.get(page.context, set())
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while saving:
        assert time.monotonic() < deadline, f"bodies not received: {saving}"
        page.wait_for_timeout(10)


@pytest.fixture
def page(browser: Browser, live_server, html_check_dir: Path | None) -> Iterator[Page]:
    """A fresh German-speaking browser context per test, its console recorded from the start."""
    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    if html_check_dir is not None:
        save_html_documents(context, live_server.url, html_check_dir)
    page = context.new_page()
    messages: list[ConsoleMessage] = []
    page.on("console", lambda message: messages.append(message))
    _console[page] = messages
    yield page
    if not page.is_closed():
        wait_for_saved_html(page)
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
