"""Factory functions for board objects, shared by the board's tests and the public pages'.

Each takes keyword overrides and saves the object. ``pdf_bytes()`` is a minimal valid
PDF for attachments.
"""

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from participation.models import (
    AgendaItem,
    Application,
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
    SeatType,
)

_counter = itertools.count(1)


def make_board(**fields) -> Board:
    n = next(_counter)
    values = {
        "name": f"Beteiligungsbeirat {n}",
        "slug": f"beirat-{n}",
        "purpose": "Der Beirat begleitet die **Leitlinien** der Bürgerbeteiligung.",
        "rules_of_procedure": "## § 1 Aufgaben\n\nDer Beirat berät.",
    }
    values.update(fields)
    return Board.objects.create(**values)


def make_term(board: Board, **fields) -> BoardTerm:
    values = {
        "name": "2025–2027",
        "start": datetime.date(2025, 1, 1),
        "end": datetime.date(2027, 12, 31),
    }
    values.update(fields)
    return BoardTerm.objects.create(board=board, **values)


def make_seat(board: Board, seat_type: str = SeatType.RESIDENT, **fields) -> Seat:
    values = {"label": "", "order": next(_counter)}
    values.update(fields)
    return Seat.objects.create(board=board, seat_type=seat_type, **values)


def make_membership(seat: Seat, name: str = "Erika Beispiel", **fields) -> Membership:
    """A current holder (role member) who consented to publication, unless overridden."""
    today = timezone.localdate()
    values = {
        "role": Membership.Role.MEMBER,
        "start": today - datetime.timedelta(days=100),
        "end": None,
        "consent_to_publish": True,
        "consent_date": today - datetime.timedelta(days=100),
    }
    values.update(fields)
    membership = Membership(seat=seat, name=name, **values)
    membership.full_clean()
    membership.save()
    return membership


def make_meeting(board: Board, **fields) -> Meeting:
    """A public planned meeting in 14 days, numbered after the board's last one."""
    values = {
        "number": (board.meetings.order_by("-number").values_list("number", flat=True).first() or 0)
        + 1,
        "starts_at": timezone.now() + datetime.timedelta(days=14),
        "place": "Rathaus, Sitzungssaal 1",
        "accessibility_note": "Stufenloser Zugang über den Seiteneingang.",
    }
    values.update(fields)
    return Meeting.objects.create(board=board, **values)


def make_agenda_item(meeting: Meeting, title: str = "Bericht der Geschäftsstelle", **fields):
    values = {"order": meeting.agenda_items.count() + 1, "description": "Kurzer Bericht."}
    values.update(fields)
    values.setdefault("number", str(values["order"]))
    return AgendaItem.objects.create(meeting=meeting, title=title, **values)


def make_minutes(meeting: Meeting, **fields) -> Minutes:
    """Draft minutes; use ``participation.board.services.publish_minutes`` to publish."""
    values = {"text": "## TOP 1\n\nDer Beirat nahm den Bericht zur Kenntnis."}
    values.update(fields)
    return Minutes.objects.create(meeting=meeting, **values)


def pdf_bytes(body: bytes = b"") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        + body
        + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def make_attachment(
    meeting: Meeting | None = None, agenda_item: AgendaItem | None = None, **fields
) -> Attachment:
    values = {"title": "Einladung", "kind": Attachment.Kind.DOCUMENT, "is_public": True}
    values.update(fields)
    attachment = Attachment(meeting=meeting, agenda_item=agenda_item, **values)
    attachment.file = ContentFile(pdf_bytes(), name="upload.pdf")
    attachment.full_clean()
    attachment.save()
    return attachment


def make_call(board: Board, *, pools: dict[str, int] | None = None, **fields) -> Call:
    """An open call; ``pools`` maps pool names to seats (none: one draw for all)."""
    now = timezone.now()
    values = {
        "title": "Bewerbung für den Beteiligungsbeirat",
        "text": "Bewerben Sie sich!",
        "opens_at": now - datetime.timedelta(days=10),
        "closes_at": now + datetime.timedelta(days=10),
        "minimum_age": 14,
        "residence_required": True,
        "seats": sum(pools.values()) if pools else 8,
    }
    values.update(fields)
    call = Call.objects.create(board=board, **values)
    for order, (name, seats) in enumerate((pools or {}).items()):
        Pool.objects.create(call=call, name=name, seats=seats, order=order)
    return call


def make_lottery_run(call: Call, *, confirmed: bool = True, **fields) -> LotteryRun:
    """A draw of ``call`` for one pool of two seats, confirmed (public) unless told not."""
    values = {
        "seed": "3 1 4 1 5 9",
        "algorithm_version": "sha256-fisher-yates-1",
        "pools": {"Alle Bewerbungen": 2},
        "result": {"Alle Bewerbungen": [4, 2, 3, 1]},
        "confirmed": confirmed,
        "confirmed_at": timezone.now() if confirmed else None,
    }
    values.update(fields)
    return LotteryRun.objects.create(call=call, **values)


def make_applications(call: Call, count: int, pool: Pool | None = None) -> list[Application]:
    """``count`` eligible applications, numbered after the call's last one."""
    start = call.applications.order_by("-number").values_list("number", flat=True).first() or 0
    return Application.objects.bulk_create(
        Application(
            call=call,
            pool=pool,
            number=start + i,
            name=f"Bewerber {start + i}",
            contact=f"bewerber{start + i}@example.org",
            birth_year=1980,
            age_confirmed=True,
            residence_confirmed=True,
        )
        for i in range(1, count + 1)
    )
