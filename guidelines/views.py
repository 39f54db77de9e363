"""Reading guideline documents and taking part in their paragraph threads.

Pages are assembled in a fixed number of queries, however many paragraphs or comments
there are: the version page reads the version, its sections and its paragraphs (with
comment counts) in one query each; a thread reads one page of top-level comments and
then all their replies in one more query, and nests them in Python.

Without JavaScript every action is a small form page (reply, edit, withdraw, report)
or a one-button form (support) that redirects back to the thread (PRG); refused input
comes back on the form page with status 400 and nothing typed lost. Requests from
static/js/comments.js carry ``X-Requested-With: fetch`` and get JSON instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guidelines import services
from guidelines.forms import (
    DEFAULT_SORT,
    REPORT_DETAILS_MAX_LENGTH,
    SORTS,
    CommentForm,
    ReportForm,
    parse_page,
    parse_sort,
)
from guidelines.models import Comment, Document, HideReason, Paragraph, Version
from guidelines.services import ActionRefused
from participation.models import User

COMMENT_ACTIONS = ("reply", "edit", "withdraw", "support", "report")


# --- lookups -----------------------------------------------------------------------------


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _can_preview(request: HttpRequest) -> bool:
    """Staff who may see versions in admin may also preview drafts on the site."""
    user = _user(request)
    return user is not None and user.is_staff and user.has_perm("guidelines.view_version")


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


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
    if not version.is_public and not _can_preview(request):
        raise Http404
    return version


def _get_paragraph(
    request: HttpRequest, slug: str, pk: int, key: str, *, write: bool = False
) -> Paragraph:
    """The paragraph of a public version; drafts only for staff, and only to read."""
    queryset = Paragraph.objects.select_related("version__document", "section")
    if not write:
        queryset = queryset.with_counts(_user(request))
    paragraph = get_object_or_404(queryset, key=key, version_id=pk, version__document__slug=slug)
    if not paragraph.version.is_public and (write or not _can_preview(request)):
        raise Http404
    return paragraph


def _get_comment(request: HttpRequest, paragraph: Paragraph, comment_id: int) -> Comment:
    """A comment the person can see in this thread (others' pending ones are unknown)."""
    comment = get_object_or_404(
        Comment.objects.for_thread(_user(request)), pk=comment_id, paragraph=paragraph
    )
    comment.paragraph = paragraph
    return comment


def thread_url(
    paragraph: Paragraph,
    *,
    sort: str = DEFAULT_SORT,
    page: int = 1,
    comment_id: int | None = None,
) -> str:
    url = paragraph.get_absolute_url() + _view_query(sort, page)
    if comment_id is not None:
        url += f"#c-{comment_id}"
    return url


def _view_query(sort: str, page: int) -> str:
    """``?sort=…&page=…`` for anything but the defaults, so actions lead back to the same view."""
    params: dict[str, Any] = {}
    if sort != DEFAULT_SORT:
        params["sort"] = sort
    if page > 1:
        params["page"] = page
    return "?" + urlencode(params) if params else ""


def _view_of(request: HttpRequest) -> tuple[str, int]:
    """The thread view (sort, page) an action was started from; carried in the query."""
    return parse_sort(request.GET.get("sort")), parse_page(request.GET.get("page"))


# --- reading -------------------------------------------------------------------------------


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    public_versions = Version.objects.public().order_by("-created_at", "-pk")
    documents = Document.objects.filter(
        Exists(public_versions.filter(document=OuterRef("pk")))
    ).prefetch_related(Prefetch("versions", queryset=public_versions, to_attr="public_versions"))
    entries = []
    for document in documents:
        current = document.public_versions[0]  # type: ignore[attr-defined]
        entries.append({"document": document, "version": current, "phase": version_phase(current)})
    return render(request, "guidelines/document_list.html", {"entries": entries})


@require_safe
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A document's address leads to its newest public version."""
    document = get_object_or_404(Document, slug=slug)
    versions = Version.objects.filter(document=document)
    if not _can_preview(request):
        versions = versions.public()
    version = versions.order_by("-created_at", "-pk").first()
    if version is None:
        raise Http404
    return redirect(reverse("guidelines:version", kwargs={"slug": slug, "pk": version.pk}))


@require_safe
def version_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    version = _get_version(request, slug, pk)
    document = version.document
    sections = list(version.sections.all())
    by_section: dict[int, list[Paragraph]] = defaultdict(list)
    paragraphs = (
        Paragraph.objects.filter(version=version)
        .with_counts(_user(request))
        .order_by("order", "pk")
    )
    for paragraph in paragraphs:
        paragraph.version = version  # so that get_absolute_url needs no query
        by_section[paragraph.section_id].append(paragraph)
    versions = list(Version.objects.public().filter(document=document).order_by("created_at"))
    for other in versions:
        other.document = document
    return render(
        request,
        "guidelines/version_detail.html",
        {
            "document": document,
            "version": version,
            "phase": version_phase(version),
            "sections": [(section, by_section.get(section.pk, [])) for section in sections],
            "versions": versions,
        },
    )


# --- the thread ----------------------------------------------------------------------------


@dataclass
class Viewer:
    user: User | None
    participant: bool
    open: bool


# Only texts that could contain a link go through ``urlize``, which costs as much as the
# rest of a comment's markup; this matches everything urlize would turn into a link.
MAYBE_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


def comment_html(text: str) -> SafeString:
    """A resident's plain text as HTML: escaped, links made clickable (nofollow), line breaks."""
    if MAYBE_LINK.search(text):
        # urlize with autoescape escapes everything that does not become a link.
        html = mark_safe(urlize(text, nofollow=True, autoescape=True))  # noqa: S308
    else:
        html = escape(text)
    return linebreaksbr(html)


@dataclass
class CommentNode:
    """A comment with what this viewer may do with it, and its replies.

    The parts that every comment of a long thread repeats (text, date, support count) are
    prepared here, where they cost a fraction of the same work in template filters.
    """

    comment: Comment
    urls: dict[str, str]
    own: bool = False
    supported: bool = False
    reported: bool = False
    can_reply: bool = False
    can_support: bool = False
    can_edit: bool = False
    can_withdraw: bool = False
    can_report: bool = False
    children: list[CommentNode] = field(default_factory=list)

    @property
    def text_html(self) -> SafeString:
        return comment_html(self.comment.text)

    @property
    def created_iso(self) -> str:
        return self.comment.created_at.isoformat()

    @property
    def created_display(self) -> str:
        return date_format(timezone.localtime(self.comment.created_at), "DATETIME_FORMAT")

    @property
    def support_text(self) -> str:
        return support_count_text(self.comment.support_count)


class CommentUrls:
    """The action URLs of every comment in a thread, reversed once per page.

    Reversing five URLs for each of a few hundred comments costs more time than all
    the page's queries; only the comment id differs. ``query`` leads back to the
    thread view the action started from.
    """

    SENTINEL = "987654321"

    def __init__(self, paragraph: Paragraph, query: str = "") -> None:
        kwargs = {
            "slug": paragraph.version.document.slug,
            "pk": paragraph.version_id,
            "key": paragraph.key,
            "comment_id": int(self.SENTINEL),
        }
        self._parts = {
            name: reverse(f"guidelines:{name}", kwargs=kwargs).rpartition(self.SENTINEL)
            for name in COMMENT_ACTIONS
        }
        self._query = query

    def for_comment(self, pk: int) -> dict[str, str]:
        return {
            name: f"{head}{pk}{tail}{self._query}"
            for name, (head, _sep, tail) in self._parts.items()
        }


def _viewer(request: HttpRequest, paragraph: Paragraph) -> Viewer:
    user = _user(request)
    return Viewer(
        user=user,
        participant=user is not None and user.can_participate,
        open=paragraph.version.is_open_for_comments,
    )


def _node(comment: Comment, viewer: Viewer, urls: CommentUrls) -> CommentNode:
    """What the viewer may do: the services' rules, for showing or hiding the controls."""
    user = viewer.user
    own = user is not None and comment.author_id == user.pk
    live = comment.state == Comment.State.PUBLISHED and not comment.is_withdrawn
    reported = bool(getattr(comment, "reported_by_viewer", 0))
    acting = viewer.participant
    return CommentNode(
        comment=comment,
        urls=urls.for_comment(comment.pk),
        own=own,
        supported=bool(getattr(comment, "supported_by_viewer", 0)),
        reported=reported,
        can_reply=acting and viewer.open and live and comment.depth < settings.COMMENT_MAX_DEPTH,
        can_support=acting and viewer.open and live and not own,
        can_edit=user is not None and viewer.open and comment.can_be_edited_by(user),
        can_withdraw=own and not comment.is_withdrawn,
        can_report=acting and live and not own and not reported,
    )


def _shared(request: HttpRequest, *, sort: str, page: int) -> dict[str, Any]:
    """What every comment partial needs; passed explicitly because partials use ``only``."""
    return {
        "csrf_token": get_token(request),
        "sort": sort,
        "page": page,
        "max_length": settings.COMMENT_MAX_LENGTH,
        "details_max_length": REPORT_DETAILS_MAX_LENGTH,
        "counter_template": _("%(count)s characters left"),
        "reasons": HideReason.choices,
        # Translated once here rather than once per comment in the template.
        "labels": {
            "support": _("Support"),
            "reply": _("Reply"),
            "edit": _("Edit"),
            "withdraw": _("Withdraw"),
            "report": _("Report"),
        },
        "terms_url": reverse("participation:page", kwargs={"slug": "nutzungsbedingungen"}),
    }


def _replies_of(roots: list[Comment]) -> Q:
    """Comments below any of ``roots``, down to the deepest level replies can reach."""
    ids = [root.pk for root in roots]
    condition = Q(parent__in=ids)
    path = "parent"
    for _level in range(1, settings.COMMENT_MAX_DEPTH):
        path += "__parent"
        condition |= Q(**{f"{path}__in": ids})
    return condition


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
def paragraph_detail(request: HttpRequest, slug: str, pk: int, key: str) -> HttpResponse:
    paragraph = _get_paragraph(request, slug, pk, key)
    sort, page_number = _view_of(request)
    viewer = _viewer(request, paragraph)
    order = SORTS[sort]
    top_level = Comment.objects.filter(paragraph=paragraph, parent__isnull=True)
    # Counted without the per-viewer annotations, which would make the count join.
    paginator = Paginator(
        top_level.listed_for(viewer.user).order_by(*order), settings.COMMENTS_PER_PAGE
    )
    page = paginator.get_page(page_number)
    roots: list[Comment] = []
    replies: list[Comment] = []
    if paginator.count:
        start = page.start_index() - 1
        roots = list(
            top_level.for_thread(viewer.user).order_by(*order)[start : start + paginator.per_page]
        )
    if roots:
        replies = list(
            Comment.objects.for_thread(viewer.user)
            .filter(paragraph=paragraph, depth__gt=0)
            .filter(_replies_of(roots))
            .order_by("created_at", "pk")
        )
    urls = CommentUrls(paragraph, _view_query(sort, page.number))
    nodes = {comment.pk: _node(comment, viewer, urls) for comment in [*roots, *replies]}
    for reply in replies:
        parent = nodes.get(reply.parent_id) if reply.parent_id else None
        if parent is not None:  # replies below an unlisted comment stay out
            parent.children.append(nodes[reply.pk])

    def page_url(number: int) -> str:
        return thread_url(paragraph, sort=sort, page=number)

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
            "nodes": [nodes[root.pk] for root in roots],
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
            "t": _shared(request, sort=sort, page=page.number),
        },
    )


