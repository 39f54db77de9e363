"""Delivery rules of the outbox that hold without a real worker (ISSUE 11, items 5–7).

The failure tests with a real worker, Redis and SMTP sink are in test_outbox_failures.py.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from participation import outbox, tasks
from participation.models import Event, OutboxMessage
from tests.conftest import need

State = OutboxMessage.State


def queue(count: int, *, event: Event = Event.REPLY, prefix: str = "p") -> list[OutboxMessage]:
    return OutboxMessage.objects.bulk_create(
        OutboxMessage(
            email=f"{prefix}{i}@example.org",
            event=event,
            template="emails/confirm_subscription",
            context={"title": "Vorhabenliste", "confirm_url": "http://127.0.0.1:8000/x/"},
            dedupe_key=f"{prefix}-{event}-{i}",
        )
        for i in range(count)
    )


def test_rows_are_released_at_once_when_marking_sent_fails(db, monkeypatch):
    queue(4)
    calls = []

    def failing_message_id(row):
        calls.append(row.pk)
        if len(calls) == 2:
            raise DatabaseError("connection lost")
        return f"<{row.pk}@test>"

    monkeypatch.setattr(outbox, "message_id", failing_message_id)

    with pytest.raises(DatabaseError):
        outbox.deliver_due()

    assert not OutboxMessage.objects.filter(state=State.SENDING).exists()
    assert OutboxMessage.objects.filter(state=State.SENT).count() == 1
    assert OutboxMessage.objects.filter(state=State.PENDING).count() == 3


def test_account_mails_are_claimed_before_everything_else(db):
    queue(5, event=Event.REPLY)
    urgent = queue(1, event=Event.ACCOUNT, prefix="konto")

    assert [row.pk for row in outbox.claim(1)] == [urgent[0].pk]


class RecordingBackend(EmailBackend):
    """Notes, for each mail, when the rows still in "sending" were last claimed."""

    seen: list[list] = []

    def send_messages(self, messages):
        RecordingBackend.seen.append(
            list(OutboxMessage.objects.filter(state=State.SENDING).values_list("claimed_at"))
        )
        return super().send_messages(messages)


def test_a_running_batch_keeps_its_claim_fresh(db, settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.participation.test_outbox_delivery.RecordingBackend"
    monkeypatch.setattr(outbox, "HEARTBEAT", timedelta(0))
    RecordingBackend.seen = []
    queue(3)

    outbox.deliver_due()

    first, *later = RecordingBackend.seen
    assert len(later) == 2
    assert min(later[-1])[0] > min(first)[0]


def test_a_killed_workers_rows_are_due_again_within_minutes(db):
    queue(2)
    outbox.claim(2)  # and the worker dies: no heartbeat, no release
    OutboxMessage.objects.update(claimed_at=timezone.now() - timedelta(minutes=2, seconds=1))

    assert outbox.sweep() == 2


def test_a_task_hands_over_to_a_fresh_task_after_its_time_slice(db, monkeypatch):
    monkeypatch.setattr(outbox, "TIME_SLICE", timedelta(0))
    queue(5)
    handed_over = []
    real_delay = tasks.deliver_outbox.delay

    def delay(*args):
        handed_over.append(args)
        return real_delay(*args)

    monkeypatch.setattr(tasks.deliver_outbox, "delay", delay)

    tasks.deliver_outbox(2)

    assert len(mail.outbox) == 5
    # With no time left, each task sends the one mail it must, then hands over.
    assert len(handed_over) == 4
    assert not OutboxMessage.objects.exclude(state=State.SENT).exists()


def test_a_second_delivery_waits_while_one_runs(db):
    need(connection.vendor == "postgresql", "advisory locks need PostgreSQL")
    queue(3)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [outbox.DELIVERY_LOCK])
        assert outbox.deliver_due().sent == 0
        assert OutboxMessage.objects.filter(state=State.PENDING).count() == 3
    finally:
        other.close()

    assert outbox.deliver_due().sent == 3
