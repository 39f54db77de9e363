"""The guidelines' section of the start page: what residents can do now, then the results.

Open consultations come first, each with its deadline, its number of comments and a link
straight to its text; consultations about to open follow them. Then the newest results:
commented versions (every comment with the city's response) and adopted versions. Three
queries, however many documents there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import inf
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from guidelines.models import Comment, Version
from guidelines.views.reading import labelled, version_phase

RESULTS = 4


@dataclass
class Consultation:
    version: Version
    phase: str  # "open" or "upcoming"
    comments: int

    @property
    def text_url(self) -> str:
        """The start of the text, where every paragraph has its "Comment" link."""
        return f"{self.version.get_absolute_url()}#text"


@dataclass
class Result:
    version: Version
    kind: str  # "commented" or "adopted"
    url: str
    label: str
    when: date


def section(request: HttpRequest) -> dict[str, Any]:
    return {"consultations": consultations(), "results": results()}


def consultations() -> list[Consultation]:
    """Versions in consultation whose period has not ended: open ones first, by deadline."""
    now = timezone.now()
    versions = (
        Version.objects.filter(state=Version.State.CONSULTATION)
        .exclude(comments_close_at__lte=now)
        .select_related("document")
        .annotate(
            comment_count=Count(
                "paragraphs__comments",
                filter=Q(paragraphs__comments__state__in=Comment.PUBLICLY_LISTED),
            )
        )
    )
    found = [
        Consultation(version, version_phase(version), version.comment_count)  # type: ignore[attr-defined]
        for version in versions
    ]

    def order(item: Consultation) -> tuple[bool, float, str]:
        version = item.version
        moment = version.comments_close_at if item.phase == "open" else version.comments_open_at
        return (item.phase != "open", moment.timestamp() if moment else inf, version.document.title)

    return sorted(found, key=order)


def results() -> list[Result]:
    """The newest commented and adopted versions, newest first."""
    now = timezone.now()
    versions = (
        Version.objects.filter(
            Q(state=Version.State.ADOPTED) | Q(responses_published_at__lte=now),
        )
        .exclude(state=Version.State.DRAFT)
        .select_related("document")
        .order_by("-created_at", "-pk")[: RESULTS * 2]
    )
    found: list[Result] = []
    for version in versions:
        published = version.responses_published_at
        if published is not None and published <= now:
            url = reverse(
                "guidelines:commented", kwargs={"slug": version.document.slug, "pk": version.pk}
            )
            found.append(
                Result(version, "commented", url, labelled(version), timezone.localdate(published))
            )
        if version.state == Version.State.ADOPTED:
            when = version.decision_date or timezone.localdate(version.created_at)
            found.append(
                Result(version, "adopted", version.get_absolute_url(), labelled(version), when)
            )
    found.sort(key=lambda result: result.when, reverse=True)
    return found[:RESULTS]
