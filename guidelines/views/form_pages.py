"""The form page of each comment action, and the answers when an action is refused.

Refused input comes back on the form page with status 400 and nothing typed lost;
a refusal with nothing typed to keep gets a short page of its own (or JSON).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from guidelines.models import Comment, Paragraph
from guidelines.services import ActionRefused
from guidelines.threads import CommentNode, CommentUrls, Viewer, comment_node, thread_url
from guidelines.views.common import (
    request_user,
    shared_context,
    view_of,
    viewer_of,
    wants_json,
)


def error_message(exc: Exception) -> str:
    if isinstance(exc, ActionRefused) and exc.messages:
        return str(exc.messages[0])
    if isinstance(exc, PermissionDenied) and exc.args:
        return str(exc.args[0])
    return _("You are not allowed to do this.")


def refused(
    request: HttpRequest, paragraph: Paragraph, message: str, *, status: int
) -> HttpResponse:
    """A refusal with nothing typed to keep: a short page with the reason and a way back."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    user = request_user(request)
    sort, page = view_of(request)
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


def form_page(
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
    viewer = viewer_of(request, paragraph)
    sort, page = view_of(request)
    node = comment_node(comment, viewer, CommentUrls(paragraph)) if comment else None
    refusal = _refusal(mode, viewer, node)
    if refusal and not error:
        return refused(request, paragraph, refusal[1], status=refusal[0])
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
            "t": shared_context(request, sort=sort, page=page),
        },
        status=status,
    )


def form_refused(
    request: HttpRequest,
    paragraph: Paragraph,
    mode: str,
    comment: Comment | None,
    exc: ActionRefused,
    *,
    text: str,
    reason: str = "",
) -> HttpResponse:
    message = error_message(exc)
    if wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return form_page(
        request, paragraph, mode, comment, error=message, text=text, reason=reason, status=400
    )
