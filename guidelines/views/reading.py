"""Reading: the document list, a version with its paragraphs, and a paragraph's thread."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guidelines.changes import version_changes
from guidelines.invalidation import content_generations, document_generations, thread_generations
from guidelines.models import Document, Paragraph, Version
from guidelines.threads import thread_page, thread_url
from guidelines.views.common import (
    can_preview,
    get_paragraph,
    moments,
    request_user,
    shared_context,
    view_of,
    viewer_of,
)
from participation import pagecache


def version_phase(version: Version) -> str:
    """draft, upcoming, open, closed or adopted: what a reader needs to know about a version."""
    if version.state == Version.State.DRAFT:
        return "draft"
    if version.state == Version.State.ADOPTED:
        return "adopted"
    if version.state == Version.State.CLOSED:
        return "closed"
    if version.is_open_for_comments:
        return "open"
    if version.comments_open_at and timezone.now() < version.comments_open_at:
        return "upcoming"
    return "closed"


def _get_version(request: HttpRequest, slug: str, pk: int) -> Version:
    version = get_object_or_404(
        Version.objects.select_related("document"), pk=pk, document__slug=slug
    )
    if not version.is_public and not can_preview(request):
        raise Http404
    return version


@require_safe
@pagecache.public_page(content_generations)
def document_list(request: HttpRequest) -> HttpResponse:
    public_versions = Version.objects.public().order_by("-created_at", "-pk")
    documents = Document.objects.filter(
        Exists(public_versions.filter(document=OuterRef("pk")))
    ).prefetch_related(Prefetch("versions", queryset=public_versions, to_attr="public_versions"))
    entries = []
    for document in documents:
        current = document.public_versions[0]  # type: ignore[attr-defined]
        entries.append({"document": document, "version": current, "phase": version_phase(current)})
        pagecache.changes_at(request, *moments(current))
    return render(request, "guidelines/document_list.html", {"entries": entries})


@require_safe
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A document's address leads to its newest public version."""
    document = get_object_or_404(Document, slug=slug)
    versions = Version.objects.filter(document=document)
    if not can_preview(request):
        versions = versions.public()
    version = versions.order_by("-created_at", "-pk").first()
    if version is None:
        raise Http404
    return redirect(reverse("guidelines:version", kwargs={"slug": slug, "pk": version.pk}))


@require_safe
@pagecache.public_page(document_generations)
def version_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    version = _get_version(request, slug, pk)
    document = version.document
    sections = list(version.sections.all())
    by_section: dict[int, list[Paragraph]] = defaultdict(list)
    paragraphs = (
        Paragraph.objects.filter(version=version)
        .with_counts(request_user(request))
        .order_by("order", "pk")
    )
    for paragraph in paragraphs:
        paragraph.version = version  # so that get_absolute_url needs no query
        by_section[paragraph.section_id].append(paragraph)
    versions = list(Version.objects.public().filter(document=document).order_by("created_at"))
    for other in versions:
        other.document = document
    # Adopted versions show per paragraph what changed since the consulted draft.
    changes = version_changes(
        version, list(paragraphs), versions, preview=lambda: can_preview(request)
    )
    for paragraph in paragraphs:
        change = changes.by_paragraph.get(paragraph.pk) if changes else None
        paragraph.change = change  # type: ignore[attr-defined]
    # Its own phase, and the responses of earlier versions that an adopted one links.
    pagecache.changes_at(request, *moments(version, *versions))
    return render(
        request,
        "guidelines/version_detail.html",
        {
            "document": document,
            "version": version,
            "phase": version_phase(version),
            "sections": [(section, by_section.get(section.pk, [])) for section in sections],
            "versions": versions,
            "changes": changes,
        },
    )


# --- the thread ----------------------------------------------------------------------------


def _comment_url(paragraph: Paragraph) -> str:
    return reverse(
        "guidelines:comment",
        kwargs={
            "slug": paragraph.version.document.slug,
            "pk": paragraph.version_id,
            "key": paragraph.key,
        },
    )


def _login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


@require_safe
@pagecache.public_page(thread_generations, query=("sort", "page"))
def paragraph_detail(request: HttpRequest, slug: str, pk: int, key: str) -> HttpResponse:
    paragraph = get_paragraph(request, slug, pk, key)
    sort, page_number = view_of(request)
    viewer = viewer_of(request, paragraph)
    page, nodes = thread_page(paragraph, viewer, sort=sort, page_number=page_number)

    def page_url(number: int) -> str:
        return thread_url(paragraph, sort=sort, page=number)

    pagecache.canonical(request, page_url(page.number))
    pagecache.changes_at(request, *moments(paragraph.version))

    return render(
        request,
        "guidelines/paragraph_detail.html",
        {
            "document": paragraph.version.document,
            "version": paragraph.version,
            "section": paragraph.section,
            "paragraph": paragraph,
            "phase": version_phase(paragraph.version),
            "viewer": viewer,
            "nodes": nodes,
            "page": page,
            "previous_url": page_url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": page_url(page.next_page_number()) if page.has_next() else "",
            "sort": sort,
            "sorts": [
                (value, label, thread_url(paragraph, sort=value))
                for value, label in (
                    ("oldest", _("Oldest first")),
                    ("newest", _("Newest first")),
                    ("supported", _("Most supported")),
                )
            ],
            "comment_url": _comment_url(paragraph),
            "login_url": _login_url(paragraph.get_absolute_url()),
            "t": shared_context(request, sort=sort, page=page.number),
        },
    )
