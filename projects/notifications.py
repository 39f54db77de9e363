"""Who hears about an entry or an Anregung, and what the mail says.

An entry's news (new entry, change with its reason) goes to the people who follow the
entry, one of its districts or one of its topics — one mail per person however many of
these they follow — and to the confirmed email-only subscribers of the Vorhabenliste.
An Anregung's steps go to its author and its supporters. Everything goes through
``participation.notifications`` (outbox rows in the caller's transaction); the mail's
``change`` line is an English source text that the worker translates per recipient.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from participation.markdown import html_to_text
from participation.models import EmailSubscription, Event, User
from participation.notifications import absolute_url, notify, notify_each, notify_subscribers
from projects.models import District, ParticipationRequest, Project, ProjectChange, Topic

EXCERPT_LENGTH = 300
NEW_ENTRY = gettext_noop("new entry in the list")
# What changed, as the source text of the mail's sentence "… has changed: {change}."
CHANGE_TEXTS = {
    "status": gettext_noop("status"),
    "schedule": gettext_noop("schedule"),
    "cost": gettext_noop("cost"),
    "participation": gettext_noop("participation"),
}
SEVERAL_CHANGES = gettext_noop("several details")


def project_followers(project: Project) -> list[User]:
    """Active people following the entry, one of its districts or topics; each once."""
    types = ContentType.objects.get_for_models(Project, District, Topic)
    district_ids = [d.pk for d in project.districts.all()]
    topic_ids = [t.pk for t in project.topics.all()]
    condition = Q(follows__content_type=types[Project], follows__object_id=project.pk)
    if district_ids:
        condition |= Q(follows__content_type=types[District], follows__object_id__in=district_ids)
    if topic_ids:
        condition |= Q(follows__content_type=types[Topic], follows__object_id__in=topic_ids)
    return list(User.objects.filter(condition, is_active=True).distinct().order_by("pk"))


def _base_context(project: Project) -> dict[str, str]:
    return {
        "title": project.title,
        "url": absolute_url(project.get_absolute_url()),
    }


def announce_new_project(project: Project) -> int:
    """Tell followers of the entry's districts and topics, and subscribers, of a new entry."""
    context = {
        **_base_context(project),
        "change": NEW_ENTRY,
        "excerpt": Truncator(html_to_text(project.summary_html, compact=True)).chars(
            EXCERPT_LENGTH
        ),
    }
    key = f"project-{project.pk}-new"
    sent = notify(
        event=Event.PROJECT_CHANGED,
        recipients=project_followers(project),
        key=key,
        context=context,
    )
    return sent + notify_subscribers(
        topic=EmailSubscription.Topic.PROJECTS,
        event=Event.PROJECT_CHANGED,
        key=key,
        context=context,
    )


def change_detail(changes: Iterable[ProjectChange], language: str) -> str:
    """ "Status: Idee → in Planung", one line per change, group names in ``language``."""
    with translation.override(language):
        return "\n".join(
            f"{change.get_group_display().capitalize()}: "
            f"{change.old_value or '–'} → {change.new_value or '–'}"
            for change in changes
        )


def announce_changes(project: Project, changes: list[ProjectChange]) -> int:
    """One mail per follower (and subscriber) for changes recorded together."""
    if not changes:
        return 0
    groups = {change.group for change in changes}
    context = {
        **_base_context(project),
        "change": CHANGE_TEXTS[changes[0].group] if len(groups) == 1 else SEVERAL_CHANGES,
        "reason": changes[0].reason,
    }
    key = f"project-{project.pk}-change-{changes[0].pk}"
    details: dict[str, str] = {}
    notices = []
    for user in project_followers(project):
        if user.language not in details:
            details[user.language] = change_detail(changes, user.language)
        notices.append((user, key, {**context, "detail": details[user.language]}))
    sent = notify_each(event=Event.PROJECT_CHANGED, notices=notices)
    return sent + notify_subscribers(
        topic=EmailSubscription.Topic.PROJECTS,
        event=Event.PROJECT_CHANGED,
        key=key,
        context={**context, "detail": change_detail(changes, settings.LANGUAGE_CODE)},
    )


def request_audience(request: ParticipationRequest) -> list[User]:
    """The author and every supporter of an Anregung, each once."""
    return list(
        User.objects.filter(Q(request_supports__request=request) | Q(pk=request.author_id))
        .filter(is_active=True)
        .distinct()
        .order_by("pk")
    )


def announce_request_step(
    request: ParticipationRequest, *, change: str, step: str, detail: str = ""
) -> int:
    """Tell author and supporters of a step; ``change`` is a gettext_noop source text."""
    project = request.project
    context = {
        **_base_context(project),
        "change": change,
        "excerpt": Truncator(request.reason).chars(EXCERPT_LENGTH),
        "detail": detail,
    }
    return notify(
        event=Event.REQUEST,
        recipients=request_audience(request),
        key=f"request-{request.pk}-{step}",
        context=context,
    )
