"""The iCalendar feed of meetings and the Atom feed of minutes, parsed as clients do."""

import datetime

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from participation.board.services import cancel_meeting, postpone_meeting, publish_minutes
from participation.models import Meeting
from tests.participation.board.factories import make_board, make_meeting, make_minutes

pytestmark = pytest.mark.django_db

CALENDAR = reverse("participation:board_calendar")
ATOM = reverse("participation:board_minutes_feed")


@pytest.fixture
def board():
    return make_board(name="Beteiligungsbeirat", slug="beirat")


def events(client) -> dict[str, object]:
    response = client.get(CALENDAR)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_calendar_is_valid_rfc5545_with_berlin_timezone(client, board):
    meeting = make_meeting(board, title="Sitzung im Rathaus")
    response = client.get(CALENDAR)
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    (event,) = calendar.walk("VEVENT")
    host = settings.SITE_URL.split("//")[1].split(":")[0].split("/")[0]
    assert str(event["UID"]) == f"{meeting.uid}@{host}"
    assert "DTSTAMP" in event
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert str(event["URL"]) == settings.SITE_URL + meeting.get_absolute_url()
    assert str(event["LOCATION"]) == "Rathaus, Sitzungssaal 1"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Sitzung im Rathaus" in str(event["SUMMARY"])
    # Lines are folded at 75 octets and end in CRLF.
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_changing_a_meeting_keeps_its_uid_and_raises_sequence(client, board):
    meeting = make_meeting(board)
    before = next(iter(events(client).values()))
    meeting.place = "Stadthalle"
    meeting.save()
    after = events(client)
    assert list(after) == [str(before["UID"])]
    event = after[str(before["UID"])]
    assert int(event["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(event["LOCATION"]) == "Stadthalle"


def test_cancelled_meeting_stays_in_the_feed_as_cancelled(client, board):
    meeting = make_meeting(board)
    sequence = int(next(iter(events(client).values()))["SEQUENCE"])
    cancel_meeting(meeting=meeting, reason="Erkrankung der Vorsitzenden")
    (event,) = events(client).values()
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > sequence
    assert "Erkrankung" in str(event["DESCRIPTION"])


def test_postponed_meeting_moves_to_its_new_date(client, board):
    meeting = make_meeting(board)
    new_start = (timezone.now() + datetime.timedelta(days=40)).replace(microsecond=0)
    postpone_meeting(meeting=meeting, starts_at=new_start, reason="Raum belegt")
    (event,) = events(client).values()
    assert event.decoded("DTSTART") == new_start
    assert str(event["STATUS"]) == "CONFIRMED"


def test_meeting_postponed_without_a_new_date_is_tentative(client, board):
    meeting = make_meeting(board)
    postpone_meeting(meeting=meeting, reason="Neuer Termin folgt")
    (event,) = events(client).values()
    assert str(event["STATUS"]) == "TENTATIVE"


def test_non_public_and_old_meetings_are_not_in_the_calendar(client, board):
    make_meeting(board, is_public=False)
    make_meeting(board, starts_at=timezone.now() - datetime.timedelta(days=800))
    kept = make_meeting(board, starts_at=timezone.now() - datetime.timedelta(days=10))
    assert [str(uid).split("@")[0] for uid in events(client)] == [str(kept.uid)]


def test_atom_feed_lists_published_minutes_only(client, board, board_office):
    held = make_meeting(
        board,
        title="Sitzung mit Protokoll",
        state=Meeting.State.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=9),
    )
    draft_meeting = make_meeting(
        board, title="Sitzung mit Entwurf", starts_at=timezone.now() - datetime.timedelta(days=2)
    )
    minutes = make_minutes(held, text="Der Beirat **empfiehlt** die Annahme.")
    publish_minutes(minutes=minutes, by=board_office)
    make_minutes(draft_meeting, text="Entwurf, noch geheim")
    response = client.get(ATOM)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    (entry,) = feed.entries
    assert "Sitzung mit Protokoll" in entry.title
    assert entry.link.endswith(minutes.get_absolute_url())
    assert "<strong>empfiehlt</strong>" in entry.summary
    assert "Entwurf, noch geheim" not in response.content.decode()


def test_minutes_of_non_public_meetings_are_not_in_the_atom_feed(client, board, board_office):
    meeting = make_meeting(
        board, is_public=False, starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    publish_minutes(minutes=make_minutes(meeting, text="Nur intern"), by=board_office)
    assert feedparser.parse(client.get(ATOM).content).entries == []


def test_feeds_are_linked_from_the_board_page(client, board):
    html = client.get(reverse("participation:board")).content.decode()
    assert f'href="{CALENDAR}"' in html
    assert f'href="{ATOM}"' in html
