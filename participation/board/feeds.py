"""The board's feeds: meetings as iCalendar (RFC 5545) and published minutes as Atom.

iCalendar guarantees:
- one VEVENT per public meeting of every board, upcoming or of the last twelve months;
- a stable ``UID`` (``<meeting.uid>@<host of SITE_URL>``) and ``SEQUENCE`` =
  ``meeting.sequence``, which grows on every change, so calendar clients replace the
  event instead of adding a second one; ``DTSTAMP``/``LAST-MODIFIED`` = the last change;
- a cancelled meeting stays in the feed with ``STATUS:CANCELLED`` (clients then remove
  or strike it); one postponed without a new date is ``STATUS:TENTATIVE``;
- times in Europe/Berlin with its VTIMEZONE, a ``URL`` back to the meeting page.

The Atom feed lists published and approved minutes of public meetings, newest first;
drafts never appear.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from participation.models import Meeting, Minutes
from participation.notifications import absolute_url

RECENT_DAYS = 365
FEED_ENTRIES = 50
STATUS = {
    Meeting.State.PLANNED: "CONFIRMED",
    Meeting.State.HELD: "CONFIRMED",
    Meeting.State.POSTPONED: "TENTATIVE",
    Meeting.State.CANCELLED: "CANCELLED",
}


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def calendar_meetings() -> QuerySet[Meeting]:
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return (
        Meeting.objects.public()
        .filter(starts_at__gte=since)
        .select_related("board")
        .order_by("starts_at", "pk")
    )


def _event(meeting: Meeting, zone: ZoneInfo, host: str) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@{host}")
    event.add("dtstamp", meeting.modified)
    event.add("last-modified", meeting.modified)
    event.add("created", meeting.created)
    event.add("sequence", meeting.sequence)
    event.add("summary", f"{meeting.board.name}: {meeting}")
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    if meeting.ends_at is not None:
        event.add("dtend", meeting.ends_at.astimezone(zone))
    if meeting.place:
        event.add("location", meeting.place)
    url = absolute_url(meeting.get_absolute_url())
    event.add("url", url)
    event.add("status", STATUS.get(Meeting.State(meeting.state), "CONFIRMED"))
    lines = [meeting.accessibility_note, meeting.state_reason, url]
    event.add("description", "\n\n".join(line for line in lines if line))
    return event


def build_calendar(meetings: list[Meeting]) -> Calendar:
    zone = ZoneInfo(settings.TIME_ZONE)
    host = _host()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME} {settings.CITY_NAME}//Beteiligungsbeirat//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Meetings of the advisory board"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        calendar.add_component(_event(meeting, zone, host))
    # The VTIMEZONE covers the feed's span only, not 1970–2038 (icalendar's default).
    today = timezone.localdate()
    first = min([m.starts_at.astimezone(zone).date() for m in meetings], default=today)
    last = max(
        [(m.ends_at or m.starts_at).astimezone(zone).date() for m in meetings], default=today
    )
    calendar.add_missing_timezones(
        first_date=first - datetime.timedelta(days=366),
        last_date=last + datetime.timedelta(days=366),
    )
    return calendar


@require_safe
def meetings_calendar(request: HttpRequest) -> HttpResponse:
    calendar = build_calendar(list(calendar_meetings()))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="beirat-sitzungen.ics"'
    return response


class MinutesFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    title = gettext_lazy("Minutes of the advisory board")
    subtitle = gettext_lazy("Published minutes of the public meetings")

    def link(self) -> str:
        return reverse("participation:board")

    def feed_url(self) -> str:
        return reverse("participation:board_minutes_feed")

    def items(self) -> list[Minutes]:
        return list(
            Minutes.objects.published()
            .filter(meeting__is_public=True)
            .select_related("meeting__board")
            .order_by("-published_at", "-pk")[:FEED_ENTRIES]
        )

    def item_title(self, item: Minutes) -> str:
        return f"{item.meeting.board.name}: {item}"

    def item_description(self, item: Minutes) -> str:
        return item.text_html

    def item_link(self, item: Minutes) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Minutes) -> str:
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item: Minutes) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Minutes) -> datetime.datetime:
        return item.modified


minutes_feed = MinutesFeed()
