"""Factory functions for the Vorhabenliste, shared by every test of the projects app.

Each function creates what it needs and accepts field overrides as keyword arguments.
Names are made unique with a counter, so calling a factory twice never collides.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from participation.models import User
from projects.models import (
    ChangeGroup,
    CouncilDecision,
    Department,
    District,
    Edition,
    Milestone,
    ParticipationPlanned,
    ParticipationRequest,
    Project,
    ProjectChange,
    RequestSupport,
    Status,
    Topic,
)
from tests.conftest import make_user

_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def make_department(name: str = "", **fields: Any) -> Department:
    name = name or f"Amt für Stadtplanung {_next()}"
    fields.setdefault("slug", slugify(name))
    fields.setdefault("email", f"{fields['slug']}@stadt.example")
    fields.setdefault("address", "Rathausplatz 1\n12345 Musterstadt")
    return Department.objects.create(name=name, **fields)


def make_district(name: str = "", **fields: Any) -> District:
    name = name or f"Stadtteil {_next()}"
    fields.setdefault("slug", slugify(name))
    return District.objects.create(name=name, **fields)


def make_topic(name: str = "", **fields: Any) -> Topic:
    name = name or f"Thema {_next()}"
    fields.setdefault("slug", slugify(name))
    return Topic.objects.create(name=name, **fields)


def make_edition(number: str = "", **fields: Any) -> Edition:
    """A published edition (today unless ``published_on`` says otherwise; None: in preparation)."""
    number = number or f"2026/{_next()}"
    fields.setdefault("published_on", timezone.localdate())
    return Edition.objects.create(number=number, **fields)


def make_project(
    title: str = "",
    *,
    districts: list[District] | None = None,
    topics: list[Topic] | None = None,
    **fields: Any,
) -> Project:
    """A published entry with a department (created if not given)."""
    title = title or f"Sanierung der Grundschule {_next()}"
    fields.setdefault("slug", slugify(title)[:100])
    fields.setdefault("summary", f"Kurzbeschreibung: {title}.")
    fields.setdefault("published", True)
    fields.setdefault("status", Status.PLANNING)
    fields.setdefault("participation_planned", ParticipationPlanned.PLANNED)
    if "department" not in fields:
        fields["department"] = make_department()
    project = Project.objects.create(title=title, **fields)
    if districts:
        project.districts.set(districts)
    if topics:
        project.topics.set(topics)
    return project


def make_milestone(project: Project, **fields: Any) -> Milestone:
    fields.setdefault("date", timezone.localdate() + timedelta(days=30))
    fields.setdefault("title", "Auftaktveranstaltung")
    return Milestone.objects.create(project=project, **fields)


def make_decision(project: Project, **fields: Any) -> CouncilDecision:
    fields.setdefault("body", "Gemeinderat")
    fields.setdefault("date", timezone.localdate() - timedelta(days=30))
    fields.setdefault("reference", f"DS {_next()}/2026")
    return CouncilDecision.objects.create(project=project, **fields)


def make_change(project: Project, **fields: Any) -> ProjectChange:
    """A change-log row written directly (services.record_change also notifies)."""
    fields.setdefault("group", ChangeGroup.STATUS)
    fields.setdefault("old_value", "Idee")
    fields.setdefault("new_value", "in Planung")
    fields.setdefault("reason", "Der Gemeinderat hat die Planung beauftragt.")
    return ProjectChange.objects.create(project=project, **fields)


def make_request(
    project: Project | None = None,
    *,
    author: User | None = None,
    supporters: list[User] | None = None,
    **fields: Any,
) -> ParticipationRequest:
    """An Anregung written directly, with the author as first supporter.

    ``supporters`` adds further supports. Use ``services.create_request`` to test rules.
    """
    project = project or make_project()
    if author is None:
        n = _next()
        author = make_user(f"anregung{n}@example.org", f"Anregende {n}")
    fields.setdefault("reason", "Die Anwohnenden sollten bei der Gestaltung mitreden können.")
    fields.setdefault("age_confirmed", True)
    request = ParticipationRequest.objects.create(project=project, author=author, **fields)
    people = [author, *(supporters or [])]
    RequestSupport.objects.bulk_create(
        RequestSupport(request=request, user=person, age_confirmed=True) for person in people
    )
    request.supporter_count = len(people)
    request.save(update_fields=["supporter_count"])
    return request
