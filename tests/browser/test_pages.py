import pytest

from tests.browser.conftest import BROWSER, axe_check

pytestmark = BROWSER

URLS = ["/", "/konto/login/", "/konto/signup/", "/konto/password/reset/", "/seite/impressum/", "/seite/datenschutz/", "/seite/barrierefreiheit/", "/seite/leichte-sprache/", "/seite/nutzungsbedingungen/", "/gibt-es-nicht/"]

@pytest.mark.parametrize("url", URLS)
def test_explore(page, live_server, url):
    page.goto(live_server.url + url)
    from tests.browser.conftest import console_messages; print(url, page.title(), [(m.type, m.text) for m in console_messages(page)])
    axe_check(page)