# --- form pages, refusals and answers ----------------------------------------------------


def _error_message(exc: Exception) -> str:
    if isinstance(exc, ActionRefused) and exc.messages:
        return str(exc.messages[0])
    if isinstance(exc, PermissionDenied) and exc.args:
        return str(exc.args[0])
    return _("You are not allowed to do this.")


def _refused(
    request: HttpRequest, paragraph: Paragraph, message: str, *, status: int
) -> HttpResponse:
    """A refusal with nothing typed to keep: a short page with the reason and a way back."""
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    user = _user(request)
    sort, page = _view_of(request)
    return render(
        request,
        "guidelines/action_refused.html",
        {
            "message": message,
            "paragraph": paragraph,
            "version": paragraph.version,
            "document": paragraph.version.document,
            "back_url": thread_url(paragraph, sort=sort, page=page),
            "forbidden": status == 403,
            "needs_verification": status == 403 and user is not None and not user.can_participate,
        },
        status=status,
    )


def _refusal(mode: str, viewer: Viewer, node: CommentNode | None) -> tuple[int, str] | None:
    """Why the viewer cannot use this form now, as (status, message); None if they can.

    The services decide on submission; this only avoids offering a form that cannot
    succeed (the messages are the services' own).
    """
    if mode in {"comment", "reply", "report"} and not viewer.participant:
        return 403, _("Please confirm your email address before taking part.")
    if node is None:
        if viewer.open:
            return None
        return 400, _("The comment period of this version is closed.")
    comment = node.comment
    if mode == "edit" and not node.own:
        return 403, _("You can only edit your own comments.")
    if mode == "withdraw" and not node.own:
        return 403, _("You can only withdraw your own comments.")
    if mode in {"reply", "edit"} and not viewer.open:
        return 400, _("The comment period of this version is closed.")
    if mode == "reply" and not node.can_reply:
        if comment.depth >= settings.COMMENT_MAX_DEPTH:
            return 400, _("Replies can be nested at most %(depth)s levels deep.") % {
                "depth": settings.COMMENT_MAX_DEPTH
            }
        return 400, _("This comment cannot be replied to.")
    if mode == "edit" and not node.can_edit:
        return 400, _(
            "Comments can be edited only within %(minutes)s minutes after writing them."
        ) % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES}
    if mode == "withdraw" and not node.can_withdraw:
        return 400, _("This comment has already been withdrawn.")
    if mode == "report" and not node.can_report:
        if node.own:
            return 400, _("You cannot report your own comment.")
        if node.reported:
            return 400, _("You have already reported this comment.")
        return 400, _("This comment is already being reviewed.")
    return None


