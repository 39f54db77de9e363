"""The Vorhabenliste's section of the start page: the current edition and its newest entries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from projects.models import Edition, Project

NEWEST = 3


def home_context(request: HttpRequest) -> dict[str, Any]:
    """The current edition, how many entries are public and new in it, the newest ones."""
    edition = Edition.objects.current()
    public = Project.objects.public()
    return {
        "edition": edition,
        "project_count": public.count(),
        "new_count": public.new_in(edition).count() if edition else 0,
        "newest_projects": list(public.for_list().order_by("-added_on", "-pk")[:NEWEST]),
    }
