"""Reading the board: its page, meetings, a meeting, minutes and the lottery protocol.

Each page runs a fixed number of queries however many years of meetings exist (pinned
in tests/participation/board/test_queries.py). Non-public agenda items reach the
template only as a count: their titles, descriptions, outcomes, attachments and links
never leave this module.

Anonymous readers get these pages from the page cache (``participation.board.invalidation``).
Each view names the moments its page changes by itself: a meeting starting (upcoming →
past, the next meeting), a call opening or closing, a meeting leaving the last twelve
months, and midnight for the members (memberships start and end by date).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from participation import pagecache
from participation.board import agenda_links, lottery
from participation.board.agenda_links import AgendaLink
from participation.board.invalidation import board_generations, meeting_generations
from participation.markdown import render_markdown
from participation.models import (
    AgendaItem,
    Attachment,
    Board,
    Call,
    LotteryRun,
    Meeting,
    Membership,
    Minutes,
    Seat,
    SeatType,
)

RECENT_DAYS = 365


@dataclass(frozen=True)
class NonPublicPart:
    """Consecutive non-public agenda items, shown only as "nicht öffentlicher Teil"."""

    count: int


@dataclass(frozen=True)
class BoardUrls:
    """Addresses of a board's pages: short ones for the main board, with the slug else."""

    board: str
    meetings: str
    slug: str | None

    def archive(self, year: int) -> str:
        if self.slug is None:
            return reverse("participation:board_archive", kwargs={"year": year})
        return reverse("participation:board_archive_of", kwargs={"slug": self.slug, "year": year})


def _urls(board: Board, *, main: bool) -> BoardUrls:
    if main:
        return BoardUrls(
            reverse("participation:board"), reverse("participation:board_meetings"), None
        )
    return BoardUrls(
        reverse("participation:board_detail", kwargs={"slug": board.slug}),
        reverse("participation:board_meetings_of", kwargs={"slug": board.slug}),
        board.slug,
    )


def _main_board() -> Board:
    board = Board.objects.order_by("pk").first()
    if board is None:
        raise Http404
    return board


def _board(slug: str | None) -> tuple[Board, BoardUrls]:
    if slug is None:
        board = _main_board()
        return board, _urls(board, main=True)
    board = get_object_or_404(Board, slug=slug)
    return board, _urls(board, main=False)


def _years(board: Board, urls: BoardUrls) -> list[tuple[int, str]]:
    """Years with public meetings, newest first, with their archive addresses."""
    moments = Meeting.objects.public().filter(board=board).datetimes("starts_at", "year", "DESC")
    return [(moment.year, urls.archive(moment.year)) for moment in moments]


def _published_minutes(meeting: Meeting) -> Minutes | None:
    try:
        minutes = meeting.minutes
    except Minutes.DoesNotExist:
        return None
    return minutes if minutes.is_published else None


# --- the board -------------------------------------------------------------------------


@dataclass
class SeatGroup:
    label: str
    seats: list[Seat]


def _seat_groups(board: Board) -> list[SeatGroup]:
    """Seats by seat type (in the order of ``SeatType``) with their current members.

    Each seat gets ``holders`` and ``deputies``; templates show ``public_name`` only.
    """
    current = Membership.objects.current().order_by("role", "start", "pk")
    seats = list(
        Seat.objects.filter(board=board).prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_members")
        )
    )
    for seat in seats:
        members = seat.current_members  # type: ignore[attr-defined]
        seat.holders = [m for m in members if not m.is_deputy]  # type: ignore[attr-defined]
        seat.deputies = [m for m in members if m.is_deputy]  # type: ignore[attr-defined]
    order = {value: index for index, value in enumerate(SeatType.values)}
    seats.sort(key=lambda seat: (order.get(seat.seat_type, len(order)), seat.order, seat.pk))
    return [
        SeatGroup(label=str(SeatType(seat_type).label), seats=list(group))
        for seat_type, group in groupby(seats, key=lambda seat: seat.seat_type)
    ]


