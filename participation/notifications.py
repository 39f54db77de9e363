"""The notification outbox: domain services call :func:`notify`; the worker sends.

``notify`` writes one :class:`OutboxMessage` per recipient in the caller's
transaction, in bulk, and asks the worker to deliver after commit. If the broker is
down at that moment nothing is lost: the periodic sweep finds the pending rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from kombu.exceptions import OperationalError as KombuOperationalError

from participation.models import (
    EmailSubscription,
    Event,
    Follow,
    Frequency,
    NotificationPreference,
    OutboxMessage,
    User,
)
from participation.models.notifications import DEFAULT_FREQUENCY

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "stadtdialog.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


def source_text(label: Any) -> str:
    """The English source of a lazily translated label, for a mail context: the worker
    translates it into the recipient's language (keys in ``mail.TRANSLATED_KEYS``)."""
    with translation.override("en"):
        return str(label)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def frequencies_for(users: Iterable[User], event: str) -> dict[int, str]:
    """Each user's chosen frequency for ``event`` (defaults where none is stored), one query."""
    ids = [user.pk for user in users]
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, event=event).values_list(
            "user_id", "frequency"
        )
    )
    default = DEFAULT_FREQUENCY.get(Event(event), Frequency.INSTANT)
    return {pk: chosen.get(pk, default) for pk in ids}


def followers_of(target: models.Model) -> models.QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        follows__content_type=ContentType.objects.get_for_model(target),
        follows__object_id=target.pk,
    )


def is_following(user: User, target: models.Model) -> bool:
    # Keys, not instances: ``user`` is often the request's lazy user, which makes building
    # the filter cost more than running the query.
    return Follow.objects.filter(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(target).pk,
        object_id=target.pk,
    ).exists()


@transaction.atomic
def set_follow(*, user: User, target: models.Model, follow: bool) -> bool:
    content_type = ContentType.objects.get_for_model(target)
    if follow:
        Follow.objects.get_or_create(user=user, content_type=content_type, object_id=target.pk)
    else:
        Follow.objects.filter(user=user, content_type=content_type, object_id=target.pk).delete()
    return follow


def notify(
    *,
    event: Event,
    recipients: Iterable[User],
    key: str,
    context: dict[str, Any],
    exclude: User | None = None,
) -> int:
    """Queue one mail per recipient about ``event``; returns how many were offered.

    ``key`` names the occurrence (e.g. ``"comment-42"``); together with event and
    recipient it is the dedupe key, so calling ``notify`` twice for the same occurrence
    writes nothing the second time. ``context`` holds JSON values only (title, url, …).
    """
    return notify_each(
        event=event,
        notices=[
            (user, key, context) for user in recipients if exclude is None or user.pk != exclude.pk
        ],
    )


def notify_each(*, event: Event, notices: Iterable[tuple[User, str, dict[str, Any]]]) -> int:
    """Like :func:`notify`, with a key and context of its own for each recipient
    (e.g. one moderation decision per author), still in one insert."""
    notices = [(user, key, context) for user, key, context in notices if user.is_active]
    if not notices:
        return 0
    frequencies = frequencies_for([user for user, _key, _context in notices], event)
    rows = [
        OutboxMessage(
            recipient=user,
            email=user.email,
            language=user.language,
            event=event,
            template=f"emails/{event}",
            context=context,
            dedupe_key=f"{event}:{key}:u{user.pk}",
            frequency=frequencies[user.pk],
        )
        for user, key, context in notices
        if frequencies[user.pk] != Frequency.OFF
    ]
    return _write(rows)


def notify_subscribers(
    *, topic: EmailSubscription.Topic, event: Event, key: str, context: dict[str, Any]
) -> int:
    """Queue mails to the confirmed email-only subscribers of ``topic``."""
    rows = [
        OutboxMessage(
            subscription_id=pk,
            email=email,
            language=language,
            event=event,
            template=f"emails/{event}",
            context=context,
            dedupe_key=f"{event}:{key}:s{pk}",
        )
        for pk, email, language in EmailSubscription.objects.filter(
            topic=topic, confirmed_at__isnull=False
        ).values_list("pk", "email", "language")
    ]
    return _write(rows)


def _write(rows: list[OutboxMessage]) -> int:
    """Insert in bulk; rows whose dedupe key exists already are skipped by the database."""
    if not rows:
        return 0
    OutboxMessage.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    if any(row.frequency == Frequency.INSTANT for row in rows):
        request_delivery()
    return len(rows)


def request_delivery() -> None:
    transaction.on_commit(_enqueue_delivery)


def _enqueue_delivery() -> None:
    from participation.tasks import deliver_outbox

    try:
        deliver_outbox.delay()
    except (KombuOperationalError, OSError):
        # Broker unreachable: the rows are committed and the periodic sweep sends them.
        logger.warning("could not enqueue outbox delivery; the sweep will pick it up")


def unsubscribe_token(
    *, user: User | None = None, subscription: EmailSubscription | None = None, event: str = ""
) -> str:
    payload: dict[str, Any] = {"e": event}
    if user is not None:
        payload["u"] = user.pk
    if subscription is not None:
        payload["s"] = subscription.token
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> dict[str, Any]:
    """The token's payload; raises ``signing.BadSignature`` if tampered or expired."""
    payload: dict[str, Any] = signing.loads(
        token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE
    )
    return payload


def unsubscribe_url(token: str) -> str:
    return absolute_url(reverse("participation:unsubscribe", kwargs={"token": token}))
