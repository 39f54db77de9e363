"""Applying for a seat drawn by lot, without an account.

- The form is shown while the call is open; before and after, the page explains the
  window and a POST is refused with 403.
- POSTs are rate-limited per IP address through allauth's limiter in the shared cache
  (action ``board_application`` in ``ACCOUNT_RATE_LIMITS``), so the anonymous form
  cannot be used to flood staff.
- ``participation.board.seats.apply`` stores the application; its refusals become form
  errors (400). On success the browser is redirected to a receipt whose address carries
  the call and the application number, signed, so that reloading it submits nothing.
"""

from __future__ import annotations

from allauth.core.ratelimit import consume_or_429
from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from participation import pagecache
from participation.board.forms import ApplicationForm
from participation.board.invalidation import board_generations
from participation.board.seats import apply
from participation.board.services import ActionRefused
from participation.models import Call

RATE_ACTION = "board_application"  # its rate is in settings.ACCOUNT_RATE_LIMITS
RECEIPT_SALT = "stadtdialog.board.application"
RECEIPT_MAX_AGE = 7 * 24 * 3600


def _add_refusal(form: ApplicationForm, refused: ActionRefused) -> None:
    if not hasattr(refused, "error_dict"):
        form.add_error(None, refused.messages)
        return
    for field, errors in refused.error_dict.items():
        messages = [message for error in errors for message in error.messages]
        form.add_error(field if field in form.fields else None, messages)


@require_http_methods(["GET", "HEAD", "POST"])
@pagecache.public_page(board_generations)  # GET and HEAD only; the form's token stays personal
def call(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("board"), pk=pk)
    pagecache.changes_at(request, call.opens_at, call.closes_at)
    pools = list(call.pools.all())
    context = {
        "board": call.board,
        "call": call,
        "retention_days": settings.BOARD_APPLICATION_RETENTION_DAYS,
    }
    if not call.is_open:
        context["not_yet_open"] = timezone.now() < call.opens_at
        status = 403 if request.method == "POST" else 200
        return render(request, "participation/board/call_closed.html", context, status=status)
    form = ApplicationForm(request.POST or None, call=call, pools=pools)
    if request.method == "POST":
        if consume_or_429(request, action=RATE_ACTION):
            return render(request, "participation/board/call_limited.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = apply(
                    call=call,
                    name=data["name"],
                    contact=data["contact"],
                    pool=data.get("pool"),
                    age_confirmed=data["age_confirmed"],
                    residence_confirmed=data.get("residence_confirmed", False),
                )
            except ActionRefused as refused:
                _add_refusal(form, refused)
            else:
                token = signing.dumps(
                    {"call": call.pk, "number": application.number}, salt=RECEIPT_SALT
                )
                return redirect("participation:board_application_received", pk=call.pk, token=token)
    return render(
        request,
        "participation/board/call_form.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def application_received(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    try:
        receipt = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    if not isinstance(receipt, dict) or receipt.get("call") != pk:
        raise Http404
    call = get_object_or_404(Call.objects.select_related("board"), pk=pk)
    return render(
        request,
        "participation/board/application_received.html",
        {
            "board": call.board,
            "call": call,
            "number": receipt.get("number"),
            "retention_days": settings.BOARD_APPLICATION_RETENTION_DAYS,
        },
    )
