"""The HTML of a thread's comments, built from prepared fragments rather than a template.

A thread page shows up to a few hundred comments. Rendered by Django's template engine
(a recursive ``{% include %}`` per comment) they cost about 30 variable lookups and a
context copy each: most of the page's time (docs/performance.md, "Thread page"). Here the same
markup is joined from strings, with every value from the database or a translation
escaped (``html.escape``) where it is put in; the result is a ``SafeString``, made directly
because ``mark_safe`` passes every call through a lazy-text check that costs more.

The markup, per comment: ``<li class="comment-item">`` holding the comment's
``<article id="c-…">`` (success messages about it, header, text or notice, actions, the
city's response) and its replies in ``<ol class="comment-replies" role="list">``.

The header and the actions are the parts that differ per reader (own comment, support
state, reported): a page stored for every participant marks them with ``mark`` (see
``participation.pagecache.personal_slots``), under the keys ``(comment id, "meta")`` and
``(comment id, "actions")``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from html import escape as escape_text
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from guidelines.models import Comment

if TYPE_CHECKING:
    from guidelines.threads import CommentNode, ResponseView


@lru_cache(maxsize=1024)
def _day_label(language: str, day: date) -> str:  # language: a key of the cache
    return date_format(day, "DATE_FORMAT")


@lru_cache(maxsize=4096)
def _time_label(language: str, moment: time) -> str:  # language: a key of the cache
    return time_format(moment, "TIME_FORMAT")


def datetime_label(
    value: datetime, *, language: str | None = None, zone: tzinfo | None = None
) -> str:
    """A comment's time as readers see it: "6. Dezember 2026, 14:05" (local time).

    Formatting a date costs more than the rest of a comment's markup together, and a
    thread's comments share their days; so each day and time is formatted once per
    language and kept. A page passes its ``language`` and time ``zone``, looked up once.
    """
    local = value.astimezone(zone or timezone.get_current_timezone())
    language = language or get_language()
    return f"{_day_label(language, local.date())}, {_time_label(language, local.time())}"


def comment_body(node: CommentNode) -> SafeString:
    """The text, or the notice that stands in its place (withdrawn, hidden, in review)."""
    comment = node.comment
    if comment.shows_text:
        return SafeString(f'<div class="comment__text">{node.text_html}</div>')
    if comment.is_withdrawn:
        notice = escape_text(gettext("This comment was withdrawn by its author."))
    elif comment.state == Comment.State.HIDDEN:
        notice = escape_text(gettext("Hidden by moderation."))
        if comment.hidden_reason:
            terms = reverse("participation:page", kwargs={"slug": "nutzungsbedingungen"})
            reason = escape_text(str(comment.get_hidden_reason_display()))
            notice += (
                f" {escape_text(gettext('Reason:'))} "
                f'<a href="{escape_text(terms)}#h-grund-{escape_text(comment.hidden_reason)}">'
                f"{reason}</a>"
            )
    else:
        notice = escape_text(gettext("This comment is being reviewed by the moderation team."))
    return SafeString(f'<p class="comment__notice">{notice}</p>')


def response(view: ResponseView) -> SafeString:
    """A response as it is shown below its comment; the disposition always in words."""
    parts = [
        '<div class="response"><p class="response__title"><strong>',
        escape_text(gettext("Response of the city:")),
        f'</strong> <span class="disposition disposition--{escape_text(view.disposition)}">',
        f"{escape_text(view.disposition_label)}</span></p>",
    ]
    if view.reasoning_html:
        parts.append(f'<div class="response__reasoning prose">{view.reasoning_html}</div>')
    if view.results:
        links = ", ".join(
            f'<a href="{escape_text(paragraph.version.get_absolute_url())}#'
            f'{escape_text(paragraph.anchor)}">'
            f"{escape_text(paragraph.version.label)}, {escape_text(paragraph.label)}</a>"
            for paragraph in view.results
        )
        parts.append(f'<p class="response__results">{escape_text(gettext("Led to:"))} {links}</p>')
    parts.append(
        f'<p class="response__meta">{escape_text(view.answered_by)} · '
        f'<time datetime="{view.date_iso}">{escape_text(view.date_display)}</time></p></div>'
    )
    return SafeString("".join(parts))


class CommentHtml:
    """Comment nodes as the items of the thread's nested list.

    ``t`` is the context the comment partials share (``views.common.shared_context``). Its
    CSRF token is read only when a support form is shown: an anonymous page sets no cookie.
    Labels are translated once per page, not once per comment. ``mark`` marks each
    comment's header and actions as a reader's part of a stored page.
    """

    def __init__(self, t: Mapping[str, Any], mark: Callable[[Any, str], str] | None = None) -> None:
        self._t = t
        self._mark = mark
        self._token = ""
        self._language = get_language()
        self._zone = timezone.get_current_timezone()
        self._counts: dict[int, str] = {}
        self._labels = {name: escape_text(str(label)) for name, label in t["labels"].items()}
        for name, label in (
            ("deleted", gettext("deleted account")),
            ("own", gettext("your comment")),
            ("edited", f"({gettext('edited')})"),
            ("pending", gettext("awaiting approval")),
            ("reported", gettext("You reported this comment.")),
        ):
            self._labels[name] = escape_text(label)

    def items(self, nodes: Iterable[CommentNode]) -> SafeString:
        out: list[str] = []
        for node in nodes:
            self._item(node, out)
        return SafeString("".join(out))

    def _csrf_token(self) -> str:
        if not self._token:
            self._token = escape_text(str(self._t["csrf_token"]))
        return self._token

    def _item(self, node: CommentNode, out: list[str]) -> None:
        comment = node.comment
        withdrawn = " comment--withdrawn" if comment.withdrawn_at else ""
        out.append(
            f'<li class="comment-item"><article class="comment comment--{comment.state}{withdrawn}"'
            f' id="c-{comment.pk}" tabindex="-1">'
        )
        for message in node.messages:
            out.append(
                '<p class="message message--success comment__message" role="status">'
                f"{escape_text(message)}</p>"
            )
        meta, actions = self.meta(node), self.actions(node)
        if self._mark is not None:
            meta = self._mark((comment.pk, "meta"), meta)
            actions = self._mark((comment.pk, "actions"), actions)
        out.append(meta)
        out.append(node.body_html)
        out.append(actions)
        if node.response is not None:
            out.append(node.response.html)
        out.append("</article>")
        if node.children:
            out.append('<ol class="comment-replies" role="list">')
            for child in node.children:
                self._item(child, out)
            out.append("</ol>")
        out.append("</li>")

    def meta(self, node: CommentNode) -> str:
        """The header: author, own-comment badge, time, edited, awaiting approval."""
        comment, labels = node.comment, self._labels
        meta = []
        if comment.shows_text:
            author = comment.author
            name = escape_text(author.display_name) if author else labels["deleted"]
            meta.append(f'<span class="comment__author">{name}</span>')
        if node.own:
            meta.append(f'<span class="badge badge--own">{labels["own"]}</span>')
        when = datetime_label(comment.created_at, language=self._language, zone=self._zone)
        meta.append(f'<time datetime="{node.created_iso}">{escape_text(when)}</time>')
        if comment.edited_at and comment.shows_text:
            meta.append(f'<span class="comment__edited">{labels["edited"]}</span>')
        if comment.state == Comment.State.PENDING and not comment.withdrawn_at:
            meta.append(f'<span class="badge badge--pending">{labels["pending"]}</span>')
        return f'<header class="comment__meta">{" ".join(meta)}</header>'

    def actions(self, node: CommentNode) -> str:
        """Support first, then replying; the author's own actions; reporting last and quiet."""
        comment, labels, urls = node.comment, self._labels, node.urls
        parts = []
        if node.can_support:
            pressed, wanted = ("true", "0") if node.supported else ("false", "1")
            parts.append(
                f'<form method="post" action="{escape_text(urls["support"])}"'
                ' class="comment__support" data-enhance="support">'
                '<input type="hidden" name="csrfmiddlewaretoken"'
                f' value="{self._csrf_token()}">'
                f'<input type="hidden" name="supported" value="{wanted}">'
                f'<button type="submit" class="support-button" aria-pressed="{pressed}">'
                f"{labels['support']}</button></form>"
            )
        if comment.support_count:
            count = self._counts.get(comment.support_count, "")
            if not count:
                count = self._counts[comment.support_count] = escape_text(node.support_text)
            parts.append(f'<span class="comment__supports" data-support-count>{count}</span>')
        elif node.can_support:  # the slot the script fills once there is a support
            parts.append('<span class="comment__supports" data-support-count hidden></span>')
        if node.can_reply:
            parts.append(
                f'<a class="comment__action" href="{escape_text(urls["reply"])}"'
                f' data-reply="{comment.pk}">{labels["reply"]}</a>'
            )
        for name, allowed in (("edit", node.can_edit), ("withdraw", node.can_withdraw)):
            if allowed:
                parts.append(
                    f'<a class="comment__action comment__action--own"'
                    f' href="{escape_text(urls[name])}">{labels[name]}</a>'
                )
        if node.can_report:
            parts.append(
                f'<a class="comment__action comment__action--quiet"'
                f' href="{escape_text(urls["report"])}">{labels["report"]}</a>'
            )
        elif node.reported:
            parts.append(f'<span class="comment__reported">{labels["reported"]}</span>')
        return f'<div class="comment__actions">{" ".join(parts)}</div>' if parts else ""
