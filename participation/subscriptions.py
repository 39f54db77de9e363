"""Email-only subscriptions with double opt-in, and unsubscribing from any mail.

The subscription form is open to anyone, so it must not become a way to flood an
address with confirmation mails: the view limits requests per client and per address
(allauth's rate limiter, action ``subscribe``), and :func:`request_subscription` sends a
confirmation for an unconfirmed address at most once per :data:`RESEND_COOLDOWN`, with
the row locked so that parallel requests cannot each send one. Whatever the state of the
address (new, pending, confirmed), the person asking sees the same answer.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

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
)
from participation.models.notifications import PREFERENCE_EVENTS
from participation.notifications import absolute_url, request_delivery
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


@transaction.atomic
def unsubscribe(payload: dict[str, Any]) -> bool:
    """Carry out a (verified) unsubscribe token; returns whether anything changed."""
    if "s" in payload:
        deleted, _ = EmailSubscription.objects.filter(token=payload["s"]).delete()
        return bool(deleted)
    user_id = payload.get("u")
    if user_id is None:
        return False
    events = [payload["e"]] if payload.get("e") in PREFERENCE_EVENTS else PREFERENCE_EVENTS
    for event in events:
        NotificationPreference.objects.update_or_create(
            user_id=user_id, event=event, defaults={"frequency": Frequency.OFF}
        )
    OutboxMessage.objects.filter(
        recipient_id=user_id, event__in=events, state=OutboxMessage.State.PENDING
    ).update(state=OutboxMessage.State.CANCELLED)
    return True
