"""A person's Anregungen and supports, for their DSGVO data download."""

from __future__ import annotations

from typing import Any

from participation.models import User
from projects.models import ParticipationRequest, RequestSupport


def requests_of(user: User) -> dict[str, list[dict[str, Any]]]:
    requests = ParticipationRequest.objects.filter(author=user).select_related("project")
    supports = RequestSupport.objects.filter(user=user).select_related("request__project")
    return {
        "requests": [
            {
                "id": r.pk,
                "project": r.project.title,
                "reason": r.reason,
                "age_confirmed": r.age_confirmed,
                "state": r.state,
                "submitted": r.created_at.isoformat(),
            }
            for r in requests.order_by("created_at", "pk")
        ],
        "supports": [
            {
                "request": s.request_id,
                "project": s.request.project.title,
                "age_confirmed": s.age_confirmed,
                "given": s.created_at.isoformat(),
            }
            for s in supports.order_by("created_at", "pk")
        ],
    }