def _calls(board: Board) -> list[Call]:
    """Calls still to come or open, and calls with a confirmed (public) lottery, one query."""
    confirmed = LotteryRun.objects.filter(call=OuterRef("pk"), confirmed=True).values("pk")[:1]
    return list(
        Call.objects.filter(board=board)
        .annotate(confirmed_run=Subquery(confirmed))
        .filter(Q(closes_at__gt=timezone.now()) | Q(confirmed_run__isnull=False))
        .order_by("-opens_at")
    )


def _board_page(
    request: HttpRequest, board: Board, urls: BoardUrls, others: list[Board]
) -> HttpResponse:
    next_meeting = Meeting.objects.next_for(board)
    latest_minutes = Minutes.objects.latest_for(board)
    calls = _calls(board)
    pagecache.changes_at(
        request,
        pagecache.next_midnight(),
        next_meeting.starts_at if next_meeting else None,
        *(moment for call in calls for moment in (call.opens_at, call.closes_at)),
    )
    return render(
        request,
        "participation/board/board_detail.html",
        {
            "board": board,
            "urls": urls,
            "seat_groups": _seat_groups(board),
            "next_meeting": next_meeting,
            "latest_minutes": latest_minutes,
            "calls": calls,
            "other_boards": others,
        },
    )


@require_safe
@pagecache.public_page(board_generations)
def board(request: HttpRequest) -> HttpResponse:
    """The main (first) board; the others are linked from it."""
    boards = list(Board.objects.order_by("pk"))
    if not boards:  # the main navigation links here before staff have set a board up
        return render(request, "participation/board/board_none.html")
    main, others = boards[0], boards[1:]
    return _board_page(request, main, _urls(main, main=True), others)


@require_safe
@pagecache.public_page(board_generations)
def board_detail(request: HttpRequest, slug: str) -> HttpResponse:
    board, urls = _board(slug)
    return _board_page(request, board, urls, [])


# --- meetings --------------------------------------------------------------------------


