"""Mails about documents that people follow: comment periods opening and closing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_noop

from guidelines.models import Version
from participation.models import Event
from participation.notifications import absolute_url, followers_of, notify

# Announce only recent changes, so a late first run does not mail about old periods.
LOOKBACK = timedelta(days=2)


# Which versions' periods are announced: only one that is really in consultation opens;
# one that closes was in consultation (its state may already say "closed").
ANNOUNCED_STATES = {
    "opened": [Version.State.CONSULTATION],
    "closed": [Version.State.CONSULTATION, Version.State.CLOSED],
}


def announce_comment_periods() -> int:
    """Notify followers of each document whose comment period opened or closed lately.

    Safe to run as often as wanted: the dedupe key names the version, the change and the
    moment, so every follower gets each announcement once, and a period that is reopened
    or extended (a new moment) is announced again.
    """
    now = timezone.now()
    queued = 0
    changes = [
        ("opened", gettext_noop("the comment period has opened"), "comments_open_at"),
        ("closed", gettext_noop("the comment period has ended"), "comments_close_at"),
    ]
    for name, change, field in changes:
        versions = (
            Version.objects.filter(state__in=ANNOUNCED_STATES[name])
            .select_related("document")
            .filter(**{f"{field}__lte": now, f"{field}__gt": now - LOOKBACK})
        )
        for version in versions:
            moment = int(getattr(version, field).timestamp())
            queued += notify(
                event=Event.PERIOD,
                recipients=followers_of(version.document),
                key=f"period-{name}-v{version.pk}-{moment}",
                context={
                    "title": f"{version.document.title} – {version.label}",
                    "url": absolute_url(version.get_absolute_url()),
                    "change": change,
                },
            )
    return queued
