"""The outbox survives the failures of the real parts (ISSUE 5, item 9).

Each test runs a real Celery worker subprocess on the test database, a private
``redis-server`` on a free port (so it may be stopped and restarted, and the worker's own
``sweep_outbox`` -> ``deliver_outbox`` hand-over lands in the queue it consumes) and an
aiosmtpd sink, then breaks one of them:

- the worker is SIGKILLed in the middle of a batch and a new one started;
- Redis is stopped with a task queued and restarted empty;
- the SMTP server answers 451 for a while;
- the SMTP server rejects one address; one row has a broken template.

Afterwards every row is delivered exactly once, counted by Message-ID at the SMTP server;
the only duplicates allowed are the messages the server took in the instant the worker
died, which carry the same Message-ID (receivers can recognise them).

Retries are rows back in "pending", not Celery retries: the tests call ``sweep_outbox``
once a second, which is what celery beat does once a minute in production.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from config.celery import app as celery_app
from participation import outbox
from participation.mail import message_id
from participation.models import Event, OutboxMessage, User
from participation.notifications import notify
from participation.tasks import sweep_outbox
from tests import services
from tests.conftest import need

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

State = OutboxMessage.State
QUEUE = "celery"  # the default queue: a private Redis has no other users
TIMEOUT = 30.0  # seconds, for each wait
CONTEXT = {
    "actor": "Bea",
    "title": "Leitlinien für Bürgerbeteiligung",
    "excerpt": "Ich sehe das anders.",
    "url": f"{settings.SITE_URL}/leitlinien/",
}


# --- Fixtures and helpers -----------------------------------------------------------------


@pytest.fixture
def redis_server() -> Iterator[services.RedisServer]:
    need(services.redis_server_executable() is not None, "redis-server is not installed")
    with services.RedisServer() as server:
        yield server


@pytest.fixture
def publishing(redis_server: services.RedisServer) -> Iterator[None]:
    """This process's Celery app publishes to the private Redis instead of running eagerly."""
    with services.celery_publishing_to(celery_app, redis_server.url, QUEUE):
        yield


@pytest.fixture
def sink() -> Iterator[services.SmtpSink]:
    with services.SmtpSink() as smtp:
        yield smtp


def worker(redis_server: services.RedisServer, sink: services.SmtpSink, **extra: str):
    env = services.worker_environment(
        broker_url=redis_server.url,
        smtp_port=sink.port,
        database_url=services.worker_database_url(),
        MAIL_RETRY_BACKOFF_SECONDS="1",
        **extra,
    )
    return services.celery_worker(queue=QUEUE, env=env, node_name=services.unique_name("outbox"))


def residents(count: int, prefix: str) -> list[User]:
    """``count`` active people in bulk (one unusable password hash, no signals)."""
    password = make_password(None)
    return User.objects.bulk_create(
        User(
            email=f"{prefix}-{i:03d}@example.org",
            display_name=f"{prefix} {i:03d}",
            password=password,
        )
        for i in range(count)
    )


def notify_all(people: list[User], key: str) -> int:
    """Outside an atomic block: committed at once, deliver_outbox published right away."""
    return notify(event=Event.REPLY, recipients=people, key=key, context=CONTEXT)


def states() -> dict[str, int]:
    counts: dict[str, int] = {}
    for state in OutboxMessage.objects.values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts


def settled() -> bool:
    return not OutboxMessage.objects.exclude(state__in=[State.SENT, State.FAILED]).exists()


def sweep_until(condition, running: services.CeleryWorker, timeout: float = TIMEOUT) -> None:
    """Wait for ``condition``, calling ``sweep_outbox`` once a second like beat does.

    Gives up at once when a task fails in the worker, and then shows its log.
    """
    services.wait_until(
        lambda: bool(running.task_errors) or condition(),
        timeout,
        interval=0.2,
        every=1.0,
        action=sweep_outbox.delay,
    )
    assert not running.task_errors, f"a task failed; worker log:\n{running.log}"
    assert condition(), f"not within {timeout} s: {states()}; worker log:\n{running.log}"


