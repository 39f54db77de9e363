"""Residents' side of notifications: follows, preferences, unsubscribe, subscriptions."""

from __future__ import annotations

from collections.abc import Iterable

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from participation import follows, subscriptions
from participation.forms import PreferencesForm, SubscriptionForm
from participation.models import EmailSubscription, Event, Frequency, User
from participation.notifications import read_unsubscribe_token, set_follow


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_POST
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.can_participate:
        raise PermissionDenied(_("Please confirm your email address before following."))
    followable = follows.get(kind)
    if followable is None:
        raise Http404
    target = followable.public().filter(pk=pk).first()
    if target is None:
        raise Http404
    now_following = request.POST.get("follow") == "1"
    set_follow(user=user, target=target, follow=now_following)
    messages.success(
        request,
        _("You now follow “%(name)s”.") % {"name": target}
        if now_following
        else _("You no longer follow “%(name)s”.") % {"name": target},
    )
    return redirect(_back(request, getattr(target, "get_absolute_url", lambda: "/")()))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PreferencesForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("participation:notification_preferences")
    return render(
        request,
        "participation/notification_preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _labels(events: Iterable[str]) -> list[str]:
    return [str(Event(event).label) for event in events]


def _still_sent(user_id: int | None) -> list[tuple[str, str]]:
    """(kind of mail, frequency) of what the person still gets, for the pages below."""
    if user_id is None:
        return []
    return [
        (str(Event(event).label), str(Frequency(frequency).label))
        for event, frequency in subscriptions.frequencies_of(user_id).items()
        if frequency != Frequency.OFF
    ]


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the token is the key.
@never_cache  # token links answer with a person's settings: no cache may keep them
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        payload = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "participation/unsubscribe_invalid.html", status=400)
    user_id = payload.get("u")
    context = {"payload": payload, "digest": payload.get("e") == Event.DIGEST}
    if request.method == "POST":
        result = subscriptions.unsubscribe(payload)
        undo = ""
        if result.stopped:
            undo = subscriptions.undo_code(token=token, payload=payload, result=result)
        context |= {
            "result": result,
            "stopped": _labels(result.stopped),
            "still_sent": _still_sent(user_id),
            "undo": undo,
            "token": token,
        }
        return render(request, "participation/unsubscribe_done.html", context)
    if user_id is not None:
        frequencies = subscriptions.frequencies_of(user_id)
        context["stopping"] = _labels(subscriptions.events_to_stop(payload, frequencies))
    return render(request, "participation/unsubscribe_confirm.html", context)


@never_cache
@require_POST
def undo_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Switch back on what an unsubscribe with ``token`` switched off (its page's form)."""
    try:
        payload = read_unsubscribe_token(token)
        restored = subscriptions.undo_unsubscribe(
            token=token, payload=payload, code=request.POST.get("undo", "")
        )
    except signing.BadSignature:
        return render(request, "participation/unsubscribe_invalid.html", status=400)
    return render(
        request,
        "participation/unsubscribe_undone.html",
        {"restored": _labels(restored), "still_sent": _still_sent(payload.get("u"))},
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, topic: str) -> HttpResponse:
    if topic not in EmailSubscription.Topic.values:
        raise Http404
    form = SubscriptionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if ratelimit.consume(request, action="subscribe", key=email):
            subscriptions.request_subscription(email=email, topic=topic)
            return render(request, "participation/subscription_requested.html")
        form.add_error(None, _("Too many requests. Please try again in an hour."))
        status = 429
    return render(
        request,
        "participation/subscription_form.html",
        {"form": form, "topic": EmailSubscription.Topic(topic)},
        status=400 if status == 200 and form.errors else status,
    )


@never_cache  # shows the subscribed address to whoever holds the link
@require_http_methods(["GET", "POST"])
def confirm_subscription(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscriptions.pending(token)
    if subscription is None:
        return render(request, "participation/subscription_invalid.html", status=400)
    if request.method == "POST":
        subscriptions.confirm(subscription)
        return render(request, "participation/subscription_confirmed.html", {"s": subscription})
    return render(request, "participation/subscription_confirm.html", {"s": subscription})
