"""Tombstones for OParl objects that were public and are not any more.

Why receivers: an object leaves the OParl lists through many doors (the admin's forms and
actions, board services, deletes cascading from a board or meeting), and every door must
leave a tombstone, or syncing clients keep a deleted meeting or a withdrawn name forever.
These receivers only keep that bookkeeping: they decide nothing about the board.

- ``pre_save`` notes which OParl objects hang visibly on the instance (a meeting: itself,
  its public items and files); ``post_save`` compares and writes a tombstone for each
  object that became invisible. An object that is public again is served as such: the
  lists skip tombstones of visible objects, so nothing is deleted here.
- ``pre_delete`` notes whether the instance itself is visible; ``post_delete`` writes its
  tombstone. Cascades send these signals for each deleted row, so children get theirs.
- ``QuerySet.update()`` sends no signals: code that changes visibility in bulk must call
  :func:`record_losses` itself (none does today).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from participation.models.board import Board, BoardTerm, Membership
from participation.models.meetings import AgendaItem, Attachment, Meeting, Minutes
from participation.models.oparl import OParlTombstone, OParlType
from participation.oparl import visibility

Key = tuple[str, int]
Visible = dict[Key, datetime.datetime]


def _rows(kind: str, queryset: Any) -> Visible:
    return {(kind, pk): created for pk, created in queryset.values_list("pk", "created")}


def visible_objects(instance: Model) -> Visible:
    """The OParl objects that are public now and vanish or change with ``instance``."""
    pk = instance.pk
    if isinstance(instance, Meeting):
        return (
            _rows(OParlType.MEETING, visibility.meetings().filter(pk=pk))
            | _rows(OParlType.AGENDA_ITEM, visibility.agenda_items().filter(meeting=pk))
            | _rows(
                OParlType.FILE,
                visibility.files().filter(Q(meeting=pk) | Q(agenda_item__meeting=pk)),
            )
        )
    if isinstance(instance, AgendaItem):
        return _rows(OParlType.AGENDA_ITEM, visibility.agenda_items().filter(pk=pk)) | _rows(
            OParlType.FILE, visibility.files().filter(agenda_item=pk)
        )
    if isinstance(instance, Attachment):
        return _rows(OParlType.FILE, visibility.files().filter(pk=pk))
    if isinstance(instance, Minutes):
        # Draft minutes hide their PDF and the meeting's minutes-kind attachments.
        minutes_files = Q(meeting=instance.meeting_id, kind=Attachment.Kind.MINUTES)
        return _rows(
            OParlType.FILE, visibility.files().filter(minutes_files | Q(pk=instance.pdf_id))
        )
    if isinstance(instance, Membership):
        rows = _rows(OParlType.MEMBERSHIP, visibility.memberships().filter(pk=pk))
        return rows | {(OParlType.PERSON, key[1]): when for key, when in rows.items()}
    if isinstance(instance, Board):
        return {(OParlType.ORGANIZATION, pk): instance.created}
    if isinstance(instance, BoardTerm):
        return {(OParlType.LEGISLATIVE_TERM, pk): instance.created}
    return {}


OWN_TYPES: dict[type[Model], set[str]] = {
    Meeting: {OParlType.MEETING},
    AgendaItem: {OParlType.AGENDA_ITEM},
    Attachment: {OParlType.FILE},
    Membership: {OParlType.MEMBERSHIP, OParlType.PERSON},
    Board: {OParlType.ORGANIZATION},
    BoardTerm: {OParlType.LEGISLATIVE_TERM},
}


def _own(instance: Model, objects: Visible) -> Visible:
    """Only the instance's own entries (children send their own delete signals)."""
    own_types = OWN_TYPES.get(type(instance), set())
    return {
        key: when for key, when in objects.items() if key[0] in own_types and key[1] == instance.pk
    }


def record_losses(before: Visible, after: Visible) -> None:
    """A tombstone for everything in ``before`` that is not in ``after``. A tombstone of
    an object that is public again stays, and the lists skip it (``views._list``)."""
    for (kind, pk), created in before.items():
        if (kind, pk) not in after:
            OParlTombstone.objects.update_or_create(
                object_type=kind, object_pk=pk, defaults={"object_created": created}
            )


def _can_hide(instance: Model) -> bool:
    """Whether saving ``instance`` can take something out of public view. Minutes only
    move forward (draft → published → approved; the admin cannot set the state), so
    only draft minutes with a PDF can hide a file: publishing costs no query here."""
    if isinstance(instance, Minutes):
        return instance.state == Minutes.State.DRAFT and instance.pdf_id is not None
    return instance.pk is not None


TRACKED = (Board, BoardTerm, Membership, Meeting, AgendaItem, Attachment, Minutes)


def _before_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _can_hide(instance):
        return
    instance._oparl_visible = visible_objects(instance)  # type: ignore[attr-defined]


def _after_save(
    sender: type[Model], instance: Model, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    before = getattr(instance, "_oparl_visible", None)
    if raw or not before:
        return  # nothing was visible, so nothing can be lost
    record_losses(before, visible_objects(instance))


def _before_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    visible = visible_objects(instance)
    if not isinstance(instance, Minutes):
        visible = _own(instance, visible)
    instance._oparl_visible = visible  # type: ignore[attr-defined]


def _after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    before = getattr(instance, "_oparl_visible", {})
    if isinstance(instance, Minutes):
        # Deleted minutes leave their meeting's minutes-kind files: are they still public?
        record_losses(before, visible_objects(instance))
    else:
        record_losses(before, {})


for _model in TRACKED:
    pre_save.connect(_before_save, sender=_model, dispatch_uid=f"oparl-pre-save-{_model.__name__}")
    post_save.connect(_after_save, sender=_model, dispatch_uid=f"oparl-save-{_model.__name__}")
    pre_delete.connect(
        _before_delete, sender=_model, dispatch_uid=f"oparl-pre-delete-{_model.__name__}"
    )
    post_delete.connect(
        _after_delete, sender=_model, dispatch_uid=f"oparl-delete-{_model.__name__}"
    )