def delivery_report(sink: services.SmtpSink, rows: list[OutboxMessage]) -> dict[str, object]:
    """Compare what the SMTP server received with the rows, by Message-ID."""
    expected = {message_id(row): row for row in rows}
    counts = sink.message_id_counts()
    return {
        "missing": sorted(expected.keys() - counts.keys()),
        "unexpected": sorted(counts.keys() - expected.keys()),
        "duplicates": {mid: n for mid, n in counts.items() if n > 1},
    }


def assert_delivered_exactly_once(sink: services.SmtpSink, rows: list[OutboxMessage]) -> None:
    report = delivery_report(sink, rows)
    assert report == {"missing": [], "unexpected": [], "duplicates": {}}
    for row in rows:
        [received] = sink.with_message_id(message_id(row))
        assert received.rcpt_tos == (row.email,)
        assert row.message_id == received.message_id


def sent_rows() -> list[OutboxMessage]:
    rows = list(OutboxMessage.objects.order_by("pk"))
    assert {row.state for row in rows} == {State.SENT}, states()
    return rows


# --- Tests --------------------------------------------------------------------------------


@pytest.mark.usefixtures("publishing")
def test_worker_killed_mid_batch_leaves_nothing_undelivered(redis_server, sink, record_property):
    count = 300
    sink.delay = 0.02  # a slow relay: the batch takes seconds, the kill lands inside it
    people = residents(count, "kill")

    with worker(redis_server, sink) as first:
        assert notify_all(people, "kill-test") == count
        services.wait_until(
            lambda: sink.count >= count // 2 or bool(first.task_errors), TIMEOUT, interval=0.01
        )
        assert sink.count >= count // 2, f"{sink.count} mails in {TIMEOUT} s:\n{first.log}"
        first.kill()  # SIGKILL: no warm shutdown, no ack, no state update
    at_kill = states()
    in_flight = set(OutboxMessage.objects.filter(state=State.SENDING).values_list("pk", flat=True))
    assert in_flight, f"the kill landed between two batches: {at_kill}"
    assert at_kill.get(State.PENDING, 0) > 0, at_kill  # later batches were never claimed
    received_at_kill = sink.count

    with worker(redis_server, sink) as second:
        # The sweep sends what is pending but leaves rows a worker claimed less than
        # STUCK_AFTER ago alone: that worker might still be sending them.
        sweep_until(
            lambda: (
                not OutboxMessage.objects.exclude(pk__in=in_flight)
                .exclude(state=State.SENT)
                .exists()
            ),
            second,
        )
        assert (
            set(OutboxMessage.objects.filter(state=State.SENDING).values_list("pk", flat=True))
            == in_flight
        )

        # STUCK_AFTER passes (2 minutes without a heartbeat, simulated): the next sweep
        # releases the rows.
        OutboxMessage.objects.filter(pk__in=in_flight).update(
            claimed_at=timezone.now() - outbox.STUCK_AFTER - timedelta(seconds=1)
        )
        sweep_until(settled, second)
    # The second worker stopped warm: whatever it was doing has finished.

    rows = sent_rows()
    report = delivery_report(sink, rows)
    duplicates = report["duplicates"]
    record_property("in_flight_at_kill", len(in_flight))
    record_property("received_at_kill", received_at_kill)
    record_property("duplicates", len(duplicates))
    print(  # shown with -s / -rP: the numbers for the report
        f"kill test: {received_at_kill} received before the kill, {len(in_flight)} rows "
        f"in 'sending' at the kill, {len(duplicates)} duplicate(s): {duplicates}"
    )
    assert report["missing"] == []
    assert report["unexpected"] == []
    # Only the one message the server took while the worker died (before it could mark
    # the row sent) may arrive twice, and then with the same Message-ID: delivery is
    # single-flight, so two pool processes never have a mail in flight at once.
    in_flight_ids = {message_id(row) for row in rows if row.pk in in_flight}
    assert set(duplicates) <= in_flight_ids, duplicates
    assert len(duplicates) <= 1, duplicates
    assert all(n == 2 for n in duplicates.values()), duplicates
    for row in rows:
        assert row.message_id == message_id(row)
        assert all(m.rcpt_tos == (row.email,) for m in sink.with_message_id(row.message_id))
    # Rows the dead worker had not reached yet went out once, with one more attempt.
    assert sum(1 for row in rows if row.attempts == 2) == len(in_flight)


