#!/usr/bin/env python
"""Measure the notification outbox (QUALITY.md "Performance", ISSUE 5 item 10).

    .venv/bin/python benchmarks/notifications.py [--followers 10000] [--mails 2000]
        [--repeat 3] [--database-url postgres://postgres@127.0.0.1:5432/stadtdialog_bench_notify]

(a) ``notify()`` for all followers of one object (a guideline document; the board has no
    model yet) – the minutes event – inside one transaction, timed until after commit:
    reading the followers and their preferences and writing one outbox row each in bulk.
    Budget: 10,000 followers in ≤ 5 s.
(b) one Celery worker process (solo pool, ``--concurrency=1``) delivers the ``--mails``
    rows of the last run whose recipients chose "instant" to a local aiosmtpd sink (the
    others wait for the daily digest). Measured from publishing ``deliver_outbox`` to the
    last message the sink received. Budget: ≥ 50 mails/s.

Runs against a dedicated PostgreSQL database (created with ``createdb`` and migrated if
missing; the project's ``DATABASE_URL`` is not used, so no data lands in a working
database), a private ``redis-server`` on a free port as the broker, and DEBUG off.
Writes benchmarks/results/notifications.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import services  # noqa: E402  (after the path is set)

RESULTS = ROOT / "benchmarks" / "results" / "notifications.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stadtdialog_bench_notify"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
QUEUE = "celery"  # the private Redis has no other users
DOCUMENT_SLUG = "benchmark-notify"
EMAIL = "bench-{:05d}@example.org"
BUDGET_NOTIFY_SECONDS = 5.0
BUDGET_MAILS_PER_SECOND = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--mails", type=int, default=2_000, help="followers who chose instant")
    parser.add_argument("--repeat", type=int, default=3, help="timed notify() runs")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON file")
    args = parser.parse_args()
    if not 1 <= args.followers <= 100_000 or not 1 <= args.mails <= args.followers:
        parser.error("--followers must be 1…100000 and --mails 1…followers")
    if not 1 <= args.repeat <= 20:
        parser.error("--repeat must be 1…20")
    if services.redis_server_executable() is None:
        sys.exit("redis-server is not installed (the benchmark starts a private one).")

    load_at_start = os.getloadavg()[0]
    ensure_database(args.database_url)
    env = production_environment(args.database_url)
    manage(env, "migrate", "--noinput", "-v", "0")

    with services.RedisServer() as redis_server:
        env.update(REDIS_URL=redis_server.url, CELERY_BROKER_URL=redis_server.url)
        os.environ.update(env)
        import django

        django.setup()
        shape = seed(args.followers, args.mails)
        notify_result = time_notify(args.repeat, args.followers, args.mails)
        purge_queue(redis_server.url)
        worker_result = time_worker(redis_server, env, args.mails)

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(load_at_start),
        "data": shape,
        "notify": notify_result,
        "worker": worker_result,
    }
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    print(markdown_table(result))
    return 0 if notify_result["within_budget"] and worker_result["within_budget"] else 1


# --- Setup -------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it is missing (local servers only)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit(f"--database-url must point to PostgreSQL (got {parts.scheme}).")
    if parts.hostname not in LOCAL_HOSTS:
        sys.exit("The benchmark runs against a local PostgreSQL only (127.0.0.1).")
    command = ["createdb", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    command += ["-U", parts.username or "postgres", parts.path.strip("/")]
    env = {**os.environ, **({"PGPASSWORD": parts.password} if parts.password else {})}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    if done.returncode and "already exists" not in done.stderr:
        sys.exit(f"createdb failed: {done.stderr.strip()}")


def production_environment(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "ALLOW_CONSOLE_EMAIL": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "SMTP_HOST"):
        env.pop(name, None)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    print("$", " ".join(command[1:]), flush=True)
    done = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, timeout=600, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")


def seed(followers: int, instant: int) -> dict[str, Any]:
    """Followers of one document, the first ``instant`` of whom want minutes at once.

    Idempotent: what exists is kept, so a second run starts at once.
    """
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType

    from guidelines.models import Document
    from participation.models import Event, Follow, Frequency, NotificationPreference, User

    started = time.perf_counter()
    document, _ = Document.objects.get_or_create(
        slug=DOCUMENT_SLUG,
        defaults={"title": "Leitlinien für Bürgerbeteiligung (Benchmark)", "summary": ""},
    )
    password = make_password("benchmark-password-not-for-login")  # one hash for everyone
    User.objects.bulk_create(
        (
            User(
                email=EMAIL.format(i),
                display_name=f"Bench {i:05d}",
                password=password,
                language="en" if i % 5 == 0 else "de",
            )
            for i in range(1, followers + 1)
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    emails = [EMAIL.format(i) for i in range(1, followers + 1)]
    ids = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    content_type = ContentType.objects.get_for_model(document)
    # Exactly the wanted followers and instant subscribers, also after a run with others.
    Follow.objects.filter(content_type=content_type, object_id=document.pk).exclude(
        user_id__in=ids.values()
    ).delete()
    Follow.objects.bulk_create(
        (
            Follow(user_id=ids[email], content_type=content_type, object_id=document.pk)
            for email in emails
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    instant_ids = [ids[email] for email in emails[:instant]]
    NotificationPreference.objects.filter(event=Event.MINUTES).exclude(
        user_id__in=instant_ids
    ).delete()
    NotificationPreference.objects.bulk_create(
        (
            NotificationPreference(user_id=pk, event=Event.MINUTES, frequency=Frequency.INSTANT)
            for pk in instant_ids
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    print(
        f"seeded {followers} followers ({instant} instant) in {time.perf_counter() - started:.1f} s"
    )
    return {
        "followers": followers,
        "instant": instant,
        "daily": followers - instant,
        "target": f"guidelines.Document {document.slug}",
        "event": str(Event.MINUTES),
    }


# --- (a) notify() ------------------------------------------------------------------------


def time_notify(repeat: int, followers: int, instant: int) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from guidelines.models import Document
    from participation.models import Event, Frequency, OutboxMessage
    from participation.notifications import absolute_url, followers_of, notify

    document = Document.objects.get(slug=DOCUMENT_SLUG)
    context = {
        "title": "Sitzung des Beirats vom 12. März",
        "url": absolute_url(document.get_absolute_url()),
        "excerpt": "Der Beirat hat die Leitlinien beraten und Änderungen empfohlen.",
    }
    runs: list[float] = []
    queries: list[int] = []
    for run in range(1, repeat + 1):
        OutboxMessage.objects.filter(event=Event.MINUTES).delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE participation_outboxmessage")
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            with transaction.atomic():
                offered = notify(
                    event=Event.MINUTES,
                    recipients=followers_of(document),
                    key=f"bench-minutes-{run}",
                    context=context,
                )
            seconds = time.perf_counter() - started  # after commit and the on_commit publish
        written = OutboxMessage.objects.filter(event=Event.MINUTES).count()
        if offered != followers or written != followers:
            sys.exit(f"notify offered {offered} and wrote {written} rows, not {followers}")
        runs.append(seconds)
        queries.append(len(captured.captured_queries))
        print(f"notify run {run}: {followers} rows in {seconds:.2f} s, {queries[-1]} queries")
    by_frequency = dict(
        OutboxMessage.objects.filter(event=Event.MINUTES)
        .values_list("frequency")
        .annotate(n=Count("pk"))
    )
    if by_frequency.get(Frequency.INSTANT) != instant:
        sys.exit(f"expected {instant} instant rows, got {by_frequency}")
    median = statistics.median(runs)
    return {
        "followers": followers,
        "rows_written": followers,
        "rows_by_frequency": by_frequency,
        "runs_seconds": [round(s, 3) for s in runs],
        "median_seconds": round(median, 3),
        "rows_per_second": round(followers / median),
        "queries": max(queries),
        "budget_seconds": BUDGET_NOTIFY_SECONDS,
        "within_budget": median <= BUDGET_NOTIFY_SECONDS,
    }


def purge_queue(url: str) -> None:
    """Drop the deliver_outbox tasks the timed runs published (no worker was running)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()  # the private server of this run, nobody else's
    finally:
        client.close()


