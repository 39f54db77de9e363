"""Delivery of the outbox: claim due rows, send them over one SMTP connection, record
the result. Called by the Celery tasks in ``participation.tasks``.

Guarantees:

- One delivery at a time: :func:`deliver_due` runs under a PostgreSQL advisory lock, so
  a second task (the beat sweep's, a redelivered one, another worker process) returns at
  once instead of sending beside it; the lock dies with the connection of a killed
  worker. At most the one mail in flight when a worker dies is sent twice.
- A row is claimed by one worker at a time (``SELECT … FOR UPDATE SKIP LOCKED``); it is
  marked sent right after the server accepted it. Account mails (verification, password
  reset, subscription confirmation) are claimed before everything else.
- A running batch refreshes ``claimed_at`` every :data:`HEARTBEAT`; rows a dead worker
  left in "sending" have no heartbeat and :func:`sweep` returns them to "pending" after
  :data:`STUCK_AFTER` (beat runs the sweep every minute, so they go out within 2 minutes).
- Unsent rows of a batch are released in a ``finally``, whatever went wrong.
- A task sends for at most :data:`TIME_SLICE`, then hands over to a fresh task: a warm
  shutdown (SIGTERM on deploy) waits for one mail, not for the whole outbox.
- Temporary SMTP errors retry with backoff, permanent ones (bad address, template error)
  fail the row with the reason and the batch goes on.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from participation.mail import message_id, render
from participation.models import EmailSubscription, Event, Frequency, OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A running batch refreshes its claim every HEARTBEAT; one mail blocks at most
# SMTP_TIMEOUT (30 s), so a live batch is never older than 45 s. Rows older than
# STUCK_AFTER belong to a dead worker; with beat's sweep every minute they go out again
# within two minutes of the crash.
STUCK_AFTER = timedelta(seconds=60)
HEARTBEAT = timedelta(seconds=15)
TIME_SLICE = timedelta(seconds=20)
# Any fixed number; names the advisory lock that makes delivery single-flight.
DELIVERY_LOCK = 5_318_008
URGENT_EVENTS = (Event.ACCOUNT, Event.CONFIRM_SUBSCRIPTION)
UNCONFIRMED_SUBSCRIPTION_TTL = timedelta(days=7)
State = OutboxMessage.State


def retry_delay(attempts: int) -> timedelta:
    base = settings.MAIL_RETRY_BACKOFF_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def claim(batch_size: int) -> list[OutboxMessage]:
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.due()
            .filter(frequency=Frequency.INSTANT)
            # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "subscription")
            .annotate(
                urgency=Case(
                    When(event__in=URGENT_EVENTS, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("urgency", "send_after", "pk")[:batch_size]
        )
        if rows:
            now = timezone.now()
            OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).update(
                state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
            for row in rows:
                row.attempts += 1
    return rows


@contextlib.contextmanager
def single_flight() -> Iterator[bool]:
    """Whether this process may deliver now (always, on databases without advisory locks)."""
    if db_connection.vendor != "postgresql":
        yield True
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [DELIVERY_LOCK])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with db_connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [DELIVERY_LOCK])


@dataclass
class Delivery:
    sent: int = 0
    more_due: bool = False  # stopped at the time slice with rows left


def deliver_due(*, batch_size: int = 100) -> Delivery:
    """Send due instant mails: at least one batch, more while :data:`TIME_SLICE` lasts.
    Another delivery running means nothing is done here (that one sends them)."""
    delivery = Delivery()
    deadline = timezone.now() + TIME_SLICE
    with single_flight() as acquired:
        if not acquired:
            return delivery
        batches = 0
        while True:
            if batches and timezone.now() >= deadline:
                delivery.more_due = due_count() > 0
                break
            rows = claim(batch_size)
            if not rows:
                break
            batches += 1
            delivery.sent += _send_batch(rows, deadline=deadline)
    return delivery


def due_count() -> int:
    return OutboxMessage.objects.due().filter(frequency=Frequency.INSTANT).count()


def _send_batch(rows: list[OutboxMessage], *, deadline: datetime) -> int:
    try:
        return _send(rows, deadline=deadline)
    finally:
        # Whatever stopped the batch (a broken connection, the time slice, a database
        # error on "mark sent"), the rows it did not send are due again at once.
        OutboxMessage.objects.filter(pk__in=[r.pk for r in rows], state=State.SENDING).update(
            state=State.PENDING
        )


def _send(rows: list[OutboxMessage], *, deadline: datetime) -> int:
    sent = 0
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        for row in rows:
            _postpone(row, error)
        return 0
    beat = timezone.now()
    try:
        for position, row in enumerate(rows):
            now = timezone.now()
            if position and now >= deadline:
                break
            if now - beat >= HEARTBEAT:
                beat = now
                OutboxMessage.objects.filter(
                    pk__in=[r.pk for r in rows], state=State.SENDING
                ).update(claimed_at=now)
            try:
                message = render(row)
            except (TemplateDoesNotExist, TemplateSyntaxError, KeyError, ValueError) as error:
                _fail(row, f"template: {error}")
                continue
            message.connection = connection
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as error:
                codes = [code for code, _message in error.recipients.values()]
                if codes and all(400 <= code < 500 for code in codes):
                    _postpone(row, error)  # greylisting, mailbox busy: try again later
                else:
                    _fail(row, f"recipient refused: {error.recipients}")
            except smtplib.SMTPResponseException as error:
                if 500 <= error.smtp_code < 600:
                    _fail(row, f"{error.smtp_code} {error.smtp_error!r}")
                else:
                    _postpone(row, error)
            except (smtplib.SMTPException, OSError) as error:
                _postpone(row, error)
                break  # the connection is gone; the rest of the batch goes back to pending
            else:
                OutboxMessage.objects.filter(pk=row.pk).update(
                    state=State.SENT, sent_at=timezone.now(), message_id=message_id(row),
                    last_error="",
                )  # fmt: skip
                sent += 1
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return sent


def _fail(row: OutboxMessage, reason: str) -> None:
    logger.warning("outbox %s failed: %s", row.pk, reason)
    OutboxMessage.objects.filter(pk=row.pk).update(state=State.FAILED, last_error=reason[:2000])


def _postpone(row: OutboxMessage, error: Exception) -> None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        _fail(row, f"gave up after {row.attempts} attempts; {reason}")
        return
    OutboxMessage.objects.filter(pk=row.pk).update(
        state=State.PENDING, send_after=timezone.now() + retry_delay(row.attempts),
        last_error=reason,
    )  # fmt: skip


def sweep() -> int:
    """Release rows a dead worker left in "sending"; returns how many are due now."""
    OutboxMessage.objects.filter(
        state=State.SENDING, claimed_at__lt=timezone.now() - STUCK_AFTER
    ).update(state=State.PENDING)
    return due_count()


def resend(ids: list[int]) -> int:
    """Staff action: queue failed or sent rows again."""
    return (
        OutboxMessage.objects.filter(pk__in=ids)
        .exclude(state=State.DIGESTED)
        .update(state=State.PENDING, send_after=timezone.now(), attempts=0, last_error="")
    )


@transaction.atomic
def build_digests(*, frequency: Frequency) -> int:
    """Bundle each person's pending daily (or weekly) rows into one digest mail."""
    items = (
        OutboxMessage.objects.select_for_update(skip_locked=True)
        .filter(state=State.PENDING, frequency=frequency)
        .order_by("event", "created_at")
    )
    by_recipient: dict[int, list[OutboxMessage]] = defaultdict(list)
    for item in items:
        if item.recipient_id is not None:
            by_recipient[item.recipient_id].append(item)
    today = timezone.localdate().isoformat()
    digests = []
    for recipient_id, rows in by_recipient.items():
        first = rows[0]
        groups: dict[str, list[dict[str, object]]] = defaultdict(list)
        for row in rows:
            groups[row.event].append(row.context)
        digests.append(
            OutboxMessage(
                recipient_id=recipient_id,
                email=first.email,
                language=first.language,
                event=Event.DIGEST,
                template="emails/digest",
                context={
                    "frequency": str(frequency),
                    "groups": [{"event": e, "items": g} for e, g in groups.items()],
                    "count": len(rows),
                },
                dedupe_key=f"digest:{frequency}:{today}:u{recipient_id}",
            )
        )
    OutboxMessage.objects.bulk_create(digests, ignore_conflicts=True)
    keys = {d.dedupe_key: d.recipient_id for d in digests}
    saved = dict(
        OutboxMessage.objects.filter(dedupe_key__in=keys).values_list("recipient_id", "pk")
    )
    for recipient_id, rows in by_recipient.items():
        OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).update(
            state=State.DIGESTED, digest_id=saved.get(recipient_id)
        )
    return len(digests)


def expire_subscriptions() -> int:
    deleted, _ = EmailSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=timezone.now() - UNCONFIRMED_SUBSCRIPTION_TTL
    ).delete()
    return deleted
