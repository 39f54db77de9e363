"""What the OParl endpoint may publish: the same rules as the board's public pages.

- Boards and their terms are public.
- A membership (and the person it stands for) only with ``consent_to_publish``
  (``Membership.objects.published()``); other members appear nowhere, not even as ids.
- Meetings: ``Meeting.objects.public()``.
- Agenda items: public items of public meetings. Non-public items are omitted entirely
  (not even a placeholder with an id), so their number and titles do not leak.
- Files: ``Attachment.objects.public()``; a meeting's minutes PDF additionally only
  while the meeting's minutes are published, as on the meeting page.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from participation.models.board import Board, BoardTerm, Membership, MembershipQuerySet
from participation.models.meetings import (
    AgendaItem,
    Attachment,
    AttachmentQuerySet,
    Meeting,
    MeetingQuerySet,
    Minutes,
)


def boards() -> QuerySet[Board]:
    return Board.objects.all()


def terms() -> QuerySet[BoardTerm]:
    return BoardTerm.objects.select_related("board")


def memberships() -> MembershipQuerySet:
    return Membership.objects.published()


def meetings() -> MeetingQuerySet:
    return Meeting.objects.public()


def agenda_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(is_public=True, meeting__is_public=True)


def files() -> AttachmentQuerySet:
    published = Minutes.objects.published().filter(meeting=OuterRef("meeting"))
    unpublished_minutes_pdf = Q(meeting__isnull=False, kind=Attachment.Kind.MINUTES) & ~Exists(
        published
    )
    return Attachment.objects.public().exclude(unpublished_minutes_pdf)