FORM_TITLES = {
    "comment": lambda: _("Write a comment"),
    "reply": lambda: _("Reply to a comment"),
    "edit": lambda: _("Edit your comment"),
    "withdraw": lambda: _("Withdraw your comment"),
    "report": lambda: _("Report a comment"),
}


def _form_page(
    request: HttpRequest,
    paragraph: Paragraph,
    mode: str,
    comment: Comment | None = None,
    *,
    error: str = "",
    text: str | None = None,
    reason: str = "",
    status: int = 200,
) -> HttpResponse:
    """The page of one form: comment, reply, edit, withdraw or report.

    Shown on GET, and again with the message and the typed text when a submission is
    refused. If the form can no longer succeed (the period ended, the comment was
    hidden …), the typed text is offered read-only for copying instead.
    """
    viewer = _viewer(request, paragraph)
    sort, page = _view_of(request)
    node = _node(comment, viewer, CommentUrls(paragraph)) if comment else None
    refusal = _refusal(mode, viewer, node)
    if refusal and not error:
        return _refused(request, paragraph, refusal[1], status=refusal[0])
    if text is None:
        text = comment.text if mode == "edit" and comment else ""
    field_id = {"comment": "comment-text", "report": "report-reason"}.get(mode, f"{mode}-text")
    return render(
        request,
        "guidelines/comment_form.html",
        {
            "mode": mode,
            "title": FORM_TITLES[mode](),
            "document": paragraph.version.document,
            "version": paragraph.version,
            "section": paragraph.section,
            "paragraph": paragraph,
            "node": node,
            "comment": comment,
            "allowed": refusal is None,
            "error": error,
            "text": text,
            "reason": reason,
            "field_id": field_id,
            "action": request.get_full_path(),
            "back_url": thread_url(
                paragraph, sort=sort, page=page, comment_id=comment.pk if comment else None
            ),
            "t": _shared(request, sort=sort, page=page),
        },
        status=status,
    )


