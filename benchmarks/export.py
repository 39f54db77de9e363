#!/usr/bin/env python
"""Measure the comment exports (QUALITY.md "Performance": 10,000 comments, ≤ 5 queries,
streamed, flat memory, ≤ 2 s).

    .venv/bin/python benchmarks/export.py [--comments 10000] [--repeat 5] [--no-seed]

1. ``createdb`` (if missing) and ``migrate`` a dedicated PostgreSQL database
   (``DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/stadtdialog_bench_export``),
   then ``seed_benchmark --comments 10000 --reset`` and a copy with three times the
   comments (slug ``benchmark-export-large``), to show that queries and CSV memory stay
   flat as comments grow; every second comment gets a response and the responses are
   published, so that the public export carries them too;
2. in-process with Django's test client and DEBUG off, for each export (public and
   internal, CSV and XLSX): the SQL queries of the whole request (session, user and
   permission lookups included), the peak of Python memory while the response is made
   and read to its end (``tracemalloc``), and the time to the last byte (median of
   ``--repeat`` runs after a warm-up);
3. the same exports through ``gunicorn config.wsgi -w 2`` on 127.0.0.1: time to the first
   and to the last byte over HTTP (median of ``--repeat``).

Writes benchmarks/results/export.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    HOST,
    ROOT,
    WORKERS,
    ensure_database,
    gunicorn,
    machine,
    manage,
    production_environment,
)

RESULTS = ROOT / "benchmarks" / "results" / "export.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stadtdialog_bench_export"
SLUG = "benchmark"
LARGE_SLUG = "benchmark-export-large"
LARGE_FACTOR = 3
STAFF_EMAIL = "bench-export-redaktion@example.org"
EXPORTS = [
    # (name, URL name, who asks)
    ("public CSV", "guidelines:export_csv", "anonymous"),
    ("internal CSV", "guidelines:export_internal_csv", "editor"),
    ("public XLSX", "guidelines:export_xlsx", "anonymous"),
    ("internal XLSX", "guidelines:export_internal_xlsx", "editor"),
]
BUDGET_SECONDS = 2.0
BUDGET_QUERIES = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per export")
    parser.add_argument("--no-seed", action="store_true", help="skip migrate and seed")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON file")
    args = parser.parse_args()
    if not 100 <= args.comments <= 200_000 or not 1 <= args.repeat <= 50:
        parser.error("--comments must be 100…200000 and --repeat 1…50")

    load_before = [round(load, 2) for load in os.getloadavg()]
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    env = production_environment(database_url)
    large = args.comments * LARGE_FACTOR
    if not args.no_seed:
        ensure_database(database_url)
        # seed_benchmark makes accounts with a published password and wants DEBUG on.
        seeding = {**env, "DEBUG": "1"}
        manage(seeding, "migrate", "--noinput", "-v", "0")
        manage(seeding, "seed_benchmark", "--comments", str(args.comments), "--reset")
        manage(
            seeding,
            "seed_benchmark",
            *("--slug", LARGE_SLUG, "--comments", str(large), "--supports", str(large // 2)),
            "--reset",
        )

    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    datasets = {slug: prepare(slug) for slug in (SLUG, LARGE_SLUG)}
    session = staff_session()
    in_process = []
    for slug, version in datasets.items():
        for name, url_name, who in EXPORTS:
            path = export_path(url_name, version)
            cookie = session if who == "editor" else None
            result = {"export": name, "document": slug, "comments": comment_count(version)}
            result |= measure_in_process(path, cookie, args.repeat)
            in_process.append(result)
            print(f"in-process {name:14} {slug:24} {summary(result)}", flush=True)

    over_http = []
    with gunicorn(env) as base_url:
        version = datasets[SLUG]
        for name, url_name, who in EXPORTS:
            path = export_path(url_name, version)
            cookie = session if who == "editor" else None
            result = {"export": name, "document": SLUG, "comments": comment_count(version)}
            result |= time_over_http(base_url + path, cookie, args.repeat)
            over_http.append(result)
            print(f"gunicorn   {name:14} {result}", flush=True)

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_1_5_15_min": {
            "before": load_before,
            "after": [round(load, 2) for load in os.getloadavg()],
        },
        "budget": {"queries": BUDGET_QUERIES, "seconds": BUDGET_SECONDS},
        "method": {
            "in_process": "Django test client, DEBUG=0; queries with CaptureQueriesContext, "
            "peak Python memory with tracemalloc (separate run), time to the last byte "
            f"as the median of {args.repeat} runs after one warm-up",
            "over_http": f"gunicorn config.wsgi -w {WORKERS} (sync), DEBUG=0, urllib, "
            f"median of {args.repeat} runs after one warm-up",
            "internal exports": "as a Redaktion member; the request's queries include the "
            "session, the user and ModelBackend's two permission lookups",
        },
        "in_process": in_process,
        "over_http": over_http,
    }
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print()
    print(markdown_table(result))
    if not args.no_write:
        print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


def prepare(slug: str) -> Any:
    """Close the consultation, answer every second comment and publish the responses."""
    from django.db import transaction
    from django.utils import timezone

    from guidelines.models import Comment, Disposition, Response, Version

    version = Version.objects.select_related("document").get(document__slug=slug)
    dispositions = Disposition.values
    with transaction.atomic():
        Response.objects.filter(comment__paragraph__version=version).delete()
        comments = Comment.objects.filter(paragraph__version=version).order_by("pk")
        Response.objects.bulk_create(
            (
                Response(
                    comment_id=pk,
                    disposition=dispositions[n % len(dispositions)],
                    reasoning="Die Anregung haben wir **geprüft**; siehe die beschlossene "
                    "Fassung, Absatz 3.",
                    reasoning_html="<p>Die Anregung haben wir <strong>geprüft</strong>; siehe "
                    "die beschlossene Fassung, Absatz 3.</p>",
                    answered_by="Stadtverwaltung, Referat Bürgerbeteiligung",
                )
                for n, pk in enumerate(comments.values_list("pk", flat=True)[::2])
            ),
            batch_size=2000,
        )
        version.state = Version.State.CLOSED
        version.responses_published_at = timezone.now() - timedelta(hours=1)
        version.save(update_fields=["state", "responses_published_at"])
    return version


def staff_session() -> str:
    """A signed-in Redaktion member's session key (the group has guidelines.view_comment)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from participation import roles
    from participation.models import User

    user, _created = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"display_name": "Redaktion (Benchmark)", "is_staff": True}
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=roles.EDITORIAL))
    assert user.has_perm("guidelines.view_comment")
    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


