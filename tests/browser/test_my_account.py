""" "Mein Konto" and unsubscribing from a digest in the browser: axe-clean, and the
header's sign-out, the unsubscribe and its undo work with the keyboard alone."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from guidelines.models import Comment, Response
from participation.models import Event, Frequency, NotificationPreference
from participation.notifications import set_follow, unsubscribe_token
from tests.browser.conftest import BROWSER, login
from tests.browser.helpers import assert_accessible, is_focused, tab_to, visit
from tests.guidelines.factories import first_paragraph, make_comment, make_version

pytestmark = BROWSER


def activity(user) -> None:
    """Comments in every state, one answered in a published commented version, a follow."""
    version = make_version(state="closed", responses_published_at=timezone.now() - timedelta(1))
    paragraph = first_paragraph(version)
    answered = make_comment(paragraph, user, "Bitte früher informieren.")
    Response.objects.create(
        comment=answered,
        disposition="partly",
        reasoning="Wir informieren **früher**, aber nicht immer.",
        answered_by="Referat Bürgerbeteiligung",
    )
    make_comment(paragraph, user, "Wartet auf Freigabe", state=Comment.State.PENDING)
    make_comment(paragraph, user, "Gemeldet", state=Comment.State.HELD)
    make_comment(paragraph, user, "Werbung", state=Comment.State.HIDDEN, hidden_reason="4")
    make_comment(paragraph, user, "Zurückgezogen", withdrawn_at=timezone.now())
    set_follow(user=user, target=version.document, follow=True)


def test_account_shows_my_activity_and_signs_out_from_the_header(page: Page, live_server, resident):
    activity(resident)
    login(page, live_server, resident)

    main = page.locator("main")
    expect(main.locator("h2#my-comments")).to_be_visible()
    expect(main.locator(".my-comment")).to_have_count(5)
    expect(main.locator(".response")).to_have_count(1)
    expect(main.get_by_role("button", name=re.compile("Sie folgen"))).to_be_visible()
    assert_accessible(page)

    page.locator(".skip-link").focus()
    tab_to(page, ".site-nav__sign-out button", max_presses=12)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".site-nav")).to_contain_text("Anmelden")
    expect(page.locator(".site-nav__sign-out")).to_have_count(0)
    visit(page, "/konto/mein-konto/")  # the login page it redirects to
    expect(page).to_have_url(re.compile(r"/konto/login/"))


def test_account_at_phone_width_has_no_horizontal_scrolling(page: Page, live_server, resident):
    activity(resident)
    page.set_viewport_size({"width": 320, "height": 800})
    login(page, live_server, resident)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_digest_unsubscribe_and_undo_by_keyboard(page: Page, live_server, resident):
    NotificationPreference.objects.create(
        user=resident, event=Event.MINUTES, frequency=Frequency.WEEKLY
    )
    token = unsubscribe_token(user=resident, event=Event.DIGEST)

    visit(page, f"/abmelden/{token}/")
    assert_accessible(page)
    page.locator(".skip-link").focus()
    tab_to(page, "main form button[type=submit]", max_presses=12)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".unsubscribe-changes li")).to_have_count(5)
    assert NotificationPreference.objects.get(user=resident, event=Event.MINUTES).frequency == "off"
    assert not NotificationPreference.objects.filter(user=resident, event=Event.REPLY).exists()
    assert_accessible(page)

    page.locator("main form button[type=submit]").focus()
    assert is_focused(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("main ul").first.locator("li")).to_have_count(5)
    assert (
        NotificationPreference.objects.get(user=resident, event=Event.MINUTES).frequency == "weekly"
    )
    assert_accessible(page)


def test_notification_settings_page_is_accessible(page: Page, live_server, resident):
    login(page, live_server, resident)
    visit(page, "/konto/benachrichtigungen/")

    expect(page.locator("main select")).to_have_count(8)
    expect(page.locator("main .required")).to_have_count(0)
    assert_accessible(page)
