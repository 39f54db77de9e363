"""The board's public pages in a real browser: axe-clean, CSP-clean, and an application
sent with the keyboard alone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from participation.models import Application, Attachment, Meeting, Minutes, SeatType
from tests.browser.conftest import BROWSER
from tests.browser.helpers import assert_accessible, tab_to, visit
from tests.participation.board.factories import (
    make_agenda_item,
    make_attachment,
    make_board,
    make_call,
    make_lottery_run,
    make_meeting,
    make_membership,
    make_minutes,
    make_seat,
)

pytestmark = BROWSER


@pytest.fixture
def board(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    board = make_board(name="Beteiligungsbeirat", slug="beirat")
    chair = make_seat(board, SeatType.COORDINATION, label="Koordinierungsstelle")
    make_membership(chair, name="Clara Vorsitz", role="chair")
    resident = make_seat(board, SeatType.RESIDENT)
    make_membership(resident, name="Nicht Öffentlich", consent_to_publish=False, consent_date=None)
    make_seat(board, SeatType.DELEGATE, label="Seniorenbeirat")  # vacant
    return board


@pytest.fixture
def held(board) -> Meeting:
    meeting = make_meeting(
        board,
        starts_at=timezone.now() - datetime.timedelta(days=20),
        state=Meeting.State.HELD,
    )
    item = make_agenda_item(
        meeting, title="Evaluation der Leitlinien", outcome="Empfehlung", votes_for=8
    )
    make_attachment(agenda_item=item, title="Vorlage")
    make_agenda_item(meeting, title="Personalsache", is_public=False)
    make_attachment(meeting=meeting, title="Einladung", kind=Attachment.Kind.INVITATION)
    minutes = make_minutes(meeting, text="## TOP 1\n\nDer Beirat empfiehlt die Evaluation.")
    Minutes.objects.filter(pk=minutes.pk).update(
        state=Minutes.State.PUBLISHED, published_at=timezone.now()
    )
    make_meeting(board, state=Meeting.State.CANCELLED, state_reason="Krankheit")
    return meeting


def test_board_pages_have_no_accessibility_violations(page: Page, board, held):
    closed = make_call(
        board,
        opens_at=timezone.now() - datetime.timedelta(days=40),
        closes_at=timezone.now() - datetime.timedelta(days=10),
    )
    run = make_lottery_run(closed)
    open_call = make_call(board, pools={"Frauen": 4, "Männer": 4})
    for path in [
        "/",
        "/beirat/",
        "/beirat/sitzungen/",
        f"/beirat/sitzungen/archiv/{held.starts_at.year}/",
        held.get_absolute_url(),
        f"/beirat/protokolle/{held.pk}/",
        run.get_absolute_url(),
        open_call.get_absolute_url(),
        closed.get_absolute_url(),
    ]:
        visit(page, path)
        assert_accessible(page)
    assert "Nicht Öffentlich" not in page.goto("/beirat/").text()


def test_application_form_with_errors_has_no_accessibility_violations(page: Page, board):
    call = make_call(board)
    visit(page, call.get_absolute_url())
    page.get_by_role("button", name="Bewerbung absenden").or_(
        page.get_by_role("button", name="Send application")
    ).click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)


def test_resident_applies_with_the_keyboard_only(page: Page, board):
    call = make_call(board, pools={"Frauen": 4, "Männer": 4})
    visit(page, call.get_absolute_url())

    tab_to(page, "#id_name", max_presses=40)
    page.keyboard.type("Karla Tastatur")
    tab_to(page, "#id_contact")
    page.keyboard.type("karla@example.org")
    tab_to(page, "#id_pool_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_age_confirmed")
    page.keyboard.press("Space")
    tab_to(page, "#id_residence_confirmed")
    page.keyboard.press("Space")
    tab_to(page, "#id_privacy_read")
    page.keyboard.press("Space")
    tab_to(page, ".board-application button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator(".board-number strong")).to_have_text("1")
    assert_accessible(page)
    application = Application.objects.get()
    assert application.name == "Karla Tastatur"
    assert application.pool is not None
    assert application.pool.name == "Frauen"