def _form_refused(
    request: HttpRequest,
    paragraph: Paragraph,
    mode: str,
    comment: Comment | None,
    exc: ActionRefused,
    *,
    text: str,
    reason: str = "",
) -> HttpResponse:
    message = _error_message(exc)
    if _wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return _form_page(
        request, paragraph, mode, comment, error=message, text=text, reason=reason, status=400
    )


def _back(request: HttpRequest, paragraph: Paragraph, comment_id: int) -> HttpResponse:
    """Back to the thread view the action started from, at the comment."""
    sort, page = _view_of(request)
    return redirect(thread_url(paragraph, sort=sort, page=page, comment_id=comment_id))


def _posted_text(request: HttpRequest) -> str:
    form = CommentForm(request.POST)
    form.is_valid()  # the field is optional, so this only parses
    return str(form.cleaned_data.get("text", ""))


def _saved_message(comment: Comment) -> str:
    if comment.state == Comment.State.PENDING:
        return _("Thank you. Your comment will appear once the moderation team has approved it.")
    if comment.parent_id:
        return _("Your reply has been published.")
    return _("Your comment has been published.")


def _page_of(comment: Comment, user: User) -> int:
    """The page on which a top-level comment appears in the default order."""
    before = (
        Comment.objects.listed_for(user)
        .filter(paragraph_id=comment.paragraph_id, parent__isnull=True)
        .filter(
            Q(created_at__lt=comment.created_at)
            | Q(created_at=comment.created_at, pk__lt=comment.pk)
        )
        .count()
    )
    return before // settings.COMMENTS_PER_PAGE + 1


