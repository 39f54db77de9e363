"""Query counts of the board pages stay ≤ 10 and flat with 10 years of meetings."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guidelines.models import Document, Version
from participation.models import Meeting, Membership, Minutes, SeatType
from tests.participation.board.factories import (
    make_agenda_item,
    make_attachment,
    make_board,
    make_meeting,
    make_membership,
    make_minutes,
    make_seat,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
YEARS = 10
PER_YEAR = 8


@pytest.fixture
def board():
    board = make_board(name="Beteiligungsbeirat", slug="beirat")
    for n, seat_type in enumerate([SeatType.RESIDENT] * 8 + [SeatType.ADMINISTRATION] * 3):
        seat = make_seat(board, seat_type)
        make_membership(
            seat,
            name=f"Mitglied {n}",
            consent_to_publish=n % 2 == 0,
            consent_date=datetime.date(2025, 1, 1) if n % 2 == 0 else None,
        )
        make_membership(seat, name=f"Stellvertretung {n}", role=Membership.Role.DEPUTY)
    return board


@pytest.fixture
def document():
    """A public guideline document that one agenda item of every meeting links to."""
    document = Document.objects.create(title="Leitlinien", slug="leitlinien")
    Version.objects.create(document=document, label="Entwurf", state=Version.State.CONSULTATION)
    return document


def add_meeting(board, starts_at, document, *, items=6) -> Meeting:
    meeting = make_meeting(board, starts_at=starts_at, state=Meeting.State.HELD)
    for order in range(1, items + 1):
        link = (
            {"content_type": ContentType.objects.get_for_model(Document), "object_id": document.pk}
            if order == 3
            else {}
        )
        item = make_agenda_item(meeting, title=f"Punkt {order}", is_public=order != 5, **link)
        if order == 2:
            make_attachment(agenda_item=item, title="Vorlage")
    make_attachment(meeting=meeting, title="Einladung")
    minutes = make_minutes(meeting)
    Minutes.objects.filter(pk=minutes.pk).update(
        state=Minutes.State.PUBLISHED, published_at=starts_at
    )
    return meeting


def seed_years(board, document) -> Meeting:
    now = timezone.now()
    last = None
    for n in range(YEARS * PER_YEAR):
        last = add_meeting(board, now - datetime.timedelta(days=45 * n + 3), document)
    make_meeting(board)  # one upcoming
    return last


def count(client, url: str) -> int:
    client.get(url)  # warm-up: content types, translations
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def pages(board, meeting: Meeting) -> list[str]:
    return [
        reverse("participation:board"),
        reverse("participation:board_meetings"),
        meeting.get_absolute_url(),
        reverse("participation:board_minutes", kwargs={"pk": meeting.pk}),
        reverse("participation:board_archive", kwargs={"year": meeting.starts_at.year}),
        reverse("participation:board_calendar"),
        reverse("participation:board_minutes_feed"),
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "resident"])
def test_board_pages_need_at_most_ten_queries_however_many_years_of_meetings(
    client, board, document, resident, viewer, django_assert_max_num_queries
):
    if viewer == "resident":
        client.force_login(resident)
    first = add_meeting(board, timezone.now() - datetime.timedelta(days=3), document)
    small = {url: count(client, url) for url in pages(board, first)}
    seed_years(board, document)
    large = {url: count(client, url) for url in pages(board, first)}
    assert large == small
    assert (
        f'href="{document.get_absolute_url()}"'
        in client.get(first.get_absolute_url()).content.decode()
    )
    for url in pages(board, first):
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url)
