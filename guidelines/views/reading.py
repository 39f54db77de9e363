"""Reading: the document list, a version with its paragraphs, and a paragraph's thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guidelines.changes import VersionChanges, version_changes
from guidelines.invalidation import content_generations, document_generations, thread_generations
from guidelines.models import Comment, Document, Paragraph, Report, Support, Version
from guidelines.thread_html import CommentHtml
from guidelines.threads import (
    MESSAGE_TARGET,
    NOT_SHOWN,
    CommentNode,
    CommentUrls,
    Viewer,
    comment_node,
    find_node,
    paragraph_address,
    thread_page,
    thread_url,
    view_query,
)
from guidelines.version_html import contents, text_html
from guidelines.views.common import (
    PARTICIPANT,
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


def state_text(version: Version, phase: str) -> str:
    """The phase in words, e.g. "In consultation until 12.04.2026", for lists of versions."""
    if phase == "open" and version.comments_close_at:
        deadline = date_format(timezone.localtime(version.comments_close_at), "SHORT_DATE_FORMAT")
        return _("In consultation until %(date)s") % {"date": deadline}
    if phase == "upcoming" and version.comments_open_at:
        start = date_format(timezone.localtime(version.comments_open_at), "SHORT_DATE_FORMAT")
        return _("Consultation from %(date)s") % {"date": start}
    texts = {
        "open": _("In consultation"),
        "closed": _("Consultation closed"),
        "adopted": _("Adopted"),
    }
    return texts.get(phase, _("Draft (not public)"))


def labelled(version: Version) -> str:
    """A version's label with its phase: two drafts of the same month never look alike."""
    return f"{version.label} – {state_text(version, version_phase(version))}"


def current_version(versions: Sequence[Version]) -> Version | None:
    """Where a document's address leads: the version open for comments, else the newest."""
    open_now = [version for version in versions if version.is_open_for_comments]
    return max(open_now or versions, key=lambda v: (v.created_at, v.pk), default=None)


def _get_versions(request: HttpRequest, slug: str, pk: int) -> tuple[Version, list[Version]]:
    """The version asked for and the document's public versions, oldest first, in one query."""
    found = list(
        Version.objects.select_related("document")
        .filter(Q(pk=pk) | ~Q(state=Version.State.DRAFT), document__slug=slug)
        .order_by("created_at", "pk")
    )
    version = next((candidate for candidate in found if candidate.pk == pk), None)
    if version is None or (not version.is_public and not can_preview(request)):
        raise Http404
    for other in found:
        other.document = version.document
    return version, [other for other in found if other.is_public]


@require_safe
@pagecache.public_page(content_generations, signed_in=True)
def document_list(request: HttpRequest) -> HttpResponse:
    public_versions = Version.objects.public().order_by("-created_at", "-pk")
    documents = Document.objects.filter(
        Exists(public_versions.filter(document=OuterRef("pk")))
    ).prefetch_related(Prefetch("versions", queryset=public_versions, to_attr="public_versions"))
    entries = []
    for document in documents:
        versions: list[Version] = document.public_versions  # type: ignore[attr-defined]
        current = current_version(versions)
        if current is None:  # the query finds documents with a public version only
            continue
        entries.append({"document": document, "version": current, "phase": version_phase(current)})
        # Which version is current changes when a period opens or closes.
        pagecache.changes_at(request, *moments(*versions))
    return render(request, "guidelines/document_list.html", {"entries": entries})


@require_safe
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A document's address leads to the version open for comments, else the newest public one."""
    document = get_object_or_404(Document, slug=slug)
    versions = Version.objects.filter(document=document)
    if not can_preview(request):
        versions = versions.public()
    version = current_version(list(versions))
    if version is None:
        raise Http404
    return redirect(reverse("guidelines:version", kwargs={"slug": slug, "pk": version.pk}))


@require_safe
@pagecache.public_page(document_generations, signed_in=True)
def version_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    version, versions = _get_versions(request, slug, pk)
    document = version.document
    phase = version_phase(version)
    sections = list(version.sections.all())
    paragraphs = list(
        Paragraph.objects.filter(version=version)
        .with_counts(request_user(request))
        .order_by("order", "pk")
    )
    for paragraph in paragraphs:
        paragraph.version = version  # so that get_absolute_url needs no query
    # The counts include a reader's own comments awaiting moderation: their authors see
    # their own rendering, not the stored page.
    pagecache.own_rendering_for(
        request,
        lambda: (
            Comment.objects.filter(state=Comment.State.PENDING, paragraph__version=version)
            .values_list("author_id", flat=True)
            .distinct()
        ),
    )
    # Adopted versions show per paragraph what changed since the consulted draft.
    changes = version_changes(version, paragraphs, versions, preview=lambda: can_preview(request))
    # Its own phase, and the responses of earlier versions that an adopted one links.
    pagecache.changes_at(request, *moments(version, *versions))
    comments = sum(paragraph.comment_count for paragraph in paragraphs)  # type: ignore[attr-defined]
    return render(
        request,
        "guidelines/version_detail.html",
        {
            "document": document,
            "version": version,
            "phase": phase,
            "contents": contents(sections),
            "text": text_html(version, sections, paragraphs, changes, commenting=phase == "open"),
            "versions": [
                {
                    "url": other.get_absolute_url(),
                    "text": labelled(other),
                    "current": other == version,
                }
                for other in versions
            ],
            "changes": changes,
            "downloads": downloads_of(version, phase, comments, changes),
        },
    )


