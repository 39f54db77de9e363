"""A comment's author reads the statement of reasons of a moderation decision and
objects to it; signed-in authors see all such decisions on their comments.

The page is reached by the signed link in the moderation mail (no sign-in needed, see
:mod:`guidelines.objections`) or from the list in the account.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from guidelines import objections
from guidelines.forms import PlainTextField
from guidelines.models import ModerationAction, Objection
from guidelines.services import ActionRefused
from guidelines.views.common import request_user
from participation.models import User


class ObjectionForm(forms.Form):
    text = PlainTextField(
        label=gettext_lazy("Why do you think the decision is wrong?"),
        max_length=objections.OBJECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Explain what the decision overlooks, for example the context of your comment."
        ),
        error_messages={"required": gettext_lazy("Please write why you object to the decision.")},
    )


def _decision(request: HttpRequest, token: str) -> ModerationAction:
    """The decision the signed link names, on a comment its author still has."""
    try:
        decision_id, author_id = objections.read_objection_token(token)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404 from None
    decision = (
        ModerationAction.objects.select_related(
            "comment__author", "comment__paragraph__version__document"
        )
        .filter(pk=decision_id, comment__author_id=author_id)
        .first()
    )
    if decision is None:
        raise Http404
    user = request_user(request)
    if user is not None and user.pk != author_id:
        raise PermissionDenied(_("This link belongs to another person's comment."))
    return decision


@require_http_methods(["GET", "POST"])
@never_cache
def objection(request: HttpRequest, token: str) -> HttpResponse:
    decision = _decision(request, token)
    comment = decision.comment
    existing = Objection.objects.filter(decision=decision).select_related("answered_by").first()
    refusal = "" if existing else objections.objection_refusal(decision)
    form = ObjectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            objections.submit_objection(
                decision=decision,
                author=cast(User, comment.author),
                text=form.cleaned_data["text"],
            )
        except ActionRefused as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your objection has been received. The moderation team will review the "
                    "decision and answer you by email."
                ),
            )
            return redirect(request.path)
    context = {
        "decision": decision,
        "comment": comment,
        "version": comment.paragraph.version,
        "objection": existing,
        "refusal": refusal,
        "form": form,
        "rule_url": objections.rule_url(decision.reason) if decision.reason else "",
        "reports": (
            objections.reported_reasons(comment)
            if decision.action == ModerationAction.Action.HOLD
            else []
        ),
        "deadline": objections.objection_deadline(decision),
        "signed_in": request_user(request) is not None,
    }
    status = 400 if form.errors else 200
    return render(request, "guidelines/objection_form.html", context, status=status)


@login_required
@require_GET
@never_cache
def my_decisions(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    decisions = [
        (decision, objections.objection_path(decision, user))
        for decision in objections.decisions_of(user)
    ]
    return render(request, "guidelines/objection_list.html", {"decisions": decisions})