@require_safe
@pagecache.public_page(board_generations, signed_in=True)
def meetings(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Upcoming meetings and those of the last twelve months; older ones in the archive."""
    board, urls = _board(slug)
    now = timezone.now()
    recent = list(
        Meeting.objects.public()
        .with_minutes()
        .filter(board=board, starts_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
        .order_by("starts_at")
    )
    pagecache.changes_at(
        request,
        *(m.starts_at for m in recent if m.starts_at >= now),
        *(m.starts_at + datetime.timedelta(days=RECENT_DAYS) for m in recent),
    )
    return render(
        request,
        "participation/board/meeting_list.html",
        {
            "board": board,
            "urls": urls,
            "upcoming": [m for m in recent if m.starts_at >= now],
            "past": [m for m in reversed(recent) if m.starts_at < now],
            "years": _years(board, urls),
            "year": None,
        },
    )


@require_safe
@pagecache.public_page(board_generations, signed_in=True)
def archive(request: HttpRequest, year: int, slug: str | None = None) -> HttpResponse:
    board, urls = _board(slug)
    years = _years(board, urls)
    if year not in {y for y, _url in years}:
        raise Http404
    in_year = list(
        Meeting.objects.public()
        .with_minutes()
        .filter(board=board)
        .in_year(year)
        .order_by("starts_at")
    )
    return render(
        request,
        "participation/board/meeting_list.html",
        {"board": board, "urls": urls, "past": in_year, "years": years, "year": year},
    )


def _agenda(meeting: Meeting) -> list[AgendaItem | NonPublicPart]:
    """The agenda in order; runs of non-public items collapse into one placeholder."""
    public_attachments = Attachment.objects.filter(is_public=True).order_by("pk")
    items = list(
        meeting.agenda_items.select_related("content_type").prefetch_related(
            Prefetch(
                "attachments",
                queryset=public_attachments.filter(agenda_item__is_public=True),
                to_attr="public_attachments",
            )
        )
    )
    agenda: list[AgendaItem | NonPublicPart] = []
    for is_public, run in groupby(items, key=lambda item: item.is_public):
        if is_public:
            agenda.extend(run)
        else:
            agenda.append(NonPublicPart(count=len(list(run))))
    public = [item for item in items if item.is_public]
    links = _linked_objects(public)
    held_elsewhere = agenda_links.links_to([item.pk for item in public])
    for item in public:
        target = links.get((item.content_type_id, item.object_id))
        own = [AgendaLink(title=str(target), url=target.get_absolute_url())] if target else []
        item.links = own + held_elsewhere.get(item.pk, [])  # type: ignore[attr-defined]
    return agenda


def _linked_objects(items: Sequence[AgendaItem]) -> dict[tuple[int | None, int | None], Any]:
    """The objects the items link to, one query per kind of object.

    Where the other app's manager has ``public()`` (guideline documents, Vorhaben), only
    what it returns is linked: an item never names a draft or hidden object.
    """
    wanted: dict[int, tuple[ContentType, set[int]]] = {}
    for item in items:
        content_type = item.content_type
        if content_type is not None and item.object_id is not None:
            wanted.setdefault(content_type.pk, (content_type, set()))[1].add(item.object_id)
    found: dict[tuple[int | None, int | None], Any] = {}
    for content_type_id, (content_type, ids) in wanted.items():
        model = content_type.model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue
        manager = model._default_manager
        queryset = manager.public() if hasattr(manager, "public") else manager.all()
        for target in queryset.filter(pk__in=ids):
            found[(content_type_id, target.pk)] = target
    return found


def _public_meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.public().select_related(
            "board", "minutes__pdf", "minutes__approved_at_meeting"
        ),
        pk=pk,
    )


@require_safe
@pagecache.public_page(meeting_generations, signed_in=True)
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _public_meeting(pk)
    published = _published_minutes(meeting)
    attachments = Attachment.objects.filter(meeting=meeting, is_public=True)
    if published is None:
        # A minutes PDF is public only together with the published minutes.
        attachments = attachments.exclude(kind=Attachment.Kind.MINUTES)
    pagecache.changes_at(request, meeting.starts_at)  # upcoming → past
    return render(
        request,
        "participation/board/meeting_detail.html",
        {
            "board": meeting.board,
            "meeting": meeting,
            "agenda": _agenda(meeting),
            "attachments": list(attachments.order_by("kind", "pk")),
            "minutes": published,
            "is_past": meeting.starts_at < timezone.now(),
        },
    )


@require_safe
@pagecache.public_page(board_generations, signed_in=True)
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The published minutes of meeting ``pk``; drafts answer 404 to everyone."""
    meeting = _public_meeting(pk)
    published = _published_minutes(meeting)
    if published is None:
        raise Http404
    pdf = published.pdf if published.pdf and published.pdf.is_public else None
    return render(
        request,
        "participation/board/minutes_detail.html",
        {"board": meeting.board, "meeting": meeting, "minutes": published, "pdf": pdf},
    )


# --- the lottery -----------------------------------------------------------------------


@require_safe
@pagecache.public_page(board_generations, signed_in=True)
def lottery_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The public protocol of a confirmed draw: seed, method, pools, numbers — no names."""
    run = get_object_or_404(
        LotteryRun.objects.filter(confirmed=True).select_related("call__board"), pk=pk
    )
    language = "en" if (translation.get_language() or "de").startswith("en") else "de"
    drawn, successors = run.drawn(), run.successors()
    pools = [
        {
            "name": name,
            "seats": run.pools.get(name, 0),
            "applications": len(numbers),
            "drawn": drawn.get(name, []),
            "successors": successors.get(name, []),
        }
        for name, numbers in run.result.items()
    ]
    return render(
        request,
        "participation/board/lottery_detail.html",
        {
            "board": run.call.board,
            "run": run,
            "call": run.call,
            "pools": pools,
            "description_html": render_markdown(lottery.description(language)),
            "description_language": language,
        },
    )