# --- (b) one worker ------------------------------------------------------------------------


def time_worker(
    redis_server: services.RedisServer, env: dict[str, str], mails: int
) -> dict[str, Any]:
    from django.db.models import Count

    from config.celery import app as celery_app
    from participation.models import Frequency, OutboxMessage
    from participation.tasks import deliver_outbox

    State = OutboxMessage.State
    due = OutboxMessage.objects.filter(frequency=Frequency.INSTANT, state=State.PENDING)
    if due.count() != mails:
        sys.exit(f"expected {mails} pending instant rows, found {due.count()}")
    timeout = max(60.0, mails / 10)  # far below the budget; never waits forever
    with services.SmtpSink() as sink:
        worker_env = services.worker_environment(
            broker_url=redis_server.url,
            smtp_port=sink.port,
            database_url=env["DATABASE_URL"],
            **{k: env[k] for k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")},
        )
        with services.celery_worker(
            queue=QUEUE,
            env=worker_env,
            node_name=services.unique_name("bench-notify"),
        ) as worker:
            with services.celery_publishing_to(celery_app, redis_server.url, QUEUE):
                started = time.monotonic()
                deliver_outbox.delay()
                services.wait_until(
                    lambda: sink.count >= mails or bool(worker.task_errors), timeout, interval=0.05
                )
            if sink.count < mails:
                sys.exit(f"only {sink.count} of {mails} mails in {timeout:.0f} s:\n{worker.log}")
            all_sent = services.wait_until(
                lambda: (
                    not OutboxMessage.objects.filter(
                        frequency=Frequency.INSTANT, state__in=[State.PENDING, State.SENDING]
                    ).exists()
                ),
                30,
            )
        received = sink.messages
    times = [m.received_at for m in received]
    total = times[-1] - started
    first_to_last = times[-1] - times[0]
    states = dict(
        OutboxMessage.objects.filter(frequency=Frequency.INSTANT)
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    duplicates = sum(n - 1 for n in sink.message_id_counts().values() if n > 1)
    if not all_sent or states != {State.SENT: mails} or duplicates:
        sys.exit(f"delivery incomplete: states {states}, {duplicates} duplicates")
    rate = mails / total
    return {
        "mails": mails,
        "pool": "solo, --concurrency=1 (one process)",
        "batch_size": 100,
        "seconds_publish_to_last_mail": round(total, 2),
        "seconds_first_to_last_mail": round(first_to_last, 2),
        "mails_per_second": round(rate, 1),
        "ms_per_mail": round(1000 * total / mails, 2),
        "budget_mails_per_second": BUDGET_MAILS_PER_SECOND,
        "within_budget": rate >= BUDGET_MAILS_PER_SECOND,
    }


# --- Report ------------------------------------------------------------------------------


def machine(load_at_start: float) -> dict[str, Any]:
    import django
    import psycopg
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "psycopg": psycopg.__version__,
        "platform": platform.platform(),
        # Other processes compete for the cores: compare runs at a similar load only.
        "load_average_1min_at_start": round(load_at_start, 2),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }


def markdown_table(result: dict[str, Any]) -> str:
    notify, worker = result["notify"], result["worker"]

    def verdict(ok: bool) -> str:
        return "✓" if ok else "✗ over budget"

    rows = [
        "| job | data | measured | budget | |",
        "|---|---|---|---|---|",
        f"| `notify()` writes the outbox rows | {notify['followers']:,} followers "
        f"({result['data']['instant']:,} instant) | {notify['median_seconds']:.2f} s median of "
        f"{len(notify['runs_seconds'])} ({notify['queries']} queries) | ≤ "
        f"{notify['budget_seconds']:.0f} s | {verdict(notify['within_budget'])} |",
        f"| one worker → local SMTP sink | {worker['mails']:,} mails | "
        f"{worker['mails_per_second']:.0f} mails/s ({worker['ms_per_mail']:.1f} ms each) | ≥ "
        f"{worker['budget_mails_per_second']:.0f} mails/s | {verdict(worker['within_budget'])} |",
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
