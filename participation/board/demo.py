"""The demo board of ``manage.py seed_demo``, modelled on the reference case.

Texts and names live in ``participation/board/demo/`` (JSON and Markdown). The board
gets 16 seats, a term around today, a completed lottery among 30 numbered applications
in three pools (one drawn member later resigned and the next successor moved up),
four held meetings (three with published minutes, one with a draft) and an upcoming
one whose agenda links a guideline document if one exists. Idempotent: a second run
only adds the guideline link if it was missing.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from participation.board import seats as seat_services
from participation.models import (
    AgendaItem,
    Application,
    Board,
    BoardTerm,
    Call,
    Meeting,
    Membership,
    Minutes,
    Pool,
    Seat,
    User,
)

DATA = Path(__file__).parent / "demo"
STAFF_EMAIL = "beirat@example.org"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _json(name: str) -> Any:
    return json.loads(_text(name))


@transaction.atomic
def seed() -> str:
    spec = _json("board.json")
    board = Board.objects.filter(slug=spec["slug"]).first()
    if board is not None:
        linked = _link_guideline(board)
        return "Board demo: already there" + (", guideline linked." if linked else ".")
    board = Board.objects.create(
        name=spec["name"],
        slug=spec["slug"],
        purpose=_text("purpose.md"),
        rules_of_procedure=_text("rules.md"),
    )
    term = _term(board)
    seats = Seat.objects.bulk_create(
        Seat(board=board, seat_type=s["type"], label=s["label"], order=i)
        for i, s in enumerate(spec["seats"], start=1)
    )
    by_label = {seat.label: seat for seat in seats}
    members = _appointed_members(spec["members"], by_label, term)
    drawn = _lottery(board, term, spec["call"], spec["applicant_names"])
    meetings = _meetings(board)
    linked = _link_guideline(board)
    return (
        f"Board demo: “{board.name}” with {len(seats)} seats, {members + drawn} memberships, "
        f"{len(meetings)} meetings" + (", guideline linked." if linked else ".")
    )


def _term(board: Board) -> BoardTerm:
    today = timezone.localdate()
    start = (today - datetime.timedelta(days=230)).replace(day=1)
    end = start.replace(year=start.year + 2) - datetime.timedelta(days=1)
    return BoardTerm.objects.create(
        board=board, name=f"{start.year}–{end.year}", start=start, end=end
    )


def _appointed_members(specs: list[dict[str, Any]], seats: dict[str, Seat], term: BoardTerm) -> int:
    consent_date = term.start - datetime.timedelta(days=14)
    for spec in specs:
        member = Membership(
            seat=seats[spec["seat"]],
            name=spec["name"],
            role=spec["role"],
            voting_right=spec.get("voting_right", True),
            start=term.start,
            end=term.end,
            consent_to_publish=spec["consent"],
            consent_date=consent_date if spec["consent"] else None,
        )
        member.full_clean()
        member.save()
    return len(specs)


def _lottery(board: Board, term: BoardTerm, spec: dict[str, Any], names: list[str]) -> int:
    """Applications in pools, a confirmed draw, consents, one resignation with successor."""
    call = Call.objects.create(
        board=board,
        term=term,
        title=spec["title"],
        text=_text(spec["text_file"]),
        opens_at=timezone.make_aware(
            datetime.datetime.combine(term.start - datetime.timedelta(days=90), datetime.time(8))
        ),
        closes_at=timezone.make_aware(
            datetime.datetime.combine(term.start - datetime.timedelta(days=45), datetime.time(23))
        ),
        minimum_age=spec["minimum_age"],
        seats=sum(seats for _name, seats, _count in spec["pools"]),
    )
    applications = []
    remaining = iter(names)
    for order, (name, seats, count) in enumerate(spec["pools"]):
        pool = Pool.objects.create(call=call, name=name, seats=seats, order=order)
        applications += [
            Application(call=call, pool=pool, name=next(remaining)) for _ in range(count)
        ]
    # Numbers in order of arrival, as the form would give them, not grouped by pool.
    applications.sort(key=lambda a: a.name)
    for number, application in enumerate(applications, start=1):
        application.number = number
        application.contact = f"bewerbung{number}@example.org"
        application.birth_year = 1950 + (number * 7) % 55
        application.age_confirmed = application.residence_confirmed = True
    Application.objects.bulk_create(applications)

    staff = User.objects.filter(email=STAFF_EMAIL).first()
    run = seat_services.run_lottery(call=call, seed=spec["seed"], by=staff)
    run.run_at = call.closes_at + datetime.timedelta(days=7)
    run.save(update_fields=["run_at"])
    drawn = seat_services.confirm_lottery(run=run, start=term.start)
    for index, member in enumerate(drawn):
        if index != spec["not_consenting"]:
            member.consent_to_publish = True
            member.consent_date = term.start - datetime.timedelta(days=10)
            member.save(update_fields=["consent_to_publish", "consent_date"])
    successor = seat_services.vacate_seat(
        membership=drawn[spec["resigned"]],
        end=term.start + datetime.timedelta(days=100),
        reason=Membership.EndReason.MOVED_AWAY,
    )
    if successor is not None:
        successor.consent_to_publish = True
        successor.consent_date = successor.start
        successor.save(update_fields=["consent_to_publish", "consent_date"])
    return len(drawn) + (successor is not None)


def _meetings(board: Board) -> list[Meeting]:
    now = timezone.localtime()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    meetings: list[Meeting] = []
    for number, spec in enumerate(_json("meetings.json"), start=1):
        starts_at = (now + datetime.timedelta(days=spec["days"])).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
        past = spec["days"] < 0
        meeting = Meeting.objects.create(
            board=board,
            number=number,
            title=spec["title"],
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="Rathaus, Sitzungssaal 1",
            accessibility_note="Stufenloser Zugang über den Seiteneingang am Willy-Brandt-Platz, "
            "Aufzug vorhanden, induktive Höranlage im Saal.",
            state=Meeting.State.HELD if past else Meeting.State.PLANNED,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                order=order,
                number=str(order),
                title=item["title"],
                description=item.get("description", ""),
                description_html="",
                is_public=item.get("public", True),
                outcome=item.get("outcome", ""),
                votes_for=item["votes"][0] if "votes" in item else None,
                votes_against=item["votes"][1] if "votes" in item else None,
                abstentions=item["votes"][2] if "votes" in item else None,
            )
            for order, item in enumerate(spec["agenda"], start=1)
        )
        for item in meeting.agenda_items.exclude(description=""):
            item.save(update_fields=["description"])  # renders the cached HTML
        if "minutes" in spec:
            published = spec["minutes_state"] != Minutes.State.DRAFT
            Minutes.objects.create(
                meeting=meeting,
                text=_text(spec["minutes"]),
                state=spec["minutes_state"],
                published_at=starts_at + datetime.timedelta(days=9) if published else None,
                published_by=staff if published else None,
            )
        meetings.append(meeting)
    for minutes, later in zip(
        Minutes.objects.filter(meeting__board=board).order_by("meeting__starts_at"),
        meetings[1:],
        strict=False,
    ):
        if minutes.state == Minutes.State.APPROVED:
            minutes.approved_at_meeting = later
            minutes.save(update_fields=["approved_at_meeting"])
    return meetings


def _link_guideline(board: Board) -> bool:
    """Point the upcoming meeting's guideline item at a document, looked up by name so
    that participation does not import guidelines."""
    try:
        document_model = apps.get_model("guidelines", "Document")
    except LookupError:
        return False
    document = document_model.objects.order_by("pk").first()
    titles = [
        item["title"]
        for spec in _json("meetings.json")
        for item in spec["agenda"]
        if item.get("link_guideline")
    ]
    item = AgendaItem.objects.filter(
        meeting__board=board, title__in=titles, content_type__isnull=True
    ).first()
    if document is None or item is None:
        return False
    item.content_type = ContentType.objects.get_for_model(document_model)
    item.object_id = document.pk
    item.save(update_fields=["content_type", "object_id"])
    return True