@pytest.mark.usefixtures("publishing")
def test_tasks_lost_with_redis_are_delivered_by_the_sweep(redis_server, sink):
    people = residents(40, "redis")
    assert notify_all(people[:20], "before-restart") == 20
    assert services.queue_length(redis_server.url, QUEUE) == 1  # deliver_outbox, waiting

    redis_server.stop()  # no persistence: the queued task is gone
    started = time.monotonic()
    # The broker is down when this commits: the rows are written anyway, the publish
    # fails (logged) and the request is not held up for long.
    assert notify_all(people[20:], "while-down") == 20
    assert time.monotonic() - started < 10
    assert OutboxMessage.objects.filter(state=State.PENDING).count() == 40

    redis_server.start()
    assert services.queue_length(redis_server.url, QUEUE) == 0
    with worker(redis_server, sink) as running:
        sweep_until(settled, running)

    rows = sent_rows()
    assert len(rows) == 40
    assert_delivered_exactly_once(sink, rows)
    assert {row.attempts for row in rows} == {1}


@pytest.mark.usefixtures("publishing")
@pytest.mark.parametrize(
    ("stage", "reply"),
    [
        pytest.param("data", "451 4.3.0 Try again later", id="451-after-data"),
        pytest.param("rcpt", "451 4.7.1 Greylisted, please try again later", id="451-at-rcpt"),
    ],
)
def test_smtp_refusing_for_a_while_delays_but_delivers_once(redis_server, sink, stage, reply):
    count, refusals = 120, 50
    sink.refuse_next(refusals, reply, stage=stage)
    people = residents(count, f"busy-{stage}")

    with worker(redis_server, sink) as running:
        assert notify_all(people, f"busy-{stage}") == count
        sweep_until(settled, running)

    assert sink.refused == refusals
    failed = list(OutboxMessage.objects.filter(state=State.FAILED))
    assert failed == [], [(row.email, row.last_error) for row in failed]
    rows = sent_rows()
    assert_delivered_exactly_once(sink, rows)
    assert sorted(row.attempts for row in rows) == [1] * (count - refusals) + [2] * refusals
    assert {row.last_error for row in rows} == {""}


@pytest.mark.usefixtures("publishing")
def test_rejected_address_and_broken_template_fail_only_their_rows(redis_server, sink):
    people = residents(30, "mixed")
    rejected = people[7]
    sink.reject_recipient(rejected.email)
    broken = OutboxMessage.objects.create(
        recipient=people[3],
        email=people[3].email,
        event=Event.REPLY,
        template="emails/does-not-exist",
        context=CONTEXT,
        dedupe_key="broken-template-test",
    )

    with worker(redis_server, sink) as running:
        assert notify_all(people, "mixed") == 30
        services.wait_until(lambda: settled() or bool(running.task_errors), TIMEOUT)
        assert not running.task_errors, running.log
        assert settled(), f"{states()}; worker log:\n{running.log}"
        assert running.process.poll() is None  # the worker keeps running

    bad = OutboxMessage.objects.get(email=rejected.email)
    assert bad.state == State.FAILED
    assert "550" in bad.last_error
    assert rejected.email in bad.last_error
    assert bad.attempts == 1
    assert bad.sent_at is None
    broken.refresh_from_db()
    assert broken.state == State.FAILED
    assert broken.last_error.startswith("template:")
    assert "does-not-exist" in broken.last_error

    assert sink.rejected == 1
    assert sink.messages_to(rejected.email) == []
    others = list(OutboxMessage.objects.exclude(pk__in=[bad.pk, broken.pk]).order_by("pk"))
    assert len(others) == 29
    assert {row.state for row in others} == {State.SENT}
    assert_delivered_exactly_once(sink, others)


