"""The board's pages in the page cache: each kind of change shows on the next anonymous
request, including the changes that come by time alone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.board import seats, services
from participation.models import Attachment, Meeting, SeatType
from tests.participation.board.factories import (
    make_agenda_item,
    make_applications,
    make_attachment,
    make_board,
    make_call,
    make_meeting,
    make_membership,
    make_minutes,
    make_seat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

BOARD_URL = reverse("participation:board")
MEETINGS_URL = reverse("participation:board_meetings")


@pytest.fixture
def board():
    return make_board(name="Beteiligungsbeirat")


@pytest.fixture
def clock(monkeypatch):
    """A settable ``timezone.now`` (and with it ``timezone.localdate``)."""
    state = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def test_board_pages_are_served_from_the_cache_and_public(client, board, django_assert_num_queries):
    meeting = make_meeting(board)
    make_agenda_item(meeting)
    for url in (BOARD_URL, MEETINGS_URL, meeting.get_absolute_url()):
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.content == first.content
        assert second["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_a_write_that_sends_no_signal_leaves_the_stored_page(client, board):
    """What every test below relies on: without a bump the stored page is served."""
    text(client, BOARD_URL)

    type(board).objects.filter(pk=board.pk).update(name="Umbenannter Beirat")

    assert "Umbenannter Beirat" not in text(client, BOARD_URL)


def test_the_first_board_set_up_replaces_the_placeholder_page(client, committed):
    text(client, BOARD_URL)

    committed(make_board, name="Neuer Beirat")

    assert "Neuer Beirat" in text(client, BOARD_URL)


def test_an_edited_board_and_a_new_member_show_on_the_board_page(client, board, committed):
    seat = make_seat(board, SeatType.RESIDENT)
    text(client, BOARD_URL)

    board.purpose = "Der Beirat berät den **Gemeinderat**."
    committed(board.save)
    committed(make_membership, seat, name="Paula Pfeiffer")

    page = text(client, BOARD_URL)
    assert "<strong>Gemeinderat</strong>" in page
    assert "Paula Pfeiffer" in page


def test_a_confirmed_lottery_seats_its_members_on_the_board_page(client, english, board, committed):
    for _ in range(2):
        make_seat(board, SeatType.RESIDENT)
    call = make_call(board, seats=2)
    make_applications(call, 3)
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    run = seats.run_lottery(call=call, seed="7 7 7", by=None)
    before = text(client, BOARD_URL)

    committed(seats.confirm_lottery, run=run)

    after = text(client, BOARD_URL)
    assert before.count("Seat vacant") == 2
    assert "Seat vacant" not in after
    assert after.count("Name not published") == 2
    assert reverse("participation:board_lottery", args=[run.pk]) in after


def test_a_scheduled_and_a_cancelled_meeting_show_on_every_page_that_lists_it(
    client, english, board, committed
):
    text(client, BOARD_URL)
    text(client, MEETINGS_URL)

    meeting = committed(make_meeting, board, place="Bürgerhaus Süd")
    assert "Bürgerhaus Süd" in text(client, BOARD_URL)
    assert "Bürgerhaus Süd" in text(client, MEETINGS_URL)
    assert "has been cancelled" not in text(client, meeting.get_absolute_url())

    committed(services.cancel_meeting, meeting=meeting, reason="Krankheit")

    assert "Cancelled" in text(client, MEETINGS_URL)
    assert "This meeting has been cancelled." in text(client, meeting.get_absolute_url())


def test_agenda_items_and_public_attachments_show_on_the_meeting_page(client, board, committed):
    meeting = make_meeting(board)
    url = meeting.get_absolute_url()
    text(client, url)

    item = committed(make_agenda_item, meeting, title="Haushalt 2027")
    attachment = committed(make_attachment, agenda_item=item, title="Vorlage", is_public=False)
    assert "Haushalt 2027" in text(client, url)
    assert attachment.title not in text(client, url)

    attachment.is_public = True
    committed(attachment.save)

    assert "Vorlage" in text(client, url)
    assert Attachment.objects.public().filter(pk=attachment.pk).exists()


def test_published_minutes_appear_on_their_page_and_on_the_meeting_page(
    client, board, committed, board_office
):
    meeting = make_meeting(board, starts_at=timezone.now() - datetime.timedelta(days=3))
    minutes = make_minutes(meeting)
    minutes_url = reverse("participation:board_minutes", args=[meeting.pk])
    assert client.get(minutes_url).status_code == 404
    text(client, meeting.get_absolute_url())

    committed(services.publish_minutes, minutes=minutes, by=board_office)

    assert "Der Beirat nahm den Bericht zur Kenntnis." in text(client, minutes_url)
    assert minutes_url in text(client, meeting.get_absolute_url())


def test_a_meeting_moves_from_upcoming_to_past_once_it_has_started(client, english, board, clock):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    meeting = make_meeting(board, starts_at=starts)
    clock["now"] = starts - datetime.timedelta(seconds=1)
    before = {url: text(client, url) for url in (BOARD_URL, meeting.get_absolute_url())}
    listed_before = text(client, MEETINGS_URL)
    clock["now"] = starts  # still upcoming (``starts_at >= now``); not to be kept either
    for url in (BOARD_URL, meeting.get_absolute_url(), MEETINGS_URL):
        text(client, url)

    clock["now"] = starts + datetime.timedelta(seconds=1)
    after = {url: text(client, url) for url in (BOARD_URL, meeting.get_absolute_url())}
    listed_after = text(client, MEETINGS_URL)

    assert "No meeting scheduled yet." not in before[BOARD_URL]
    assert "No meeting scheduled yet." in after[BOARD_URL]
    assert "Minutes are published after the meeting." in before[meeting.get_absolute_url()]
    assert "The minutes will be published here" in after[meeting.get_absolute_url()]
    upcoming, past = listed_before.split('id="past-title"')
    assert str(meeting) in upcoming
    assert str(meeting) not in past
    upcoming, past = listed_after.split('id="past-title"')
    assert str(meeting) not in upcoming
    assert str(meeting) in past


def test_a_meeting_leaves_the_list_of_the_last_twelve_months_on_time(client, board, clock):
    held = timezone.now().replace(microsecond=0) - datetime.timedelta(days=300)
    meeting = make_meeting(board, starts_at=held, state=Meeting.State.HELD)
    leaves = held + datetime.timedelta(days=365)
    clock["now"] = leaves - datetime.timedelta(seconds=1)
    assert meeting.get_absolute_url() in text(client, MEETINGS_URL)
    clock["now"] = leaves
    text(client, MEETINGS_URL)

    clock["now"] = leaves + datetime.timedelta(seconds=1)

    assert meeting.get_absolute_url() not in text(client, MEETINGS_URL)


def test_a_call_opens_on_the_board_page_and_its_own_page_on_time(client, english, board, clock):
    opens = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
    call = make_call(board, opens_at=opens, closes_at=opens + datetime.timedelta(days=14))
    clock["now"] = opens - datetime.timedelta(seconds=1)
    board_before, call_before = text(client, BOARD_URL), text(client, call.get_absolute_url())

    clock["now"] = opens
    board_after, call_after = text(client, BOARD_URL), text(client, call.get_absolute_url())

    assert "applications open on" in board_before
    assert "applications open until" in board_after
    assert "csrfmiddlewaretoken" not in call_before  # not open yet: no form
    assert 'class="board-application"' in call_after


def test_a_member_from_tomorrow_shows_from_midnight_on(client, board, clock):
    seat = make_seat(board, SeatType.RESIDENT)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_membership(seat, name="Moritz Morgen", start=tomorrow)
    clock["now"] = midnight(tomorrow) - datetime.timedelta(seconds=1)
    assert "Moritz Morgen" not in text(client, BOARD_URL)

    clock["now"] = midnight(tomorrow)

    assert "Moritz Morgen" in text(client, BOARD_URL)
