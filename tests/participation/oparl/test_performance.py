"""A list page costs at most five queries whatever its size; a crawl of ten years of
meetings takes at most five seconds."""

import datetime
import time
from collections import Counter

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from participation.models import AgendaItem, Attachment, Meeting, Membership, Minutes
from tests.participation.board import factories as f
from tests.participation.oparl.crawl import crawl, crawl_lists

LISTS = ["organization", "person", "membership", "meeting", "agendaItem", "file"]
LISTS += ["legislativeTerm", "paper"]


@pytest.fixture
def ten_years(db):
    """80 meetings over ten years with 8 items each, files, minutes, 40 members."""
    board = f.make_board()
    for year in range(10):
        f.make_term(
            board,
            name=str(2017 + year),
            start=datetime.date(2017 + year, 1, 1),
            end=datetime.date(2017 + year, 12, 31),
        )
    seats = [f.make_seat(board) for _ in range(20)]
    start = timezone.now() - datetime.timedelta(days=3650)
    Membership.objects.bulk_create(
        Membership(
            seat=seat,
            name=f"Mitglied {i}-{n}",
            start=start.date() + datetime.timedelta(days=1800 * n),
            end=None if n else start.date() + datetime.timedelta(days=1799),
            consent_to_publish=i % 5 != 0,
        )
        for i, seat in enumerate(seats)
        for n in range(2)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            board=board,
            number=n + 1,
            title=f"Sitzung {n + 1}",
            starts_at=start + datetime.timedelta(days=45 * n),
            place="Rathaus",
            state=Meeting.State.HELD,
            is_public=n % 10 != 9,
        )
        for n in range(80)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=m,
            order=o,
            number=str(o),
            title=f"TOP {o}",
            is_public=o != 8,
            outcome="Empfohlen",
            votes_for=7,
        )
        for m in meetings
        for o in range(1, 9)
    )
    pdf = f.pdf_bytes()
    for meeting in meetings:
        invitation = Attachment(meeting=meeting, title="Einladung", kind="invitation")
        invitation.file.save("e.pdf", ContentFile(pdf), save=True)
        protocol = Attachment(meeting=meeting, title="Protokoll", kind="minutes")
        protocol.file.save("p.pdf", ContentFile(pdf), save=True)
        Minutes.objects.create(meeting=meeting, text="Protokoll", state="published", pdf=protocol)
    for item in items[::4]:
        document = Attachment(agenda_item=item, title="Vorlage")
        document.file.save("v.pdf", ContentFile(pdf), save=True)
    return board


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        "?limit=100",
        "?limit=100&page=2",
        "?limit=1",
        "?limit=100&modified_since=2000-01-01T00:00:00%2B01:00",
    ],
)
def test_every_list_page_costs_at_most_five_queries(
    client, ten_years, name, query, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get(f"/oparl/v1/body/1/{name}{query}")
    assert response.status_code == 200


def test_a_list_page_after_deletions_with_tombstones_costs_at_most_five_queries(
    client, ten_years, django_assert_max_num_queries
):
    since = timezone.now().isoformat().replace("+", "%2B")
    for meeting in Meeting.objects.public()[:3]:
        meeting.delete()
    for page in (1, 2, 3, 4):
        with django_assert_max_num_queries(5):
            response = client.get(
                f"/oparl/v1/body/1/meeting?limit=1&page={page}&modified_since={since}"
            )
        assert response.status_code == 200
    data = client.get(f"/oparl/v1/body/1/meeting?modified_since={since}").json()["data"]
    assert len(data) == 3
    assert all(m["deleted"] for m in data)


@pytest.mark.parametrize("name", ["meeting", "agendaItem", "file", "person", "organization"])
def test_a_single_object_costs_at_most_five_queries(
    client, ten_years, name, django_assert_max_num_queries
):
    first = client.get(f"/oparl/v1/body/1/{name}?limit=1").json()["data"][0]
    with django_assert_max_num_queries(5):
        assert client.get(first["id"].removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_a_crawl_of_ten_years_of_meetings_takes_at_most_five_seconds(client, ten_years):
    """A syncing client walks the lists (System, Body, every list page by page)."""
    started = time.perf_counter()
    objects, requests = crawl_lists(client)
    elapsed = time.perf_counter() - started
    types = Counter(obj["type"].rsplit("/", 1)[-1] for obj in objects.values())
    assert types["Meeting"] == 72
    assert types["AgendaItem"] == 72 * 7
    assert types["Person"] == 32
    print(f"list crawl: {requests} requests, {len(objects)} objects, {elapsed:.2f} s")
    assert elapsed <= 5


def test_fetching_every_address_of_ten_years_once_stays_within_fifteen_seconds(client, ten_years):
    """Every address of every object fetched once (1,000+ requests), as the link check
    does; the server's share is measured, the test client's schema checks come on top."""
    timings: list[float] = []
    objects, texts = crawl(client, timings=timings)
    assert len([o for o in objects.values() if o["type"].endswith("/Meeting")]) == 72
    print(f"full crawl: {len(texts)} requests, {len(objects)} objects, {sum(timings):.2f} s")
    assert sum(timings) <= 15