@pytest.mark.usefixtures("publishing")
def test_the_same_worker_goes_on_sending_after_a_redis_restart(redis_server, sink):
    """Redis restarts (empty) while the worker delivers: the worker process must survive,
    reconnect and send what is queued after the restart (ISSUE 11, item 8)."""
    sink.delay = 0.02
    people = residents(200, "restart")

    with worker(redis_server, sink) as running:
        assert notify_all(people[:100], "before-restart") == 100
        services.wait_until(lambda: sink.count >= 20 or bool(running.task_errors), TIMEOUT)
        redis_server.restart()  # while a delivery task is running and unacknowledged
        time.sleep(3)
        assert running.process.poll() is None, f"the worker exited:\n{running.log}"
        assert notify_all(people[100:], "after-restart") == 100
        sweep_until(settled, running)
        assert running.process.poll() is None, f"the worker exited:\n{running.log}"
        assert "Unrecoverable error" not in running.log, running.log

    rows = sent_rows()
    assert len(rows) == 200
    report = delivery_report(sink, rows)
    assert report["missing"] == []
    assert len(report["duplicates"]) <= 1


@pytest.mark.usefixtures("publishing")
def test_a_warm_shutdown_waits_for_one_slice_not_for_the_whole_outbox(
    redis_server, sink, record_property
):
    """SIGTERM on deploy: the worker finishes the mail in flight within one time slice and
    stops; nothing is left in "sending" for the sweep to find (ISSUE 11, item 7)."""
    sink.delay = 0.3  # a slow relay: 200 mails would take a minute
    people = residents(200, "deploy")

    with worker(redis_server, sink) as running:
        assert notify_all(people, "deploy") == 200
        services.wait_until(lambda: sink.count >= 5 or bool(running.task_errors), TIMEOUT)
        started = time.monotonic()
        exit_code = running.stop(timeout=60)
        stopped_after = time.monotonic() - started
    record_property("warm_shutdown_seconds", round(stopped_after, 1))
    print(f"warm shutdown: stopped after {stopped_after:.1f} s, {sink.count} mails sent")

    assert exit_code == 0, running.log
    assert stopped_after <= outbox.TIME_SLICE.total_seconds() + 5
    assert sink.count < 200  # it did not drain the outbox first
    assert not OutboxMessage.objects.filter(state=State.SENDING).exists()


@pytest.mark.usefixtures("publishing")
def test_postgresql_away_for_20_seconds_loses_nothing_and_repeats_at_most_one(
    redis_server, sink, record_property
):
    """The worker's database connection drops for 20 s in the middle of a batch (ISSUE 11,
    item 5): the batch stops, nothing is lost, at most the mail in flight goes out twice."""
    from django.db import connection

    need(connection.vendor == "postgresql", "the outage is cut between worker and PostgreSQL")
    settings_dict = connection.settings_dict
    proxy = services.CuttableProxy(
        str(settings_dict["HOST"] or "127.0.0.1"), int(settings_dict["PORT"] or 5432)
    )
    proxied = {**settings_dict, "HOST": "127.0.0.1", "PORT": str(proxy.port)}
    env = services.worker_environment(
        broker_url=redis_server.url,
        smtp_port=sink.port,
        database_url=services.database_url(proxied),
        MAIL_RETRY_BACKOFF_SECONDS="1",
        DB_CONN_MAX_AGE="60",
    )
    sink.delay = 0.05
    people = residents(200, "pgdown")
    try:
        with services.celery_worker(
            queue=QUEUE, env=env, node_name=services.unique_name("pgdown")
        ) as running:
            assert notify_all(people, "pgdown") == 200
            services.wait_until(lambda: sink.count >= 40, TIMEOUT, interval=0.01)
            proxy.cut()
            time.sleep(20)
            proxy.restore()
            received_during_outage = sink.count
            # Rows the broken batch could not release come back without a heartbeat.
            OutboxMessage.objects.filter(state=State.SENDING).update(
                claimed_at=timezone.now() - outbox.STUCK_AFTER - timedelta(seconds=1)
            )
            services.wait_until(settled, 60, interval=0.2, every=1.0, action=sweep_outbox.delay)
            assert running.process.poll() is None, running.log
    finally:
        proxy.close()

    rows = sent_rows()
    report = delivery_report(sink, rows)
    record_property("duplicates", len(report["duplicates"]))
    print(
        f"postgresql outage: {received_during_outage} received by the end of the outage, "
        f"{len(report['duplicates'])} duplicate(s)"
    )
    assert report["missing"] == []
    assert report["unexpected"] == []
    assert len(report["duplicates"]) <= 1, report["duplicates"]