def export_path(url_name: str, version: Any) -> str:
    from django.urls import reverse

    return reverse(url_name, kwargs={"slug": version.document.slug, "pk": version.pk})


def comment_count(version: Any) -> int:
    from guidelines.models import Comment

    return Comment.objects.filter(paragraph__version=version).count()


def client_for(session: str | None) -> Any:
    from django.test import Client

    client = Client(SERVER_NAME=HOST)
    if session:
        client.cookies["sessionid"] = session
    return client


def fetch(client: Any, path: str) -> tuple[int, int]:
    """Send the request and read the answer to its end: (status, bytes)."""
    response = client.get(path)
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    response.close()
    return response.status_code, size


def measure_in_process(path: str, session: str | None, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(session)
    status, size = fetch(client, path)  # warm-up: translations, connection, caches
    if status != 200:
        sys.exit(f"{path}: HTTP {status}")
    with CaptureQueriesContext(connection) as captured:
        fetch(client, path)
    # Read now: the log is the connection's, and later requests may reset it.
    queries = [query["sql"] for query in captured.captured_queries]
    tracemalloc.start()
    try:
        fetch(client, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fetch(client, path)
        timings.append(time.perf_counter() - started)
    return {
        "queries": len(queries),
        "query_list": [sql[:160] for sql in queries],
        "bytes": size,
        "peak_python_memory_mib": round(peak / 2**20, 2),
        "seconds_median": round(statistics.median(timings), 3),
        "seconds_min": round(min(timings), 3),
        "seconds_max": round(max(timings), 3),
    }


def time_over_http(url: str, session: str | None, repeat: int) -> dict[str, Any]:
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    first_bytes, last_bytes, size = [], [], 0
    for n in range(repeat + 1):
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            first = response.read(1)
            first_at = time.perf_counter()
            size = len(first) + len(response.read())
            if response.status != 200:
                sys.exit(f"{url}: HTTP {response.status}")
        if n:  # the first run warms the worker up
            first_bytes.append(first_at - started)
            last_bytes.append(time.perf_counter() - started)
    return {
        "bytes": size,
        "first_byte_seconds_median": round(statistics.median(first_bytes), 3),
        "last_byte_seconds_median": round(statistics.median(last_bytes), 3),
        "last_byte_seconds_max": round(max(last_bytes), 3),
    }


def summary(result: dict[str, Any]) -> str:
    return (
        f"{result['queries']} queries, {result['seconds_median']} s, "
        f"{result['peak_python_memory_mib']} MiB peak, {result['bytes']:,} bytes"
    )


def markdown_table(result: dict[str, Any]) -> str:
    http = {row["export"]: row for row in result["over_http"]}
    lines = [
        "| export | comments | queries | peak Python memory | in-process, last byte "
        "| gunicorn, first / last byte | size |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["in_process"]:
        over_http = http.get(row["export"]) if row["document"] == SLUG else None
        timing = (
            f"{over_http['first_byte_seconds_median']} s / "
            f"{over_http['last_byte_seconds_median']} s"
            if over_http
            else "–"
        )
        lines.append(
            f"| {row['export']} | {row['comments']:,} | {row['queries']} "
            f"| {row['peak_python_memory_mib']} MiB | {row['seconds_median']} s | {timing} "
            f"| {row['bytes'] / 2**20:.1f} MiB |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