def support_count_text(count: int) -> str:
    return ngettext("%(count)s support", "%(count)s supports", count) % {"count": count}


def _to_login(request: HttpRequest, paragraph: Paragraph) -> HttpResponse:
    """Sign in first; then back to the form (GET) or to the thread (a POST cannot resume)."""
    target = request.get_full_path() if request.method == "GET" else paragraph.get_absolute_url()
    return redirect_to_login(target)


# --- actions -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def comment_create(request: HttpRequest, slug: str, pk: int, key: str) -> HttpResponse:
    paragraph = _get_paragraph(request, slug, pk, key, write=True)
    user = _user(request)
    if user is None:
        return _to_login(request, paragraph)
    if request.method == "GET":
        return _form_page(request, paragraph, "comment")
    text = _posted_text(request)
    try:
        comment = services.add_comment(author=user, paragraph=paragraph, text=text)
    except PermissionDenied as exc:
        return _refused(request, paragraph, _error_message(exc), status=403)
    except ActionRefused as exc:
        return _form_refused(request, paragraph, "comment", None, exc, text=text)
    messages.success(request, _saved_message(comment))
    return redirect(thread_url(paragraph, page=_page_of(comment, user), comment_id=comment.pk))


@require_http_methods(["GET", "POST"])
def comment_reply(
    request: HttpRequest, slug: str, pk: int, key: str, comment_id: int
) -> HttpResponse:
    paragraph = _get_paragraph(request, slug, pk, key, write=True)
    user = _user(request)
    if user is None:
        return _to_login(request, paragraph)
    parent = _get_comment(request, paragraph, comment_id)
    if request.method == "GET":
        return _form_page(request, paragraph, "reply", parent)
    text = _posted_text(request)
    try:
        reply = services.add_comment(author=user, paragraph=paragraph, text=text, parent=parent)
    except PermissionDenied as exc:
        return _refused(request, paragraph, _error_message(exc), status=403)
    except ActionRefused as exc:
        return _form_refused(request, paragraph, "reply", parent, exc, text=text)
    message = _saved_message(reply)
    if _wants_json(request):
        sort, page = _view_of(request)
        viewer = Viewer(user=user, participant=True, open=True)
        node = _node(reply, viewer, CommentUrls(paragraph, _view_query(sort, page)))
        html = render_to_string(
            "components/_comment.html", {"node": node, "t": _shared(request, sort=sort, page=page)}
        )
        return JsonResponse(
            {"id": reply.pk, "parent": parent.pk, "html": html, "message": message}, status=201
        )
    messages.success(request, message)
    return _back(request, paragraph, reply.pk)


