"""Bulk loading for the OParl lists and objects: a fixed number of queries per page.

Each loader takes a page of rows and returns their JSON objects, loading what the rows
embed with one query per kind of child (agenda items, files, memberships), whatever the
page size. The querysets come from ``participation.oparl.visibility``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from participation.models import AgendaItem, Attachment, Board, Meeting, Minutes, OParlType
from participation.oparl import serializers, visibility
from participation.oparl.serializers import Json


def _files_by(rows: Sequence[Attachment], field: str) -> dict[int, list[Attachment]]:
    grouped: dict[int, list[Attachment]] = defaultdict(list)
    for row in rows:
        key = getattr(row, field)
        if key is not None:
            grouped[key].append(row)
    return grouped


def meetings(rows: Sequence[Meeting], omit_internal: bool) -> list[Json]:
    pks = [m.pk for m in rows]
    items: dict[int, list[AgendaItem]] = defaultdict(list)
    files: list[Attachment] = []
    if pks and not omit_internal:
        for item in agenda_item_queryset().filter(meeting__in=pks).order_by("order", "pk"):
            items[item.meeting_id].append(item)
        files = list(
            file_queryset()
            .filter(Q(meeting__in=pks) | Q(agenda_item__meeting__in=pks))
            .order_by("pk")
        )
    own, of_items = _files_by(files, "meeting_id"), _files_by(files, "agenda_item_id")
    result = []
    for row in rows:
        minutes: Minutes | None = getattr(row, "minutes", None)
        pdf = minutes.pdf_id if minutes is not None and minutes.is_published else None
        result.append(
            serializers.meeting(
                row,
                items=items.get(row.pk, []),
                files=own.get(row.pk, []),
                item_files=of_items,
                minutes_pdf_pk=pdf,
                omit_internal=omit_internal,
            )
        )
    return result


def _latest(own: str, *others: Any) -> Greatest:
    """The latest of ``own`` and ``others`` (missing ones count as ``own``; SQLite's
    MAX() of a NULL is NULL, PostgreSQL's GREATEST skips it)."""
    return Greatest(F(own), *(Coalesce(other, F(own)) for other in others))


def _newest(queryset: QuerySet[Any]) -> Subquery:
    newest = queryset.order_by().values("modified").order_by("-modified")[:1]
    return Subquery(newest, output_field=DateTimeField())


def meeting_queryset() -> QuerySet[Meeting]:
    """Public meetings; a meeting embeds its items and files, so it changes with them."""
    items = visibility.agenda_items().filter(meeting=OuterRef("pk"))
    files = visibility.files().filter(
        Q(meeting=OuterRef("pk")) | Q(agenda_item__meeting=OuterRef("pk"))
    )
    return (
        visibility.meetings()
        .select_related("minutes")
        .annotate(
            oparl_modified=_latest(
                "modified", _newest(items), _newest(files), F("minutes__modified")
            )
        )
    )


def agenda_item_queryset() -> QuerySet[AgendaItem]:
    """An item appears when its meeting becomes public: it changes with the meeting."""
    return visibility.agenda_items().annotate(
        oparl_modified=_latest("modified", F("meeting__modified"))
    )


def file_queryset() -> QuerySet[Attachment]:
    """A file appears with its meeting, its item or the publication of the minutes."""
    return visibility.files().annotate(
        oparl_modified=_latest(
            "modified",
            F("meeting__modified"),
            F("meeting__minutes__modified"),
            F("agenda_item__modified"),
            F("agenda_item__meeting__modified"),
        )
    )


def organization_queryset() -> QuerySet[Board]:
    members = visibility.memberships().filter(seat__board=OuterRef("pk"))
    return visibility.boards().annotate(oparl_modified=_latest("modified", _newest(members)))


def plain(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.annotate(oparl_modified=F("modified"))


def agenda_items(rows: Sequence[AgendaItem], omit_internal: bool) -> list[Json]:
    files: list[Attachment] = []
    if rows and not omit_internal:
        files = list(file_queryset().filter(agenda_item__in=[r.pk for r in rows]).order_by("pk"))
    of_items = _files_by(files, "agenda_item_id")
    return [
        serializers.agenda_item(row, of_items.get(row.pk, []), omit_internal=omit_internal)
        for row in rows
    ]


def organizations(rows: Sequence[Any], omit_internal: bool) -> list[Json]:
    members: dict[int, list[int]] = defaultdict(list)
    if rows:
        published = visibility.memberships().filter(seat__board__in=[r.pk for r in rows])
        for pk, board_pk in published.order_by("pk").values_list("pk", "seat__board_id"):
            members[board_pk].append(pk)
    return [serializers.organization(row, members.get(row.pk, [])) for row in rows]


@dataclass(frozen=True)
class Kind:
    """One OParl object type: its public rows (annotated with ``oparl_modified``, the
    ``modified`` that clients see and filter on) and how to load a page of them."""

    oparl_type: str
    queryset: Callable[[], QuerySet[Any]]
    load: Callable[[Sequence[Any], bool], list[Json]]


KINDS = {
    "organization": Kind(OParlType.ORGANIZATION, organization_queryset, organizations),
    "legislativeTerm": Kind(
        OParlType.LEGISLATIVE_TERM,
        lambda: plain(visibility.terms()),
        lambda rows, _omit: [serializers.legislative_term(r) for r in rows],
    ),
    "person": Kind(
        OParlType.PERSON,
        lambda: plain(visibility.memberships().select_related("seat")),
        lambda rows, omit: [serializers.person(r, omit_internal=omit) for r in rows],
    ),
    "membership": Kind(
        OParlType.MEMBERSHIP,
        lambda: plain(visibility.memberships().select_related("seat")),
        lambda rows, _omit: [serializers.membership(r) for r in rows],
    ),
    "meeting": Kind(OParlType.MEETING, meeting_queryset, meetings),
    "agendaItem": Kind(OParlType.AGENDA_ITEM, agenda_item_queryset, agenda_items),
    "file": Kind(
        OParlType.FILE,
        file_queryset,
        lambda rows, _omit: [serializers.file(r) for r in rows],
    ),
}
