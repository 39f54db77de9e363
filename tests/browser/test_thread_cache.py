"""A resident on a thread page served from the page cache (participation.pagecache): the
stored page for every participant, with their own comments' controls, their CSRF token and
new one-use form tokens filled in, works in the browser like a page rendered for them."""

import pytest
from playwright.sync_api import Page, expect

from guidelines.models import Comment
from participation import pagecache
from tests.browser.conftest import BROWSER, csp_violations, login
from tests.browser.helpers import assert_accessible, visit
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = [*BROWSER, pytest.mark.usefixtures("page_cache")]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def served_from_cache(monkeypatch) -> list[str]:
    """The addresses of the pages a signed-in reader got from the stored page."""
    served: list[str] = []
    original = pagecache._served_personal

    def spy(request, entry):
        response = original(request, entry)
        if response is not None:
            served.append(request.path)
        return response

    monkeypatch.setattr(pagecache, "_served_personal", spy)
    return served


def test_a_resident_supports_and_comments_on_a_stored_thread_page(
    page: Page, live_server, resident, other_resident, served_from_cache
):
    paragraph = first_paragraph(make_version())
    theirs = make_comment(paragraph, other_resident, "Vier Wochen sind zu kurz.")
    own = make_comment(paragraph, resident, "Sechs Wochen wären besser.", parent=theirs)
    url = paragraph.get_absolute_url()
    login(page, live_server, resident)

    visit(page, url)
    visit(page, url)  # the second visit finds the page the first one stored
    assert served_from_cache == [url, url]
    expect(page.locator(f"#c-{own.pk} .badge--own")).to_have_count(1)
    expect(page.locator(f"#c-{own.pk} .comment__action--own")).to_have_count(2)  # edit, withdraw
    expect(page.locator(f"#c-{own.pk} .support-button")).to_have_count(0)

    support = page.locator(f"#c-{theirs.pk} .support-button")
    expect(support).to_have_attribute("aria-pressed", "false")
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    assert Comment.objects.get(pk=theirs.pk).support_count == 1

    visit(page, url)  # the support made the stored page out of date: stored anew
    visit(page, url)
    assert served_from_cache[-2:] == [url, url]
    expect(page.locator(f"#c-{theirs.pk} .support-button")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page)

    page.fill("#comment-text", "Bitte auch die Ortsbeiräte fragen.")
    with page.expect_navigation() as navigation:
        page.locator("#comment-form button[type=submit]").click()
    assert navigation.value is not None
    assert navigation.value.status == 200
    assert Comment.objects.filter(author=resident, parent=None).count() == 1
    assert csp_violations(page) == []
