"""The public fields of an entry as a plain dict, under the stable open-data names.

Used for the snapshot of a frozen edition (``EditionEntry.data``) and for staff-readable
descriptions of what changed. Expects ``Project.objects.for_page()`` (or equivalent
prefetches) so that building many records costs no extra queries per entry.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from participation.notifications import absolute_url
from projects.models import Project

# Field names shared by the open data, the import/export and the edition snapshots.
FIELDS = (
    "slug", "title", "summary", "goal", "status", "topics", "districts", "department",
    "contact", "start", "start_precision", "end", "end_precision", "next_steps",
    "estimated_cost", "financing", "participation_planned", "participation_reason",
    "participation_kind", "participation_level", "participation_format", "involve_board",
    "consultation_url", "latitude", "longitude", "added_on", "first_edition", "updated_at", "url",
)  # fmt: skip


def project_record(project: Project) -> dict[str, Any]:
    """Every public field of ``project``; labels in the site's language (for print)."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "slug": project.slug,
            "title": project.title,
            "summary": project.summary,
            "summary_html": project.summary_html,
            "goal": project.goal,
            "goal_html": project.goal_html,
            "status": project.status,
            "status_label": str(project.get_status_display()),
            "topics": [topic.name for topic in project.topics.all()],
            "districts": [district.name for district in project.districts.all()],
            "department": project.department.name,
            "department_address": project.department.address,
            "department_email": project.department.email,
            "contact": project.contact,
            "start": project.start.isoformat() if project.start else None,
            "start_precision": project.start_precision,
            "start_display": project.start_display,
            "end": project.end.isoformat() if project.end else None,
            "end_precision": project.end_precision,
            "end_display": project.end_display,
            "next_steps": project.next_steps,
            "estimated_cost": str(project.estimated_cost)
            if project.estimated_cost is not None
            else None,
            "financing": project.financing,
            "participation_planned": project.participation_planned,
            "participation_planned_label": str(project.get_participation_planned_display()),
            "participation_reason": project.participation_reason,
            "participation_kind": project.participation_kind,
            "participation_kind_label": str(project.get_participation_kind_display()),
            "participation_level": project.participation_level,
            "participation_level_label": str(project.get_participation_level_display()),
            "participation_format": project.participation_format,
            "involve_board": project.involve_board,
            "consultation_url": project.consultation_url,
            "latitude": float(project.latitude) if project.latitude is not None else None,
            "longitude": float(project.longitude) if project.longitude is not None else None,
            "added_on": project.added_on.isoformat(),
            "first_edition": project.first_edition.number if project.first_edition else None,
            "updated_at": project.updated_at.isoformat(),
            "url": absolute_url(project.get_absolute_url()),
            "milestones": [
                {"date": m.date.isoformat(), "title": m.title, "done": m.done}
                for m in project.milestones.all()
            ],
            "decisions": [
                {
                    "body": d.body,
                    "date": d.date.isoformat(),
                    "reference": d.reference,
                    "url": d.url,
                    "summary": d.summary,
                }
                for d in project.decisions.all()
            ],
        }
