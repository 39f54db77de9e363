"""Asking for participation on an entry (Anregung) and supporting one.

Both need a signed-in person (anonymous visitors are sent to the login); the rules are
the services'. Success redirects to the entry with a message (PRG); a refusal answers
400 (403 for an unverified address) with the service's message, and the reason typed
into the Anregung form comes back on the form page, so nothing is lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from projects import services
from projects.forms import RequestForm, SupportForm
from projects.models import ParticipationRequest, Project, RequestState
from projects.services import ActionRefused
from projects.views.detail import viewer, window


def _message(exc: Exception) -> str:
    if isinstance(exc, ActionRefused) and exc.messages:
        return str(exc.messages[0])
    if isinstance(exc, PermissionDenied) and exc.args:
        return str(exc.args[0])
    return _("You are not allowed to do this.")


def _anchor(project: Project) -> str:
    return f"{project.get_absolute_url()}#anregungen"


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project.objects.public(), slug=slug)
    form = RequestForm(request.POST or None, auto_id="request-%s")
    active = ParticipationRequest.objects.active().filter(project=project).first()
    error, status = "", 200
    if request.method == "POST":
        user = viewer(request)
        assert user is not None  # login_required
        try:
            services.create_request(
                author=user,
                project=project,
                reason=form.reason_text,
                age_confirmed=form.confirmed_age,
            )
        except (ActionRefused, PermissionDenied) as exc:
            error = _message(exc)
            status = 403 if isinstance(exc, PermissionDenied) else 400
        else:
            messages.success(
                request,
                _("Thank you: your Anregung has been published. You are its first supporter."),
            )
            return redirect(_anchor(project))
    return render(
        request,
        "projects/request_form.html",
        {
            "project": project,
            "form": form,
            "error": error,
            "active_request": active,
            "window": window(project),
        },
        status=status,
    )


@login_required
@require_POST
def request_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    participation_request = get_object_or_404(
        ParticipationRequest.objects.public().select_related("project"),
        pk=pk,
        project__slug=slug,
    )
    project = participation_request.project
    form = SupportForm(request.POST, auto_id="support-%s")
    user = viewer(request)
    assert user is not None  # login_required
    try:
        services.support_request(
            user=user, request=participation_request, age_confirmed=form.confirmed_age
        )
    except (ActionRefused, PermissionDenied) as exc:
        return render(
            request,
            "projects/action_refused.html",
            {
                "project": project,
                "message": _message(exc),
                "forbidden": isinstance(exc, PermissionDenied),
            },
            status=403 if isinstance(exc, PermissionDenied) else 400,
        )
    state_before = participation_request.state
    participation_request.refresh_from_db(fields=["state", "supporter_count"])
    text = _("Thank you for your support.")
    if state_before != participation_request.state == RequestState.QUORUM_REACHED:
        text = _("Thank you for your support. The Anregung has reached its quorum.")
    messages.success(request, text)
    return redirect(_anchor(project))
