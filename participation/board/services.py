"""Writes on the board's meetings and minutes, with their notifications.

Every function checks its rules first and raises :class:`ActionRefused` with a message
for staff (admin shows it), so nothing is half-saved. Notifications go through the
outbox in the same transaction (``participation.notifications``):

- ``publish_minutes`` writes one row per follower of the board and one per confirmed
  ``minutes`` email subscriber, in bulk, keyed ``minutes-<pk>`` so that publishing can
  never mail anyone twice for the same minutes. Drafts are never announced.
- meeting changes (scheduled, cancelled, postponed) notify the board's followers once
  per change, keyed by the meeting's iCalendar ``sequence``; non-public meetings are
  not announced.

Applications and the lottery are in ``participation.board.seats``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from participation.markdown import html_to_text
from participation.models import EmailSubscription, Event, Meeting, Minutes, OutboxMessage, User
from participation.notifications import absolute_url, followers_of, notify, notify_subscribers
from participation.refusals import ActionRefused

EXCERPT_WORDS = 60


def _when(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    return " · ".join(filter(None, [date_format(local, "DATETIME_FORMAT"), meeting.place]))


def _recipients(meeting: Meeting) -> list[User]:
    return list(followers_of(meeting.board).only("pk", "email", "language", "is_active"))


@transaction.atomic
def publish_minutes(*, minutes: Minutes, by: User) -> int:
    """Publish draft minutes and announce them; returns the number of mails queued."""
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting__board")
        .get(pk=minutes.pk)
    )
    meeting = minutes.meeting
    if minutes.state != Minutes.State.DRAFT:
        raise ActionRefused(_("These minutes are already published."), code="published")
    if meeting.state == Meeting.State.CANCELLED:
        raise ActionRefused(
            _("The meeting was cancelled; there are no minutes to publish."), code="cancelled"
        )
    if not minutes.text.replace("\x00", "").strip():
        raise ActionRefused(_("The minutes are empty; write them before publishing."), code="empty")
    minutes.state = Minutes.State.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.published_by = by
    minutes.save(update_fields=["state", "published_at", "published_by", "modified"])

    if not meeting.is_public:
        return 0  # the public pages do not show a non-public meeting, so nobody is sent there
    context = {
        "title": f"{meeting.board.name}: {meeting}",
        "url": absolute_url(minutes.get_absolute_url()),
        "excerpt": Truncator(html_to_text(minutes.text_html, compact=True)).words(EXCERPT_WORDS),
    }
    key = f"minutes-{minutes.pk}"
    queued = notify(event=Event.MINUTES, recipients=_recipients(meeting), key=key, context=context)
    queued += notify_subscribers(
        topic=EmailSubscription.Topic.MINUTES, event=Event.MINUTES, key=key, context=context
    )
    # A follower who also subscribed by email gets the account's mail only: one per person.
    prefix = f"{Event.MINUTES}:{key}:"
    doubled, _per_model = OutboxMessage.objects.filter(
        dedupe_key__startswith=prefix + "s",
        email__in=OutboxMessage.objects.filter(dedupe_key__startswith=prefix + "u").values("email"),
    ).delete()
    return queued - doubled


@transaction.atomic
def approve_minutes(*, minutes: Minutes, at_meeting: Meeting) -> Minutes:
    """Record that the board approved published minutes at a later meeting."""
    minutes = (
        Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
    )
    if minutes.state == Minutes.State.DRAFT:
        raise ActionRefused(_("Publish the minutes before recording their approval."))
    if minutes.state == Minutes.State.APPROVED:
        raise ActionRefused(_("These minutes are already approved."))
    if at_meeting.board_id != minutes.meeting.board_id:
        raise ActionRefused(_("Minutes can only be approved by the same board."))
    if at_meeting.starts_at <= minutes.meeting.starts_at:
        raise ActionRefused(_("Minutes can only be approved at a later meeting."))
    if at_meeting.state == Meeting.State.CANCELLED:
        raise ActionRefused(_("Minutes cannot be approved at a cancelled meeting."))
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at_meeting = at_meeting
    minutes.save(update_fields=["state", "approved_at_meeting", "modified"])
    return minutes


def _announce(meeting: Meeting, change: str, detail: str = "") -> int:
    if not meeting.is_public:
        return 0
    return notify(
        event=Event.MEETING,
        recipients=_recipients(meeting),
        key=f"meeting-{meeting.pk}-{meeting.sequence}",
        context={
            "title": f"{meeting.board.name}: {meeting}",
            "url": absolute_url(meeting.get_absolute_url()),
            "change": change,
            "excerpt": _when(meeting),
            "detail": detail,
        },
    )


@transaction.atomic
def schedule_meeting(*, meeting: Meeting) -> Meeting:
    """Save a new meeting (validated) and tell the board's followers."""
    try:
        meeting.full_clean()
    except ValidationError as error:
        raise ActionRefused(error.messages) from None
    meeting.save()
    _announce(meeting, gettext_noop("scheduled"))
    return meeting


ANNOUNCED_FIELDS = {"starts_at", "ends_at", "place"}


@transaction.atomic
def change_meeting(*, meeting: Meeting, changed: set[str]) -> Meeting:
    """Save staff's edits; a new date, time or place of a coming meeting is announced."""
    try:
        meeting.full_clean()
    except ValidationError as error:
        raise ActionRefused(error.messages) from None
    meeting.save()
    coming = meeting.state == Meeting.State.PLANNED and meeting.starts_at > timezone.now()
    if coming and changed & ANNOUNCED_FIELDS:
        _announce(meeting, gettext_noop("date, time or place changed"))
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, reason: str = "") -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)
    )
    if meeting.state == Meeting.State.CANCELLED:
        raise ActionRefused(_("This meeting is already cancelled."), code="cancelled")
    if meeting.state == Meeting.State.HELD:
        raise ActionRefused(_("This meeting has taken place and cannot be cancelled."))
    if Minutes.objects.published().filter(meeting=meeting).exists():
        raise ActionRefused(_("This meeting has published minutes and cannot be cancelled."))
    meeting.state = Meeting.State.CANCELLED
    meeting.state_reason = reason.replace("\x00", "").strip()
    meeting.save(update_fields=["state", "state_reason"])
    _announce(meeting, gettext_noop("cancelled"), meeting.state_reason)
    return meeting


@transaction.atomic
def postpone_meeting(
    *, meeting: Meeting, starts_at: datetime.datetime | None = None, reason: str = ""
) -> Meeting:
    """Move a meeting to a new date, or mark it postponed until a date is known."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)
    )
    if meeting.state in {Meeting.State.CANCELLED, Meeting.State.HELD}:
        raise ActionRefused(_("Only a planned or postponed meeting can be postponed."))
    meeting.state_reason = reason.replace("\x00", "").strip()
    if starts_at is None:
        meeting.state = Meeting.State.POSTPONED
        change = gettext_noop("postponed; a new date will follow")
    else:
        if meeting.ends_at is not None:
            meeting.ends_at = starts_at + (meeting.ends_at - meeting.starts_at)
        meeting.starts_at = starts_at
        meeting.state = Meeting.State.PLANNED
        change = gettext_noop("moved to a new date")
    meeting.save()
    _announce(meeting, change, meeting.state_reason)
    return meeting
