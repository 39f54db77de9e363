"""Board objects as OParl 1.1 JSON objects (plain dicts, no database access).

Every function takes rows that the list or object views loaded in bulk and returns the
object as the specification names its fields. Dates are ``YYYY-MM-DD``, date-times
ISO 8601 in Europe/Berlin with offset and without fractions of a second. Fields without
a value are left out, as the specification asks, instead of being ``null``.
Human-readable values (roles, meeting names) are in ``LANGUAGE_CODE``: the views render
under it, so that every client gets the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from participation.models import (
    AgendaItem,
    Attachment,
    Board,
    BoardTerm,
    Meeting,
    Membership,
    OParlTombstone,
    OParlType,
)

SCHEMA = "https://schema.oparl.org/1.1/"
BODY_ID = 1

Json = dict[str, Any]

MEETING_STATES = {
    Meeting.State.PLANNED: "terminiert",
    Meeting.State.HELD: "durchgeführt",
    Meeting.State.CANCELLED: "abgesagt",
    Meeting.State.POSTPONED: "verschoben",
}

PATHS = {
    OParlType.ORGANIZATION: "organization",
    OParlType.LEGISLATIVE_TERM: "legislativeTerm",
    OParlType.PERSON: "person",
    OParlType.MEMBERSHIP: "membership",
    OParlType.MEETING: "meeting",
    OParlType.AGENDA_ITEM: "agendaItem",
    OParlType.FILE: "file",
}


@cache
def base_url() -> str:
    """The absolute address of the endpoint, ending in a slash."""
    return settings.SITE_URL + reverse("oparl:system").removesuffix("system")


def url(path: str) -> str:
    return base_url() + path


def object_url(kind: str, pk: int) -> str:
    return url(f"{PATHS[OParlType(kind)]}/{pk}")


def body_url(list_name: str = "") -> str:
    return url(f"body/{BODY_ID}" + (f"/{list_name}" if list_name else ""))


def web(path: str) -> str:
    return settings.SITE_URL + path


def date_time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _common(kind: str, row: Any) -> Json:
    """``modified`` is ``oparl_modified`` where the loader annotated it: the latest change
    of the row or of what it embeds or depends on (``participation.oparl.loaders``)."""
    return {
        "id": object_url(kind, row.pk),
        "type": SCHEMA + kind,
        "created": date_time(row.created),
        "modified": date_time(getattr(row, "oparl_modified", None) or row.modified),
    }


def _compact(data: Json) -> Json:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def system(*, created: datetime.datetime, modified: datetime.datetime) -> Json:
    return {
        "id": url("system"),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "body": url("body"),
        "name": f"{settings.SITE_NAME} {settings.CITY_NAME}",
        "website": settings.SITE_URL + "/",
        "created": date_time(created),
        "modified": date_time(modified),
    }


def body(
    *, terms: Iterable[BoardTerm], created: datetime.datetime, modified: datetime.datetime
) -> Json:
    return {
        "id": body_url(),
        "type": SCHEMA + "Body",
        "system": url("system"),
        "name": settings.OPARL_BODY_NAME,
        "shortName": settings.OPARL_BODY_SHORT_NAME,
        "website": settings.SITE_URL + "/",
        "organization": body_url("organization"),
        "person": body_url("person"),
        "meeting": body_url("meeting"),
        "paper": body_url("paper"),
        "agendaItem": body_url("agendaItem"),
        "file": body_url("file"),
        "membership": body_url("membership"),
        "legislativeTermList": body_url("legislativeTerm"),
        "legislativeTerm": [legislative_term(term) for term in terms],
        "web": web(reverse("participation:board")),
        "created": date_time(created),
        "modified": date_time(modified),
    }


def organization(board: Board, membership_pks: list[int]) -> Json:
    return _compact(
        {
            **_common(OParlType.ORGANIZATION, board),
            "body": body_url(),
            "name": board.name,
            "shortName": board.slug,
            "organizationType": "Gremium",
            "classification": "Beirat",
            "membership": [object_url(OParlType.MEMBERSHIP, pk) for pk in membership_pks],
            "meeting": url(f"organization/{board.pk}/meeting"),
            "web": web(board.get_absolute_url()),
        }
    )


def legislative_term(term: BoardTerm) -> Json:
    return {
        **_common(OParlType.LEGISLATIVE_TERM, term),
        "body": body_url(),
        "name": str(term),
        "startDate": term.start.isoformat(),
        "endDate": term.end.isoformat(),
    }


def membership(member: Membership, *, embedded: bool = False) -> Json:
    """``member`` needs ``seat`` loaded. Only ever called for consented memberships."""
    data = {
        **_common(OParlType.MEMBERSHIP, member),
        "person": None if embedded else object_url(OParlType.PERSON, member.pk),
        "organization": object_url(OParlType.ORGANIZATION, member.seat.board_id),
        "role": member.get_role_display(),
        "votingRight": member.voting_right,
        "startDate": member.start.isoformat(),
        "endDate": member.end.isoformat() if member.end else None,
    }
    return _compact(data)


def person(member: Membership, *, omit_internal: bool = False) -> Json:
    """A consented member: one Person per membership (members have no other identity)."""
    data = {
        **_common(OParlType.PERSON, member),
        "body": body_url(),
        "name": member.name,
        "membership": None if omit_internal else [membership(member, embedded=True)],
    }
    return _compact(data)


def file(attachment: Attachment) -> Json:
    access = settings.SITE_URL + attachment.file.url
    return _compact(
        {
            **_common(OParlType.FILE, attachment),
            "name": attachment.title,
            "fileName": attachment.file.name.rsplit("/", 1)[-1],
            "mimeType": "application/pdf",
            "date": timezone.localtime(attachment.created).date().isoformat(),
            "size": attachment.size,
            "sha512Checksum": attachment.sha512,
            "accessUrl": access,
            "downloadUrl": access,
            "meeting": [object_url(OParlType.MEETING, attachment.meeting_id)]
            if attachment.meeting_id
            else None,
            "agendaItem": [object_url(OParlType.AGENDA_ITEM, attachment.agenda_item_id)]
            if attachment.agenda_item_id
            else None,
        }
    )


def _votes(item: AgendaItem) -> str:
    if item.votes_for is None and item.votes_against is None and item.abstentions is None:
        return ""
    return gettext("%(yes)s for, %(no)s against, %(abstain)s abstentions") % {
        "yes": item.votes_for or 0,
        "no": item.votes_against or 0,
        "abstain": item.abstentions or 0,
    }


def agenda_item(
    item: AgendaItem,
    files: list[Attachment],
    *,
    embedded: bool = False,
    omit_internal: bool = False,
) -> Json:
    """Only ever called for public items of public meetings."""
    return _compact(
        {
            **_common(OParlType.AGENDA_ITEM, item),
            "meeting": None if embedded else object_url(OParlType.MEETING, item.meeting_id),
            "number": item.number,
            "order": item.order,
            "name": item.title,
            "public": True,
            "result": _votes(item),
            "resolutionText": item.outcome,
            "auxiliaryFile": None if omit_internal else [file(a) for a in files],
            "web": web(reverse("participation:board_meeting", kwargs={"pk": item.meeting_id})),
        }
    )


def location_url(meeting_pk: int) -> str:
    return url(f"location/{meeting_pk}")


def location(meeting: Meeting) -> Json:
    return _compact(
        {
            "id": location_url(meeting.pk),
            "type": SCHEMA + "Location",
            "description": meeting.place,
            "created": date_time(meeting.created),
            "modified": date_time(meeting.modified),
        }
    )


def meeting(
    meeting: Meeting,
    *,
    items: list[AgendaItem],
    files: list[Attachment],
    item_files: dict[int, list[Attachment]],
    minutes_pdf_pk: int | None,
    omit_internal: bool = False,
) -> Json:
    """``files`` are the meeting's own public files, ``items`` its public agenda items."""
    invitation = next((a for a in files if a.kind == Attachment.Kind.INVITATION), None)
    protocol = next((a for a in files if a.pk == minutes_pdf_pk), None)
    others = [a for a in files if a is not invitation and a is not protocol]
    data = {
        **_common(OParlType.MEETING, meeting),
        "name": str(meeting),
        "meetingState": MEETING_STATES.get(Meeting.State(meeting.state), meeting.state),
        "cancelled": meeting.state == Meeting.State.CANCELLED,
        "start": date_time(meeting.starts_at),
        "end": date_time(meeting.ends_at) if meeting.ends_at else None,
        "location": location(meeting) if meeting.place else None,
        "organization": [object_url(OParlType.ORGANIZATION, meeting.board_id)],
        "web": web(meeting.get_absolute_url()),
    }
    if not omit_internal:
        data |= {
            "invitation": file(invitation) if invitation else None,
            "resultsProtocol": file(protocol) if protocol else None,
            "auxiliaryFile": [file(a) for a in others],
            "agendaItem": [agenda_item(i, item_files.get(i.pk, []), embedded=True) for i in items],
        }
    return _compact(data)


def tombstone(row: OParlTombstone) -> Json:
    return {
        "id": object_url(row.object_type, row.object_pk),
        "type": SCHEMA + row.object_type,
        "created": date_time(row.object_created),
        "modified": date_time(row.deleted_at),
        "deleted": True,
    }
