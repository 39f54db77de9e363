"""Which cached board pages a write makes out of date (see participation.pagecache).

One generation, ``board``, for everything the board's pages show: boards, terms, seats,
memberships, calls with their pools, lottery runs, meetings, agenda items, attachments
and minutes. Staff write these a few times a month, and one write can show on several
pages (a meeting on the board page, the meeting list, the archive and its own page), so
every write invalidates every board page. Applications are not connected: no public page
shows them (the lottery protocol keeps its numbers in the run).

A meeting page also names what its agenda items link to (guideline documents, entries of
the Vorhabenliste, Anregungen); the apps that own those objects add the generations of
their titles with :func:`link_generations` in their ``ready()``, because participation
imports nothing from them.

Model saves and deletes are caught by receivers (connected in ``ParticipationConfig.ready``);
writes through ``bulk_create``/``update()`` of public data call :func:`board_changed`
themselves (the seating of a lottery's drawn applicants, ``participation.board.seats``;
the retention job's ``update()`` only stamps non-public fields). Every bump happens on
commit. What changes by time (a meeting starting, a call opening or closing, a
membership starting or ending on a day) is passed to ``pagecache.changes_at`` by the views.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from participation.models import (
    AgendaItem,
    Attachment,
    Board,
    BoardTerm,
    Call,
    LotteryRun,
    Meeting,
    Membership,
    Minutes,
    Pool,
    Seat,
)
from participation.pagecache import bump

BOARD = "board"
MODELS = (
    Board,
    BoardTerm,
    Seat,
    Membership,
    Call,
    Pool,
    LotteryRun,
    Meeting,
    AgendaItem,
    Attachment,
    Minutes,
)
_linked: set[str] = set()


def link_generations(*names: str) -> None:
    """Meeting pages also show objects built from these generations (agenda links)."""
    _linked.update(names)


def board_generations(**_url: Any) -> tuple[str, ...]:
    return (BOARD,)


def meeting_generations(**_url: Any) -> tuple[str, ...]:
    return (BOARD, *sorted(_linked))


def board_changed() -> None:
    bump(BOARD)


def _on_board(sender: type, **kwargs: Any) -> None:
    board_changed()


def connect() -> None:
    for model in MODELS:
        uid = f"pagecache-board-{model.__name__}"
        post_save.connect(_on_board, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_board, sender=model, dispatch_uid=uid)
