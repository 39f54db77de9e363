"""A paragraph's comment thread: sorted, paginated and nested, with what the viewer may do.

Not a view module: the thread page and the comment actions in ``guidelines.views`` share it.
Their HTML is made in ``guidelines.thread_html``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from html import escape as escape_text
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from guidelines import thread_html
from guidelines.forms import DEFAULT_SORT, SORTS
from guidelines.models import (
    Comment,
    CommentQuerySet,
    Disposition,
    Paragraph,
    Response,
    Version,
)
from participation.models import User

COMMENT_ACTIONS = ("reply", "edit", "withdraw", "support", "report")
# The query parameter that names the comment an action's message is about (see thread_url).
MESSAGE_TARGET = "c"


@dataclass
class Viewer:
    user: User | None
    participant: bool
    open: bool


# Only texts that could contain a link go through ``urlize``, which costs as much as the
# rest of a comment's markup; this matches everything urlize would turn into a link.
MAYBE_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


def comment_html(text: str) -> SafeString:
    """A resident's plain text as HTML: escaped, links made clickable (nofollow), line breaks.

    What ``urlize`` and ``linebreaksbr`` do, with the standard library's ``escape`` where no
    link can occur: Django's lazy-text wrappers cost more than the escaping itself.
    """
    if MAYBE_LINK.search(text):
        # urlize with autoescape escapes everything that does not become a link.
        html = urlize(text, nofollow=True, autoescape=True)
    else:
        html = escape_text(text)
    # SafeString, not mark_safe: its lazy-text wrapper would cost more than all of the above.
    return SafeString(html.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>"))


def support_count_text(count: int) -> str:
    return ngettext("%(count)s support", "%(count)s supports", count) % {"count": count}


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
    response: ResponseView | None = None  # the city's response (Rückmeldung), once public
    messages: list[str] = field(default_factory=list)  # success messages about this comment

    @property
    def text_html(self) -> SafeString:
        return comment_html(self.comment.text)

    @property
    def body_html(self) -> SafeString:
        """The text, or the notice that stands in its place (withdrawn, hidden, in review)."""
        return thread_html.comment_body(self)

    @property
    def created_iso(self) -> str:
        return self.comment.created_at.isoformat(timespec="seconds")  # HTML allows 3 digits

    @property
    def created_display(self) -> str:
        return thread_html.datetime_label(self.comment.created_at)

    @property
    def support_text(self) -> str:
        return support_count_text(self.comment.support_count)


def paragraph_address(paragraph: Paragraph) -> dict[str, Any]:
    """The URL arguments of a paragraph's pages (as plain values, e.g. to be stored)."""
    return {
        "slug": paragraph.version.document.slug,
        "pk": paragraph.version_id,
        "key": paragraph.key,
    }


class CommentUrls:
    """The action URLs of every comment in a thread, reversed once per page.

    Reversing five URLs for each of a few hundred comments costs more time than all
    the page's queries; only the comment id differs. ``query`` leads back to the
    thread view the action started from.
    """

    SENTINEL = "987654321"

    def __init__(self, paragraph: Paragraph | Mapping[str, Any], query: str = "") -> None:
        address = paragraph_address(paragraph) if isinstance(paragraph, Paragraph) else paragraph
        kwargs = {**address, "comment_id": int(self.SENTINEL)}
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


def comment_node(comment: Comment, viewer: Viewer, urls: CommentUrls) -> CommentNode:
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


def thread_url(
    paragraph: Paragraph,
    *,
    sort: str = DEFAULT_SORT,
    page: int = 1,
    comment_id: int | None = None,
) -> str:
    """The thread view (sort, page); with ``comment_id``, at that comment.

    At a comment, the query names it too (``c``): an action redirects here with its success
    message, which the page then shows beside that comment rather than at the top.
    """
    url = paragraph.get_absolute_url()
    if comment_id is None:
        return url + view_query(sort, page)
    return url + view_query(sort, page, {MESSAGE_TARGET: comment_id}) + f"#c-{comment_id}"


def view_query(sort: str, page: int, extra: dict[str, Any] | None = None) -> str:
    """``?sort=…&page=…`` for anything but the defaults, so actions lead back to the same view."""
    params: dict[str, Any] = {}
    if sort != DEFAULT_SORT:
        params["sort"] = sort
    if page > 1:
        params["page"] = page
    params.update(extra or {})
    return "?" + urlencode(params) if params else ""


