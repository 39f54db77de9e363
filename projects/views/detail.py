"""The entry page ("Steckbrief"): every public field, the history and the Anregungen.

Drafts answer 404. Seven queries for an anonymous reader whatever the length of the
history (entry, topics, districts, milestones, decisions, changes, Anregungen); a
signed-in reader adds the session, the user and one query for what they follow.
Whether the reader supported an Anregung is an annotation, not a query per request;
whether the entry is new in the current edition is an annotation too. Anonymous readers
get the page from the page cache (``projects.invalidation``); it changes by date too
("new", the Anregung window), so it is stored until midnight at most.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from participation import pagecache
from participation.models import Follow, User
from projects.filters import newer_edition_exists
from projects.forms import RequestForm, SupportForm, minimum_age
from projects.invalidation import entry_generations
from projects.models import ParticipationRequest, Project, RequestState, RequestSupport
from projects.services import request_window_closes


def viewer(request: HttpRequest) -> User | None:
    user = request.user
    return user if user.is_authenticated else None  # type: ignore[return-value]


def page_project(slug: str, user: User | None) -> Project:
    """The public entry with everything its page shows, or 404."""
    supported: Any = Value(False, output_field=BooleanField())
    if user is not None:
        supported = Exists(RequestSupport.objects.filter(request=OuterRef("pk"), user=user))
    requests = ParticipationRequest.objects.annotate(supported=supported).order_by(
        "-created_at", "-pk"
    )
    projects = (
        Project.objects.public()
        .for_page()
        .annotate(newer_edition=newer_edition_exists())
        .prefetch_related(Prefetch("requests", queryset=requests))
    )
    return get_object_or_404(projects, slug=slug)


def is_new(project: Project) -> bool:
    """New in the current edition: its first edition is published and none is newer."""
    first = project.first_edition
    today = timezone.localdate()
    return (
        first is not None
        and first.published_on is not None
        and first.published_on <= today
        and not getattr(project, "newer_edition", True)
    )


def followed(user: User | None, project: Project) -> set[tuple[str, int]]:
    """(kind, pk) of the entry, its districts and topics that ``user`` follows; one query
    (the content types are joined, so an empty ContentType cache costs nothing extra)."""
    if user is None:
        return set()
    targets = {
        "project": [project.pk],
        "district": [district.pk for district in project.districts.all()],
        "topic": [topic.pk for topic in project.topics.all()],
    }
    condition = Q()
    for model_name, ids in targets.items():
        condition |= Q(content_type__model=model_name, object_id__in=ids)
    rows = Follow.objects.filter(
        condition, user=user, content_type__app_label=Project._meta.app_label
    ).values_list("content_type__model", "object_id")
    return set(rows)


def window(project: Project) -> dict[str, Any]:
    closes = request_window_closes(project)
    return {"closes": closes, "open": closes is None or timezone.localdate() <= closes}


def detail_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    user = viewer(request)
    follows = followed(user, project)
    all_requests = list(project.requests.all())
    active = next((r for r in all_requests if r.state != RequestState.CLOSED), None)
    return {
        "project": project,
        "is_new": is_new(project),
        "milestones": list(project.milestones.all()),
        "decisions": list(project.decisions.all()),
        "changes": list(project.changes.all()),
        "districts": [
            (district, ("district", district.pk) in follows) for district in project.districts.all()
        ],
        "topics": [(topic, ("topic", topic.pk) in follows) for topic in project.topics.all()],
        "following": ("project", project.pk) in follows,
        "participation_requests": all_requests,
        "active_request": active,
        "window": window(project),
        "minimum_age": minimum_age(),
        "quorum": settings.PROJECTS_REQUEST_QUORUM,
        "request_form": RequestForm(auto_id="request-%s"),
        "support_form": SupportForm(auto_id="support-%s"),
        "next": request.get_full_path(),
    }


@require_safe
@pagecache.public_page(entry_generations)
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = page_project(slug, viewer(request))
    pagecache.changes_at(request, pagecache.next_midnight())
    return render(request, "projects/project_detail.html", detail_context(request, project))
