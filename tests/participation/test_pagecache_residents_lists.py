"""The Vorhabenliste and the board's meeting pages show residents nothing of their own but
the header: residents get the stored page with their own header (participation.pagecache)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.board.services import publish_minutes
from projects.views.listing import edition_print_url
from tests.conftest import rendered_without_cache, signed_in, stored_page_keys, without_tokens
from tests.participation.board.factories import (
    make_agenda_item,
    make_board,
    make_call,
    make_lottery_run,
    make_meeting,
    make_minutes,
)
from tests.projects.factories import make_edition, make_project

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture
def pages(db, editor):
    make_project("Neubau der Stadtbibliothek")
    edition = make_edition("2026/1", frozen_at=timezone.now())
    board = make_board()
    held = make_meeting(board, starts_at=timezone.now() - datetime.timedelta(days=30))
    make_agenda_item(held)
    minutes = make_minutes(held)
    publish_minutes(minutes=minutes, by=editor)
    closed = make_call(
        board,
        opens_at=timezone.now() - datetime.timedelta(days=40),
        closes_at=timezone.now() - datetime.timedelta(days=10),
    )
    lottery = make_lottery_run(closed)
    return [
        reverse("projects:project_list"),
        reverse("projects:project_list") + "?status=planning",
        reverse("projects:project_print"),
        edition_print_url(edition),
        lottery.get_absolute_url(),
        reverse("participation:board_meetings"),
        reverse("participation:board_archive", args=[held.starts_at.year]),
        reverse("participation:board_meeting", args=[held.pk]),
        reverse("participation:board_minutes", args=[held.pk]),
    ]


def test_residents_get_the_stored_page_with_their_own_header(
    pages, resident, settings, django_assert_max_num_queries
):
    client = signed_in(resident)
    client.get(pages[0])  # the first request of a session fills Django's caches
    for path in pages:
        anonymous = Client().get(path)
        assert anonymous.status_code == 200, path
        stored = len(stored_page_keys())

        # The session and the user (database sessions in tests): none of the page's own.
        with django_assert_max_num_queries(2):
            response = client.get(path)

        content = without_tokens(response)
        assert reverse("account_logout") in content, path
        assert reverse("account_login") + '"' not in content, path
        assert "\x00" not in content, path
        assert "no-store" in response["Cache-Control"], path
        assert len(stored_page_keys()) == stored, path  # served from the anonymous entry
        assert content == rendered_without_cache(client, path, settings), path


def test_a_resident_arriving_first_stores_the_page_for_everyone(pages, resident):
    path = pages[0]
    signed_in(resident).get(path)

    anonymous = Client().get(path).content.decode()

    assert anonymous.count(reverse("account_logout")) == 0
    assert resident.display_name not in anonymous
    assert len(stored_page_keys()) == 1