def find_node(nodes: list[CommentNode], pk: int) -> CommentNode | None:
    """The node of comment ``pk`` among ``nodes`` and their replies."""
    for node in nodes:
        if node.comment.pk == pk:
            return node
        found = find_node(node.children, pk)
        if found is not None:
            return found
    return None


@dataclass
class ResponseView:
    """A response as it is shown below its comment, prepared once like the comment itself."""

    pk: int
    disposition: str
    disposition_label: str
    reasoning_html: SafeString
    answered_by: str
    date_iso: str
    date_display: str
    results: list[Paragraph] = field(default_factory=list)  # the later paragraphs it led to

    @property
    def html(self) -> SafeString:
        """The response as it is shown below its comment."""
        return thread_html.response(self)


def attach_responses(nodes: list[CommentNode], *, public: bool = True) -> None:
    """Give nodes whose comments came with ``select_related("response")`` their response.

    The paragraphs the responses led to come in one query for all nodes. The public sees
    no response to a withdrawn comment (its author took back what it answers) and no
    paragraph of a draft; staff (``public=False``) see both.
    """
    labels = {value: str(label) for value, label in Disposition.choices}
    dates: dict[date, str] = {}
    answered: dict[int, ResponseView] = {}
    for node in nodes:
        response = getattr(node.comment, "response", None)  # None when there is none
        if response is None or (public and node.comment.is_withdrawn):
            continue
        day = response.answered_on
        if day not in dates:
            dates[day] = date_format(day, "DATE_FORMAT")
        node.response = answered[response.pk] = ResponseView(
            pk=response.pk,
            disposition=response.disposition,
            disposition_label=labels.get(response.disposition, response.disposition),
            reasoning_html=mark_safe(response.reasoning_html),  # noqa: S308 (sanitised on save)
            answered_by=response.answered_by,
            date_iso=day.isoformat(),
            date_display=dates[day],
        )
    if not answered:
        return
    links = Response.result_paragraphs.through.objects.filter(response_id__in=answered)
    if public:
        links = links.exclude(paragraph__version__state=Version.State.DRAFT)
    for link in links.select_related("paragraph__version__document").order_by(
        "paragraph__version__created_at", "paragraph__order"
    ):
        answered[link.response_id].results.append(link.paragraph)


# Columns a thread never shows: its authors' account data and the moderation team's notes.
# Not loading them saves a third of the time spent turning rows into objects.
NOT_SHOWN = (
    "moderator_note",
    "submission",
    *(
        f"author__{name}"
        for name in (
            "password",
            "last_login",
            "is_superuser",
            "email",
            "language",
            "is_staff",
            "is_active",
            "date_joined",
        )
    ),
)


def _shown(comments: CommentQuerySet, public: bool) -> CommentQuerySet:
    """Only the columns a thread shows; with each comment's response once it is public."""
    comments = comments.defer(*NOT_SHOWN)
    return comments.select_related("response") if public else comments


def _replies_of(roots: list[Comment]) -> Q:
    """Comments below any of ``roots``, down to the deepest level replies can reach."""
    ids = [root.pk for root in roots]
    condition = Q(parent__in=ids)
    path = "parent"
    for _level in range(1, settings.COMMENT_MAX_DEPTH):
        path += "__parent"
        condition |= Q(**{f"{path}__in": ids})
    return condition


def thread_page(
    paragraph: Paragraph, viewer: Viewer, *, sort: str, page_number: int
) -> tuple[Page[Comment], list[CommentNode]]:
    """One page of the paragraph's top-level comments in ``sort`` order, with their replies."""
    order = SORTS[sort]
    top_level = Comment.objects.filter(paragraph=paragraph, parent__isnull=True)
    # Once published, each comment's response comes with it (a LEFT JOIN, no extra query).
    public_responses = paragraph.version.responses_are_public
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
            _shown(top_level.for_thread(viewer.user), public_responses).order_by(*order)[
                start : start + paginator.per_page
            ]
        )
    if roots:
        replies = list(
            _shown(Comment.objects.for_thread(viewer.user), public_responses)
            .filter(paragraph=paragraph, depth__gt=0)
            .filter(_replies_of(roots))
            .order_by("created_at", "pk")
        )
    urls = CommentUrls(paragraph, view_query(sort, page.number))
    nodes = {comment.pk: comment_node(comment, viewer, urls) for comment in [*roots, *replies]}
    for reply in replies:
        parent = nodes.get(reply.parent_id) if reply.parent_id else None
        if parent is not None:  # replies below an unlisted comment stay out
            parent.children.append(nodes[reply.pk])
    if public_responses:
        attach_responses(list(nodes.values()))
    return page, [nodes[root.pk] for root in roots]