@require_http_methods(["GET", "POST"])
def comment_edit(
    request: HttpRequest, slug: str, pk: int, key: str, comment_id: int
) -> HttpResponse:
    paragraph = _get_paragraph(request, slug, pk, key, write=True)
    user = _user(request)
    if user is None:
        return _to_login(request, paragraph)
    comment = _get_comment(request, paragraph, comment_id)
    if request.method == "GET":
        return _form_page(request, paragraph, "edit", comment)
    text = _posted_text(request)
    try:
        services.edit_comment(comment=comment, user=user, text=text)
    except PermissionDenied as exc:
        return _refused(request, paragraph, _error_message(exc), status=403)
    except ActionRefused as exc:
        return _form_refused(request, paragraph, "edit", comment, exc, text=text)
    messages.success(request, _("Your changes have been saved."))
    return _back(request, paragraph, comment.pk)


@require_http_methods(["GET", "POST"])
def comment_withdraw(
    request: HttpRequest, slug: str, pk: int, key: str, comment_id: int
) -> HttpResponse:
    paragraph = _get_paragraph(request, slug, pk, key, write=True)
    user = _user(request)
    if user is None:
        return _to_login(request, paragraph)
    comment = _get_comment(request, paragraph, comment_id)
    if request.method == "GET":
        return _form_page(request, paragraph, "withdraw", comment)
    try:
        services.withdraw_comment(comment=comment, user=user)
    except PermissionDenied as exc:
        return _refused(request, paragraph, _error_message(exc), status=403)
    except ActionRefused as exc:
        return _refused(request, paragraph, _error_message(exc), status=400)
    messages.success(request, _("Your comment has been withdrawn."))
    return _back(request, paragraph, comment.pk)


@require_POST
def comment_support(
    request: HttpRequest, slug: str, pk: int, key: str, comment_id: int
) -> HttpResponse:
    paragraph = _get_paragraph(request, slug, pk, key, write=True)
    user = _user(request)
    if user is None:
        return _to_login(request, paragraph)
    comment = _get_comment(request, paragraph, comment_id)
    try:
        supported = services.toggle_support(comment=comment, user=user)
    except PermissionDenied as exc:
        return _refused(request, paragraph, _error_message(exc), status=403)
    except ActionRefused as exc:
        return _refused(request, paragraph, _error_message(exc), status=400)
    if supported:
        message = _("You support this comment.")
    else:
        message = _("You no longer support this comment.")
    if _wants_json(request):
        count = Comment.objects.values_list("support_count", flat=True).get(pk=comment.pk)
        return JsonResponse(
            {
                "supported": supported,
                "count": count,
                "count_text": support_count_text(count),
                "message": message,
            }
        )
    messages.success(request, message)
    return _back(request, paragraph, comment.pk)


@require_http_methods(["GET", "POST"])
def comment_report(
    request: HttpRequest, slug: str, pk: int, key: str, comment_id: int
) -> HttpResponse:
    paragraph = _get_paragraph(request, slug, pk, key, write=True)
    user = _user(request)
    if user is None:
        return _to_login(request, paragraph)
    comment = _get_comment(request, paragraph, comment_id)
    if request.method == "GET":
        return _form_page(request, paragraph, "report", comment)
    form = ReportForm(request.POST)
    form.is_valid()
    # An unknown reason goes to the service as "", which answers with its own message.
    reason = str(form.cleaned_data.get("reason", ""))
    details = str(form.cleaned_data.get("details", ""))
    try:
        services.report_comment(comment=comment, user=user, reason=reason, details=details)
    except PermissionDenied as exc:
        return _refused(request, paragraph, _error_message(exc), status=403)
    except ActionRefused as exc:
        return _form_refused(
            request, paragraph, "report", comment, exc, text=details, reason=reason
        )
    messages.success(
        request, _("Thank you for your report. The moderation team will look at the comment.")
    )
    return _back(request, paragraph, comment.pk)
