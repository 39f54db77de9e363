"""The comment actions: comment, reply, edit, withdraw, support and report.

Each action is a form page on GET (see ``form_pages``) and a POST that calls a service
and redirects back to the thread view it started from (PRG), or answers in JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Protocol
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guidelines import services
from guidelines.forms import CommentForm, ReportForm
from guidelines.models import Comment, Paragraph
from guidelines.services import ActionRefused
from guidelines.thread_html import CommentHtml
from guidelines.threads import (
    CommentUrls,
    Viewer,
    comment_node,
    support_count_text,
    thread_url,
    view_query,
)
from guidelines.views.common import (
    get_paragraph,
    request_user,
    shared_context,
    view_of,
    wants_json,
)
from guidelines.views.form_pages import error_message, form_page, form_refused, refused
from participation.models import User


def _get_comment(request: HttpRequest, paragraph: Paragraph, comment_id: int) -> Comment:
    """A comment the person can see in this thread (others' pending ones are unknown)."""
    comment = get_object_or_404(
        Comment.objects.for_thread(request_user(request)), pk=comment_id, paragraph=paragraph
    )
    comment.paragraph = paragraph
    return comment


def _back(request: HttpRequest, paragraph: Paragraph, comment_id: int) -> HttpResponse:
    """Back to the thread view the action started from, at the comment."""
    sort, page = view_of(request)
    return redirect(thread_url(paragraph, sort=sort, page=page, comment_id=comment_id))


def _posted_text(request: HttpRequest) -> str:
    form = CommentForm(request.POST)
    form.is_valid()  # the field is optional, so this only parses
    return str(form.cleaned_data.get("text", ""))


def _posted_submission(request: HttpRequest) -> UUID:
    """The form's one-use token; a form without one is from before it was introduced."""
    try:
        return UUID(str(request.POST.get("submission", "")))
    except ValueError:
        raise ActionRefused(
            _("This form is out of date. Please check your text and send it again."),
            code="submission",
        ) from None


def _posted_support(request: HttpRequest) -> bool | None:
    """The support state the button asked for ("1" or "0"), or None to turn it over."""
    return {"1": True, "0": False}.get(str(request.POST.get("supported", "")))


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


def _to_login(request: HttpRequest, paragraph: Paragraph) -> HttpResponse:
    """Sign in first; then back to the form (GET) or to the thread (a POST cannot resume)."""
    target = request.get_full_path() if request.method == "GET" else paragraph.get_absolute_url()
    return redirect_to_login(target)


# --- the shared frame -----------------------------------------------------------------------


class CommentAction:
    """What one comment action works on, resolved by :func:`comment_action`.

    ``text`` (and ``reason``) is what the person typed; a view sets it before calling its
    service, so that a refusal brings it back on the form page. With nothing typed
    (``text`` left ``None``) a refusal gets the short refusal page instead.
    """

    def __init__(self, paragraph: Paragraph, user: User, comment: Comment | None) -> None:
        self.paragraph = paragraph
        self.user = user
        self._comment = comment
        self.text: str | None = None
        self.reason = ""

    @property
    def comment(self) -> Comment:
        """The comment in the URL (the parent, for a reply)."""
        assert self._comment is not None, "this action has no comment in its URL"
        return self._comment


class ActionView(Protocol):
    def __call__(
        self, request: HttpRequest, slug: str, pk: int, key: str, comment_id: int | None = None
    ) -> HttpResponse: ...


def comment_action(
    mode: str, *, form: bool = True
) -> Callable[[Callable[[HttpRequest, CommentAction], HttpResponse]], ActionView]:
    """The frame every comment action shares.

    Finds the paragraph (to write) and the comment in the URL, sends the anonymous to sign
    in, answers a GET with the form page of ``mode`` (unless ``form`` is False), and lets
    the view handle the POST. A refusal by the service is answered here: not allowed
    (``PermissionDenied``) with 403, refused input (``ActionRefused``) with 400 on the form
    page, or on the short refusal page if nothing was typed.
    """

    def decorator(
        handle: Callable[[HttpRequest, CommentAction], HttpResponse],
    ) -> ActionView:
        @wraps(handle)
        def view(
            request: HttpRequest, slug: str, pk: int, key: str, comment_id: int | None = None
        ) -> HttpResponse:
            paragraph = get_paragraph(request, slug, pk, key, write=True)
            user = request_user(request)
            if user is None:
                return _to_login(request, paragraph)
            comment = None if comment_id is None else _get_comment(request, paragraph, comment_id)
            if form and request.method == "GET":
                return form_page(request, paragraph, mode, comment)
            action = CommentAction(paragraph, user, comment)
            try:
                return handle(request, action)
            except PermissionDenied as exc:
                return refused(request, paragraph, error_message(exc), status=403)
            except ActionRefused as exc:
                if action.text is None:
                    return refused(request, paragraph, error_message(exc), status=400)
                return form_refused(
                    request, paragraph, mode, comment, exc, text=action.text, reason=action.reason
                )

        return view

    return decorator


# --- actions -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@comment_action("comment")
def comment_create(request: HttpRequest, act: CommentAction) -> HttpResponse:
    paragraph, user = act.paragraph, act.user
    act.text = _posted_text(request)
    comment = services.add_comment(
        author=user, paragraph=paragraph, text=act.text, submission=_posted_submission(request)
    )
    messages.success(request, _saved_message(comment))
    return redirect(thread_url(paragraph, page=_page_of(comment, user), comment_id=comment.pk))


@require_http_methods(["GET", "POST"])
@comment_action("reply")
def comment_reply(request: HttpRequest, act: CommentAction) -> HttpResponse:
    paragraph, user, parent = act.paragraph, act.user, act.comment
    act.text = _posted_text(request)
    reply = services.add_comment(
        author=user,
        paragraph=paragraph,
        text=act.text,
        parent=parent,
        submission=_posted_submission(request),
    )
    message = _saved_message(reply)
    if wants_json(request):
        sort, page = view_of(request)
        viewer = Viewer(user=user, participant=True, open=True)
        node = comment_node(reply, viewer, CommentUrls(paragraph, view_query(sort, page)))
        html = CommentHtml(shared_context(request, sort=sort, page=page)).items([node])
        return JsonResponse(
            {"id": reply.pk, "parent": parent.pk, "html": html, "message": message}, status=201
        )
    messages.success(request, message)
    return _back(request, paragraph, reply.pk)


@require_http_methods(["GET", "POST"])
@comment_action("edit")
def comment_edit(request: HttpRequest, act: CommentAction) -> HttpResponse:
    act.text = _posted_text(request)
    services.edit_comment(comment=act.comment, user=act.user, text=act.text)
    messages.success(request, _("Your changes have been saved."))
    return _back(request, act.paragraph, act.comment.pk)


@require_http_methods(["GET", "POST"])
@comment_action("withdraw")
def comment_withdraw(request: HttpRequest, act: CommentAction) -> HttpResponse:
    services.withdraw_comment(comment=act.comment, user=act.user)
    messages.success(request, _("Your comment has been withdrawn."))
    return _back(request, act.paragraph, act.comment.pk)


@require_POST
@comment_action("support", form=False)
def comment_support(request: HttpRequest, act: CommentAction) -> HttpResponse:
    supported = services.toggle_support(
        comment=act.comment, user=act.user, supported=_posted_support(request)
    )
    if supported:
        message = _("You support this comment.")
    else:
        message = _("You no longer support this comment.")
    if wants_json(request):
        count = Comment.objects.values_list("support_count", flat=True).get(pk=act.comment.pk)
        return JsonResponse(
            {
                "supported": supported,
                "count": count,
                "count_text": support_count_text(count),
                "message": message,
            }
        )
    messages.success(request, message)
    return _back(request, act.paragraph, act.comment.pk)


@require_http_methods(["GET", "POST"])
@comment_action("report")
def comment_report(request: HttpRequest, act: CommentAction) -> HttpResponse:
    form = ReportForm(request.POST)
    form.is_valid()
    # An unknown reason goes to the service as "", which answers with its own message.
    act.reason = str(form.cleaned_data.get("reason", ""))
    act.text = str(form.cleaned_data.get("details", ""))
    services.report_comment(comment=act.comment, user=act.user, reason=act.reason, details=act.text)
    messages.success(
        request, _("Thank you for your report. The moderation team will look at the comment.")
    )
    return _back(request, act.paragraph, act.comment.pk)
