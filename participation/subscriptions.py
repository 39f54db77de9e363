"""Email-only subscriptions with double opt-in, and unsubscribing from any mail.

The subscription form is open to anyone, so it must not become a way to flood an
address with confirmation mails: the view limits requests per client and per address
(allauth's rate limiter, action ``subscribe``), and :func:`request_subscription` sends a
confirmation for an unconfirmed address at most once per :data:`RESEND_COOLDOWN`, with
the row locked so that parallel requests cannot each send one. Whatever the state of the
address (new, pending, confirmed), the person asking sees the same answer.

Unsubscribing with the link of a digest switches off only the events the digests
collect (those on a daily or weekly frequency); mails that come at once about one's own
comments stay. The page afterwards offers an undo: a signed note of the frequencies
before and of the mails it cancelled, usable only together with the same link.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from participation.models import (
    EmailSubscription,
    Event,
    Frequency,
    NotificationPreference,
    OutboxMessage,
    User,
)
from participation.models.notifications import DEFAULT_FREQUENCY, PREFERENCE_EVENTS
from participation.notifications import UNSUBSCRIBE_MAX_AGE, absolute_url, request_delivery
from participation.outbox import UNCONFIRMED_SUBSCRIPTION_TTL

RESEND_COOLDOWN = timedelta(minutes=15)


@transaction.atomic
def request_subscription(*, email: str, topic: str) -> EmailSubscription:
    """Store the address unconfirmed and send the confirmation mail.

    Asking again for a confirmed subscription changes nothing and sends nothing, so the
    form does not reveal who is subscribed; asking again within the cooldown neither.
    ``created_at`` of an unconfirmed row is when its last confirmation mail was sent.
    """
    subscription, created = EmailSubscription.objects.get_or_create(
        email=email.lower(), topic=topic, defaults={"language": (get_language() or "de")[:2]}
    )
    if not created:
        subscription = EmailSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.confirmed_at is not None:
            return subscription
        if subscription.created_at > timezone.now() - RESEND_COOLDOWN:
            return subscription
        subscription.created_at = timezone.now()
        subscription.save(update_fields=["created_at"])
    OutboxMessage.objects.create(
        subscription=subscription,
        email=subscription.email,
        language=subscription.language,
        event=Event.CONFIRM_SUBSCRIPTION,
        template="emails/confirm_subscription",
        context={
            "title": str(EmailSubscription.Topic(topic).label),
            "confirm_url": absolute_url(
                reverse("participation:confirm_subscription", args=[subscription.token])
            ),
        },
        dedupe_key=f"confirm:{subscription.token}:{subscription.created_at.timestamp()}",
    )
    request_delivery()
    return subscription


def pending(token: str) -> EmailSubscription | None:
    return EmailSubscription.objects.filter(
        token=token,
        confirmed_at__isnull=True,
        created_at__gte=timezone.now() - UNCONFIRMED_SUBSCRIPTION_TTL,
    ).first()


def confirm(subscription: EmailSubscription) -> None:
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])


# What a person reading a digest can switch off from it: the events collected there.
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)
UNDO_SALT = "stadtdialog.unsubscribe.undo"


def frequencies_of(user_id: int) -> dict[str, str]:
    """The person's frequency for each event of the settings page (defaults where none is
    stored), in one query."""
    stored = dict(
        NotificationPreference.objects.filter(user_id=user_id).values_list("event", "frequency")
    )
    return {event: stored.get(event, DEFAULT_FREQUENCY[event]) for event in PREFERENCE_EVENTS}


def events_to_stop(payload: dict[str, Any], frequencies: dict[str, str]) -> list[str]:
    """The events an unsubscribe token switches off, given the current ``frequencies``.

    A digest's link stops what the digests collect and keeps what comes at once (replies,
    moderation, responses to one's own comments); a single mail's link stops its kind.
    """
    event = payload.get("e")
    if event == Event.DIGEST:
        return [e for e, f in frequencies.items() if f in DIGEST_FREQUENCIES]
    if event in PREFERENCE_EVENTS:
        return [event] if frequencies[event] != Frequency.OFF else []
    return [e for e, f in frequencies.items() if f != Frequency.OFF]


@dataclass(frozen=True)
class Unsubscribed:
    """What an unsubscribe changed, and what undoing it needs."""

    subscription_ended: bool = False
    stopped: tuple[str, ...] = ()  # events now off
    # The stored frequency of each stopped event before (None: there was none, the
    # default applied), and the pending mails that were cancelled.
    previous: dict[str, str | None] = field(default_factory=dict)
    cancelled: tuple[int, ...] = ()


@transaction.atomic
def unsubscribe(payload: dict[str, Any]) -> Unsubscribed:
    """Carry out a (verified) unsubscribe token."""
    if "s" in payload:
        deleted, _ = EmailSubscription.objects.filter(token=payload["s"]).delete()
        return Unsubscribed(subscription_ended=bool(deleted))
    user_id = payload.get("u")
    # The lock makes a repeated click wait, so that it sees the first one's result; a
    # deleted account has nothing left to switch off.
    if user_id is None or not User.objects.select_for_update().filter(pk=user_id).exists():
        return Unsubscribed()
    events = events_to_stop(payload, frequencies_of(user_id))
    if not events:
        return Unsubscribed()
    stored = dict(
        NotificationPreference.objects.filter(user_id=user_id, event__in=events).values_list(
            "event", "frequency"
        )
    )
    for event in events:
        NotificationPreference.objects.update_or_create(
            user_id=user_id, event=event, defaults={"frequency": Frequency.OFF}
        )
    pending = OutboxMessage.objects.filter(
        recipient_id=user_id, event__in=events, state=OutboxMessage.State.PENDING
    )
    # Locked, so that a worker cannot claim one of them between reading and cancelling.
    cancelled = tuple(pending.select_for_update().values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=cancelled).update(state=OutboxMessage.State.CANCELLED)
    return Unsubscribed(
        stopped=tuple(events),
        previous={event: stored.get(event) for event in events},
        cancelled=cancelled,
    )


def _fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def undo_code(*, token: str, payload: dict[str, Any], result: Unsubscribed) -> str:
    """A signed note of the state before, for the undo form; valid only with ``token``."""
    return signing.dumps(
        {
            "t": _fingerprint(token),
            "u": payload["u"],
            "p": result.previous,
            "c": list(result.cancelled),
        },
        salt=UNDO_SALT,
        compress=True,
    )


@transaction.atomic
def undo_unsubscribe(*, token: str, payload: dict[str, Any], code: str) -> list[str]:
    """Restore what the unsubscribe noted in ``code`` did; returns the events switched on
    again. An event set to something else since then keeps that newer choice.

    Raises ``signing.BadSignature`` for a code that is altered, too old or made for
    another token.
    """
    note = signing.loads(code, salt=UNDO_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if note.get("t") != _fingerprint(token) or note.get("u") != payload.get("u"):
        raise signing.BadSignature("undo code of another token")
    user_id = note["u"]
    if not User.objects.select_for_update().filter(pk=user_id).exists():
        return []
    previous: dict[str, str | None] = note["p"]
    still_off = list(
        NotificationPreference.objects.filter(
            user_id=user_id, event__in=previous, frequency=Frequency.OFF
        ).values_list("event", flat=True)
    )
    for event in still_off:
        if previous[event] is None:
            NotificationPreference.objects.filter(user_id=user_id, event=event).delete()
        else:
            NotificationPreference.objects.filter(user_id=user_id, event=event).update(
                frequency=previous[event]
            )
    restored = OutboxMessage.objects.filter(
        pk__in=note["c"],
        recipient_id=user_id,
        event__in=still_off,
        state=OutboxMessage.State.CANCELLED,
    )
    if restored.filter(frequency=Frequency.INSTANT).exists():
        request_delivery()
    restored.update(state=OutboxMessage.State.PENDING)
    return [event for event in PREFERENCE_EVENTS if event in still_off]
