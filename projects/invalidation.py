"""Which cached Vorhabenliste pages a write makes out of date (see participation.pagecache).

Three generations:

- ``projects``: the content of the list (entries with their milestones, council
  decisions, change log, districts and topics; the catalogue; editions). Staff change it
  rarely, and a change can show on every page of the list, so it invalidates all of them.
- ``projects:<slug>``: the Anregungen of one entry and their supports, shown only on
  that entry's page. A support is written by residents, often in bursts; it leaves the
  list and the other entries alone.
- ``anregungen``: any Anregung at all (not its supports). The board's meeting pages name
  the Anregungen on their agenda and link entries by title, so they are built from this
  generation and from ``projects`` too (registered in ``ProjectsConfig.ready``).

Model saves and deletes are caught by receivers (connected in ``ProjectsConfig.ready``).
The support count is raised with ``QuerySet.update()`` in the transaction that creates
the support, whose receiver bumps on commit; the change log is written with
``bulk_create`` and bumps itself (``projects.services.changes``). Every bump happens on
commit. The pages change by date as well (an edition is published on a day, an
Anregung's window closes after a day): they are stored until the next midnight at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from participation.pagecache import bump
from projects.models import (
    CouncilDecision,
    Department,
    District,
    Edition,
    EditionEntry,
    Milestone,
    ParticipationRequest,
    Project,
    ProjectChange,
    RequestSupport,
    Topic,
)

CONTENT = "projects"
REQUESTS = "anregungen"
CONTENT_MODELS = (
    Project,
    Milestone,
    CouncilDecision,
    ProjectChange,
    Department,
    District,
    Topic,
    Edition,
    EditionEntry,
)


def activity(slug: str) -> str:
    return f"{CONTENT}:{slug}"


# --- what each page is built from (used by the views' @public_page) -------------------------


def list_generations(**_url: Any) -> tuple[str, ...]:
    """The list and the print editions show content only."""
    return (CONTENT,)


def entry_generations(slug: str) -> tuple[str, ...]:
    return (CONTENT, activity(slug))


# --- bumping --------------------------------------------------------------------------------


def content_changed() -> None:
    bump(CONTENT)


def activity_changed(project_ids: Iterable[int]) -> None:
    """The Anregungen or their supports on these entries changed."""
    slugs = Project.objects.filter(pk__in=set(project_ids)).values_list("slug", flat=True)
    bump(*sorted(activity(slug) for slug in slugs))


# --- receivers ------------------------------------------------------------------------------


def _on_content(sender: type, **kwargs: Any) -> None:
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed: once, after
        content_changed()


def _on_request(sender: type, instance: ParticipationRequest, **kwargs: Any) -> None:
    bump(REQUESTS)
    if ParticipationRequest.project.is_cached(instance):  # type: ignore[attr-defined]
        bump(activity(instance.project.slug))
    else:
        activity_changed([instance.project_id])


def _on_support(sender: type, instance: RequestSupport, **kwargs: Any) -> None:
    project_ids = ParticipationRequest.objects.filter(pk=instance.request_id).values_list(
        "project_id", flat=True
    )
    activity_changed(project_ids)


def connect() -> None:
    for model in CONTENT_MODELS:
        uid = f"pagecache-projects-{model.__name__}"
        post_save.connect(_on_content, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_content, sender=model, dispatch_uid=uid)
    for through in (Project.topics.through, Project.districts.through):
        m2m_changed.connect(_on_content, sender=through, dispatch_uid=f"pagecache-{through}")
    post_save.connect(_on_request, sender=ParticipationRequest, dispatch_uid="pagecache-request")
    post_delete.connect(_on_request, sender=ParticipationRequest, dispatch_uid="pagecache-request")
    post_save.connect(_on_support, sender=RequestSupport, dispatch_uid="pagecache-support")
    post_delete.connect(_on_support, sender=RequestSupport, dispatch_uid="pagecache-support")
