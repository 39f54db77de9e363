"""The comparison page: any two versions of a document, paragraph by paragraph.

Versions are chosen with a GET form (two selects), so the page works without JavaScript
and every comparison has an address. What changed is worked out in
:mod:`guidelines.changes`; this module parses the choice and groups the result by
section, with runs of unchanged paragraphs collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guidelines.changes import ParagraphChange, align, compare_url_for
from guidelines.invalidation import content_generations
from guidelines.models import Document, Paragraph, Version
from guidelines.views.common import can_preview
from participation import pagecache


@dataclass
class Block:
    """Consecutive paragraphs of one section: unchanged ones are shown collapsed together."""

    unchanged: bool
    changes: list[ParagraphChange]

    @property
    def orders(self) -> str:
        return ", ".join(change.paragraph.label for change in self.changes)


@dataclass
class SectionChanges:
    title: str
    blocks: list[Block]


class BadComparison(Exception):
    """A request for a comparison that cannot be made; the message tells the reader why."""


def _section_title(change: ParagraphChange) -> str:
    return change.paragraph.section.heading


def group_by_section(changes: list[ParagraphChange]) -> list[SectionChanges]:
    sections = []
    for title, in_section in groupby(changes, key=_section_title):
        blocks = [
            Block(unchanged=unchanged, changes=list(run))
            for unchanged, run in groupby(in_section, key=lambda c: c.status == "unchanged")
        ]
        sections.append(SectionChanges(title=title, blocks=blocks))
    return sections


def _chosen(
    raw: str | None, versions: list[Version], document: Document, *, preview: bool
) -> Version | None:
    """The version a ``von``/``zu`` parameter names; None when it is not given.

    A version the viewer may not read is unknown (404), as on its own page; a readable
    version of another document is a mistake to explain (400).
    """
    if raw is None or not raw.strip():
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise BadComparison(
            _("“%(value)s” is not a version. Please choose the versions from the lists.")
            % {"value": raw[:40].replace("\x00", "")}
        ) from None
    for version in versions:
        if version.pk == pk:
            return version
    other = Version.objects.select_related("document").filter(pk=pk).first()
    if other is None or (not other.is_public and not preview):
        raise Http404
    raise BadComparison(
        _(
            "“%(label)s” is a version of “%(other)s”, not of “%(document)s”. "
            "Only versions of the same document can be compared."
        )
        % {"label": other.label, "other": other.document.title, "document": document.title}
    )


def _defaults(versions: list[Version]) -> tuple[Version, Version]:
    """The newest version and the one it is based on (else the one before it)."""
    new = versions[-1]
    for version in versions:
        if version.pk == new.based_on_id:
            return version, new
    return (versions[-2] if len(versions) > 1 else new), new


def _readable_versions(document: Document, *, preview: bool) -> QuerySet[Version]:
    versions = Version.objects.filter(document=document)
    return versions if preview else versions.public()


@require_safe
@pagecache.public_page(content_generations, query=("von", "zu"))
def compare_versions(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(Document, slug=slug)
    preview = can_preview(request)
    versions = list(_readable_versions(document, preview=preview).order_by("created_at", "pk"))
    if not versions:
        raise Http404
    for version in versions:
        version.document = document
    context: dict[str, Any] = {"document": document, "versions": versions}
    try:
        old = _chosen(request.GET.get("von"), versions, document, preview=preview)
        new = _chosen(request.GET.get("zu"), versions, document, preview=preview)
    except BadComparison as exc:
        context["error"] = str(exc)
        return render(request, "guidelines/version_compare.html", context, status=400)
    default_old, default_new = _defaults(versions)
    old, new = old or default_old, new or default_new
    pagecache.canonical(request, compare_url_for(document, old, new))
    paragraphs: dict[int, list[Paragraph]] = {old.pk: [], new.pk: []}
    for paragraph in (
        Paragraph.objects.filter(version_id__in=paragraphs)
        .select_related("section")
        .order_by("order", "pk")
    ):
        # so that get_absolute_url needs no query
        paragraph.version = old if paragraph.version_id == old.pk else new
        paragraphs[paragraph.version_id].append(paragraph)
    changes = align(paragraphs[old.pk], paragraphs[new.pk])
    counts = dict.fromkeys(("changed", "added", "removed", "unchanged"), 0)
    for change in changes:
        counts[change.status] += 1
    context.update(
        {
            "old": old,
            "new": new,
            "sections": group_by_section(changes),
            "counts": counts,
        }
    )
    return render(request, "guidelines/version_compare.html", context)