def downloads_of(
    version: Version, phase: str, comments: int, changes: VersionChanges | None
) -> dict[str, Any] | None:
    """The report and exports a version page offers, and which version they are about.

    No accountability report while the consultation runs, no export that would be an
    empty file; an adopted version without comments of its own offers those of the
    consultation that led to it.
    """
    if phase == "draft":
        return None
    if phase == "adopted" and not comments and changes is not None and changes.base is not None:
        base = changes.base
        consulted = Comment.objects.filter(
            paragraph__version=base, state__in=Comment.PUBLICLY_LISTED
        ).exists()
        return {"of": base, "report": True, "exports": consulted}
    return {"of": version, "report": phase in {"closed", "adopted"}, "exports": comments > 0}


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


def _place_messages(request: HttpRequest, nodes: list[CommentNode]) -> list[Message]:
    """Success messages beside the comment the action led to (``?c=<id>``, see thread_url).

    Returns the messages left for the top of the page: all of them when that comment is
    not on this page, and any that is not a success message.
    """
    stored = list(messages.get_messages(request))  # read once; the middleware clears them
    target = request.GET.get(MESSAGE_TARGET, "")
    node = find_node(nodes, int(target)) if stored and target.isdigit() else None
    if node is None:
        return stored
    node.messages = [str(message) for message in stored if message.level == messages.SUCCESS]
    return [message for message in stored if message.level != messages.SUCCESS]


def thread_variant(request: HttpRequest) -> str | None:
    """Signed-in residents who may comment share one stored thread page (with their own
    comments' and supports' controls filled in); others get a rendering of their own."""
    user = request_user(request)
    return PARTICIPANT if user is not None and user.can_participate else None


def personal_comment_parts(
    request: HttpRequest, context: dict[str, Any], keys: list[tuple[int, str]]
) -> dict[tuple[int, str], str]:
    """The header and controls of the comments on a stored thread page that differ for
    this participant: their own, the ones they support and the ones they reported.

    One query finds the reader's comments in the paragraph (those not on this page are
    left out); every other comment looks the same to every participant
    (pagecache.personal_slots).
    """
    user = request_user(request)
    if user is None:
        return {}
    # The paragraph's comments, not the page's: a list of a few hundred ids would cost
    # more to send than the few rows it leaves out.
    theirs = (
        Q(author=user)
        | Q(pk__in=Support.objects.filter(user=user).values("comment_id"))
        | Q(pk__in=Report.objects.filter(reporter=user).values("comment_id"))
    )
    comments = (
        Comment.objects.filter(theirs, paragraph_id=context["paragraph"])
        .for_thread(user)
        .defer(*NOT_SHOWN)
    )
    shown = {pk for pk, _part in keys}
    viewer = Viewer(user=user, participant=True, open=context["open"])
    urls = CommentUrls(context["address"], view_query(context["sort"], context["page"]))
    html = CommentHtml(shared_context(request, sort=context["sort"], page=context["page"]))
    filled = {}
    for comment in comments:
        if comment.pk not in shown:
            continue
        node = comment_node(comment, viewer, urls)
        filled[comment.pk, "meta"] = html.meta(node)
        filled[comment.pk, "actions"] = html.actions(node)
    return filled


def _comment_marks(
    request: HttpRequest, paragraph: Paragraph, viewer: Viewer, sort: str, page: int
) -> Callable[[Any, str], str] | None:
    """In the page stored for participants, each comment's personal parts are marked."""
    if pagecache.variant(request) != PARTICIPANT:
        return None
    # Authors of comments awaiting moderation see them listed and counted: not this page.
    pagecache.own_rendering_for(
        request,
        lambda: (
            Comment.objects.filter(paragraph=paragraph, state=Comment.State.PENDING)
            .values_list("author_id", flat=True)
            .distinct()
        ),
    )
    context = {
        "paragraph": paragraph.pk,
        "address": paragraph_address(paragraph),
        "sort": sort,
        "page": page,
        "open": viewer.open,
    }
    return pagecache.personal_slots(request, PERSONAL_COMMENT_PARTS, context)


PERSONAL_COMMENT_PARTS = f"{__name__}.personal_comment_parts"


@require_safe
@pagecache.public_page(thread_generations, query=("sort", "page"), signed_in=thread_variant)
def paragraph_detail(request: HttpRequest, slug: str, pk: int, key: str) -> HttpResponse:
    paragraph = get_paragraph(request, slug, pk, key)
    sort, page_number = view_of(request)
    viewer = viewer_of(request, paragraph)
    page, nodes = thread_page(paragraph, viewer, sort=sort, page_number=page_number)

    def page_url(number: int) -> str:
        return thread_url(paragraph, sort=sort, page=number)

    pagecache.canonical(request, page_url(page.number))
    pagecache.changes_at(request, *moments(paragraph.version))
    t = shared_context(request, sort=sort, page=page.number)
    top_messages = _place_messages(request, nodes)
    marks = _comment_marks(request, paragraph, viewer, sort, page.number)

    return render(
        request,
        "guidelines/paragraph_detail.html",
        {
            # Overrides the context processor's, which base.html shows at the top.
            "messages": top_messages,
            "document": paragraph.version.document,
            "version": paragraph.version,
            "section": paragraph.section,
            "paragraph": paragraph,
            "phase": version_phase(paragraph.version),
            "viewer": viewer,
            "nodes": nodes,
            "comments_html": CommentHtml(t, marks).items(nodes),
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
            "t": t,
        },
    )
