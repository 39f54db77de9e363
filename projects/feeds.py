"""The Atom feed of the Vorhabenliste: new entries and changes with their public reason.

Only published entries appear; a change of an entry that is a draft again is left out.
Nothing staff-only (who made a change) is in the feed. Two queries whatever the size of
the list: the newest :data:`FEED_LENGTH` changes and the newest entries, merged by date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from participation.notifications import absolute_url
from projects.models import Project, ProjectChange
from projects.opendata import licence

FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    description: str
    link: str
    when: datetime
    categories: tuple[str, ...]


def _change_item(change: ProjectChange) -> FeedItem:
    project = change.project
    return FeedItem(
        guid=absolute_url(f"{project.get_absolute_url()}#change-{change.pk}"),
        title=_("%(title)s: %(what)s changed")
        % {"title": project.title, "what": change.get_group_display()},
        description=format_html(
            "<p>{}</p><p>{}</p><p>{}</p>",
            _("Before: %(old)s") % {"old": change.old_value},
            _("After: %(new)s") % {"new": change.new_value},
            _("Reason: %(reason)s") % {"reason": change.reason},
        ),
        link=f"{project.get_absolute_url()}#change-{change.pk}",
        when=change.created_at,
        categories=(str(change.get_group_display()),),
    )


def _new_item(project: Project) -> FeedItem:
    return FeedItem(
        guid=absolute_url(project.get_absolute_url()),
        title=_("New in the list: %(title)s") % {"title": project.title},
        description=project.summary_html,
        link=project.get_absolute_url(),
        when=timezone.make_aware(datetime.combine(project.added_on, time(0, 0))),
        categories=(str(project.get_status_display()),),
    )


class ProjectChangesFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Vorhabenliste: new entries and changes")

    def subtitle(self) -> str:
        return _("Licence of the data: %(licence)s") % {"licence": licence()}

    def link(self) -> str:
        return reverse("projects:project_list")

    def feed_copyright(self) -> str:
        return licence()

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None

    def items(self) -> list[FeedItem]:
        changes = (
            ProjectChange.objects.filter(project__published=True)
            .select_related("project")
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )
        new = Project.objects.public().order_by("-added_on", "-pk")[:FEED_LENGTH]
        items = [_change_item(c) for c in changes] + [_new_item(p) for p in new]
        items.sort(key=lambda item: item.when, reverse=True)
        return items[:FEED_LENGTH]

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_description(self, item: FeedItem) -> str:
        return item.description

    def item_link(self, item: FeedItem) -> str:
        return item.link

    def item_guid(self, item: FeedItem) -> str:
        return item.guid

    def item_guid_is_permalink(self, item: FeedItem) -> bool:
        return False

    def item_pubdate(self, item: FeedItem) -> datetime:
        return item.when

    def item_updateddate(self, item: FeedItem) -> datetime:
        return item.when

    def item_categories(self, item: FeedItem) -> tuple[str, ...]:
        return item.categories
