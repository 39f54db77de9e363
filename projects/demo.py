"""The demo Vorhabenliste of ``manage.py seed_demo``: two editions, ~25 entries, Anregungen.

The content lives in ``projects/demo/*.json``. Edition 2026/1 is created and frozen
first, with the entries' values of that time; then the changes since are applied and
logged, and the entries new in 2026/2 are added, so the frozen print version and the
change log tell the same story. The Anregung on the Beirat's agenda gets an item at the
end of the board's next demo meeting, when there is one. Dates are relative to today.
Running it again changes nothing.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from participation.models import AgendaItem, Meeting, User
from projects.models import (
    CouncilDecision,
    Department,
    District,
    Edition,
    Milestone,
    ParticipationRequest,
    Project,
    ProjectChange,
    RequestState,
    RequestStateChange,
    RequestSupport,
    Topic,
    parse_partial_date,
)
from projects.services import freeze_edition

DATA = Path(__file__).resolve().parent / "demo"
LAST_EDITION = "2026/2"
TIMESTAMPS = {
    RequestState.ON_AGENDA: "on_agenda_at",
    RequestState.RECOMMENDED: "recommended_at",
    RequestState.DECIDED: "decided_at",
}


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@transaction.atomic
def seed() -> str:
    """Create the demo list unless its last edition exists already."""
    if Edition.objects.filter(number=LAST_EDITION).exists():
        return "Vorhabenliste demo: already there."
    today = timezone.localdate()
    catalogue = load("catalogue.json")
    lookups = ensure_catalogue(catalogue)
    editions = {
        e["number"]: Edition.objects.create(
            number=e["number"],
            note=e["note"],
            published_on=today - timedelta(days=e["published_days_ago"]),
        )
        for e in catalogue["editions"]
    }
    entries = load("projects.json")
    first, later = (
        [e for e in entries if e["edition"] == "2026/1"],
        [e for e in entries if e["edition"] != "2026/1"],
    )
    created = {e["slug"]: create_project(e, lookups, editions, today, early=True) for e in first}
    for edition in catalogue["editions"]:
        if edition["frozen"]:
            freeze_edition(edition=editions[edition["number"]], by=None)
    for entry in first:
        apply_changes(created[entry["slug"]], entry, editions, today)
    created.update({e["slug"]: create_project(e, lookups, editions, today) for e in later})
    residents = ensure_residents(catalogue["residents"])
    requests = [create_request(r, created, residents) for r in load("requests.json")]
    return (
        f"Vorhabenliste demo: {len(created)} entries in {len(editions)} editions, "
        f"{ProjectChange.objects.count()} logged changes, {len(requests)} Anregungen."
    )


def ensure_catalogue(catalogue: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from django.utils.text import slugify

    districts = {
        name: District.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )[0]
        for position, name in enumerate(catalogue["districts"], start=1)
    }
    topics = {
        name: Topic.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )[0]
        for position, name in enumerate(catalogue["topics"], start=1)
    }
    departments = {
        d["slug"]: Department.objects.get_or_create(slug=d["slug"], defaults=d)[0]
        for d in catalogue["departments"]
    }
    return {"districts": districts, "topics": topics, "departments": departments}


def _fields(entry: dict[str, Any]) -> dict[str, Any]:
    start, start_precision = parse_partial_date(entry["start"])
    end, end_precision = parse_partial_date(entry["end"])
    cost = entry["estimated_cost"]
    return {
        "status": entry["status"],
        "start": start,
        "start_precision": start_precision,
        "end": end,
        "end_precision": end_precision,
        "estimated_cost": Decimal(cost) if cost else None,
    }


def create_project(
    entry: dict[str, Any],
    lookups: dict[str, dict[str, Any]],
    editions: dict[str, Edition],
    today: date,
    *,
    early: bool = False,
) -> Project:
    """Create an entry; with ``early`` as it was before its logged changes."""
    fields = _fields(entry)
    if early:
        fields.update(_fields({**entry, **entry.get("before", {})}))
    latitude, longitude = entry.get("location") or (None, None)
    project = Project.objects.create(
        slug=entry["slug"],
        title=entry["title"],
        summary=entry["summary"],
        goal=entry["goal"],
        department=lookups["departments"][entry["department"]],
        contact=entry["contact"],
        next_steps=entry["next_steps"],
        financing=entry["financing"],
        participation_planned=entry["participation_planned"],
        participation_reason=entry.get("participation_reason", ""),
        participation_kind=entry.get("participation_kind", ""),
        participation_level=entry.get("participation_level", ""),
        participation_format=entry.get("participation_format", ""),
        involve_board=entry.get("involve_board", False),
        latitude=Decimal(str(latitude)) if latitude is not None else None,
        longitude=Decimal(str(longitude)) if longitude is not None else None,
        added_on=today - timedelta(days=entry["added_days_ago"]),
        first_edition=editions.get(entry["edition"]),
        published=entry.get("published", True),
        **fields,
    )
    project.districts.set([lookups["districts"][name] for name in entry["districts"]])
    project.topics.set([lookups["topics"][name] for name in entry["topics"]])
    Milestone.objects.bulk_create(
        Milestone(
            project=project, date=date.fromisoformat(m["date"]), title=m["title"], done=m["done"]
        )
        for m in entry["milestones"]
    )
    CouncilDecision.objects.bulk_create(
        CouncilDecision(project=project, **{**d, "date": date.fromisoformat(d["date"])})
        for d in entry["decisions"]
    )
    return project


def apply_changes(
    project: Project, entry: dict[str, Any], editions: dict[str, Edition], today: date
) -> None:
    """Bring an early entry to its current values and log why (dated in the past)."""
    if not entry.get("before"):
        return
    for name, value in _fields(entry).items():
        setattr(project, name, value)
    project.save()
    for change in entry.get("changes", []):
        changed_on = today - timedelta(days=change["days_ago"])
        in_force = [e for e in editions.values() if e.published_on and e.published_on <= changed_on]
        ProjectChange.objects.create(
            project=project,
            group=change["group"],
            old_value=change["old"],
            new_value=change["new"],
            reason=change["reason"],
            changed_on=changed_on,
            edition=max(in_force, key=lambda e: e.published_on or today, default=None),
        )


def ensure_residents(people: list[dict[str, str]]) -> dict[str, User]:
    from participation.management.commands.seed_demo import DEMO_PASSWORD

    existing = {u.email: u for u in User.objects.filter(email__in=[p["email"] for p in people])}
    missing = [p for p in people if p["email"] not in existing]
    if missing:
        password = make_password(DEMO_PASSWORD)
        created = User.objects.bulk_create(
            User(email=p["email"], display_name=p["display_name"], password=password)
            for p in missing
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created
        )
        existing.update({u.email: u for u in created})
    return existing


def add_to_next_meeting(project: Project, item: dict[str, str]) -> AgendaItem | None:
    """An item about ``project`` at the end of the board's next meeting, if the board demo
    planned one (it runs before this seeder)."""
    meeting = Meeting.objects.upcoming().first()
    if meeting is None:
        return None
    last = meeting.agenda_items.order_by("-order").first()
    order = last.order + 1 if last else 1
    agenda_item = AgendaItem(
        meeting=meeting,
        order=order,
        number=str(order),
        title=item["title"],
        description=item["description"],
        content_type=ContentType.objects.get_for_model(Project),
        object_id=project.pk,
    )
    agenda_item.save()
    return agenda_item


def create_request(
    data: dict[str, Any], projects: dict[str, Project], residents: dict[str, User]
) -> ParticipationRequest:
    """An Anregung with its supporters and the steps it has gone through."""
    now = timezone.now()
    people = [residents[data["author"]], *(residents[e] for e in data["supporters"])]
    request = ParticipationRequest.objects.create(
        project=projects[data["project"]],
        author=people[0],
        reason=data["reason"],
        age_confirmed=True,
        supporter_count=len(people),
    )
    RequestSupport.objects.bulk_create(
        RequestSupport(request=request, user=person, age_confirmed=True) for person in people
    )
    previous = RequestState.OPEN
    for step in data["steps"]:
        state = RequestState(step["state"])
        setattr(request, TIMESTAMPS[state], now - timedelta(days=step["days_ago"]))
        if state in (RequestState.RECOMMENDED, RequestState.NOT_RECOMMENDED):
            request.recommendation = step["note"]
        if state == RequestState.DECIDED:
            request.outcome = step["note"]
        if "agenda_item" in step:
            request.agenda_item = add_to_next_meeting(request.project, step["agenda_item"])
        RequestStateChange.objects.create(
            request=request, from_state=previous, to_state=state, note=step["note"]
        )
        previous = state
    request.state = previous
    request.save()
    # auto_now_add fields cannot be set on create; date them as the story tells.
    ParticipationRequest.objects.filter(pk=request.pk).update(
        created_at=now - timedelta(days=data["days_ago"])
    )
    return request
