#!/usr/bin/env python
"""Measure the public Vorhabenliste (QUALITY.md "Performance": 1,000 entries filtered +
searched ≤ 10 queries and p50 ≤ 40 ms; entry page ≤ 10 queries whatever its history;
open data of 10,000 entries ≤ 1 s).

    .venv/bin/python benchmarks/projects.py [--requests 200] [--warmup 20] [--repeat 5]

1. ``createdb`` (if missing) and ``migrate`` a dedicated PostgreSQL database
   (``DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/stadtdialog_bench_projects``);
   the script then replaces every Vorhabenliste row in it with its own data, in bulk:
   1,000 public entries (and 50 drafts) over 10 districts, 8 topics and 12 departments,
   two editions, the German full-text vectors filled by one UPDATE, and one entry with a
   long history (200 changes, 30 milestones, 10 council decisions, 2 Anregungen);
2. in-process with Django's test client: the SQL queries of each page, for an anonymous
   reader and a signed-in resident, after one warm-up request;
3. through ``gunicorn config.wsgi -w 2`` with DEBUG off on 127.0.0.1: p50/p95 of each page
   over sequential requests after a warm-up;
4. then 9,000 more entries (10,000 in all) and the three open-data downloads: queries
   in-process, and the time to the last byte over HTTP (median of ``--repeat``), and the
   list once more at 10,000 entries, to show the query count stays flat.

Writes benchmarks/results/projects.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HOST, ROOT, WORKERS, ensure_database, gunicorn, machine, manage, summarise_ms
from common import production_environment as production_env

RESULTS = ROOT / "benchmarks" / "results" / "projects.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stadtdialog_bench_projects"
LIST_ENTRIES = 1_000
EXPORT_ENTRIES = 10_000
DRAFTS = 50
HISTORY = {"changes": 200, "milestones": 30, "decisions": 10}
LONG_SLUG = "bench-lange-geschichte"
RESIDENT_EMAIL = "bench-projects-resident@example.org"
FILTERED = {"q": "Schulen", "district": "bezirk-2", "sort": "updated"}
KINDS = (
    "Sanierung der Schule", "Fahrradstraße", "Spielplatz", "Klimaschutzkonzept",
    "Lärmaktionsplan", "Grünflächenkonzept", "Umgestaltung der Hauptstraße", "Bürgerhaus",
    "Neubau der Kita", "Radweg", "Quartiersplatz", "Sporthalle",
)  # fmt: skip
STATUSES = ("idea", "planning", "decided", "implementation", "completed", "deferred")
LEVELS = ("information", "consultation", "collaboration", "codecision", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per download")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON file")
    args = parser.parse_args()
    if not 1 <= args.requests <= 10_000 or not 0 <= args.warmup <= 1_000:
        parser.error("--requests must be 1…10000 and --warmup 0…1000")
    if not 1 <= args.repeat <= 50:
        parser.error("--repeat must be 1…50")

    load_before = [round(load, 2) for load in os.getloadavg()]
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    env = production_env(database_url)
    ensure_database(database_url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    started = time.perf_counter()
    seed(LIST_ENTRIES)
    seed_seconds = round(time.perf_counter() - started, 2)
    session = resident_session()
    pages = page_paths()
    results: dict[str, Any] = {"pages": [], "downloads": []}
    with gunicorn(env) as base_url:
        for name, path in pages:
            row: dict[str, Any] = {"page": name, "path": path, "entries": LIST_ENTRIES}
            # The print version renders every entry: fewer requests keep the run short.
            heavy = "druck" in path
            requests = max(5, args.requests // 10) if heavy else args.requests
            warmup = min(args.warmup, 3) if heavy else args.warmup
            for viewer in ("anonymous", "resident"):
                cookie = session if viewer == "resident" else None
                row[viewer] = {"queries": count_queries(path, cookie)}
                row[viewer] |= time_requests(base_url + path, cookie, requests, warmup)
            results["pages"].append(row)
            print(f"{name:48} {summary(row)}", flush=True)

        seed(EXPORT_ENTRIES - LIST_ENTRIES, first=LIST_ENTRIES)
        for name, path in pages[:2]:
            row = {"page": f"{name}, 10,000 entries", "path": path, "entries": EXPORT_ENTRIES}
            row["anonymous"] = {"queries": count_queries(path, None)}
            row["anonymous"] |= time_requests(base_url + path, None, args.requests, args.warmup)
            results["pages"].append(row)
            print(f"{row['page']:48} {summary(row)}", flush=True)
        for name, url_name in (
            ("CSV", "projects:export_csv"),
            ("JSON", "projects:export_json"),
            ("GeoJSON", "projects:export_geojson"),
        ):
            row = measure_download(base_url, name, url_name, args.repeat)
            results["downloads"].append(row)
            print(f"{name:8} {row}", flush=True)

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_1_5_15_min": {
            "before": load_before,
            "after": [round(load, 2) for load in os.getloadavg()],
        },
        "seed_seconds_1000": seed_seconds,
        "data": data_shape(),
        "method": {
            "server": f"gunicorn config.wsgi -w {WORKERS} (sync), DEBUG=0",
            "requests_per_page": args.requests,
            "warmup_per_page": args.warmup,
            "download_runs": args.repeat,
            "client": "urllib, sequential, one connection per request",
            "queries": "Django test client + CaptureQueriesContext, after one warm-up request",
        },
        **results,
    }
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    print(markdown_table(result))
    return 0


def seed(count: int, *, first: int = 0) -> None:
    """Insert ``count`` public entries (and drafts on the first call) in bulk."""
    from django.contrib.postgres.search import SearchVector
    from django.db import connection, transaction

    from projects.models import (
        CouncilDecision,
        Department,
        District,
        Edition,
        Milestone,
        Project,
        Topic,
    )

    with transaction.atomic():
        if first == 0:
            # A dedicated database: start from empty Vorhabenliste tables (and what
            # references them), fast and without per-row history.
            tables = [m._meta.db_table for m in (Project, Edition, Department, District, Topic)]
            tables.append(Project.history.model._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            District.objects.bulk_create(
                District(name=f"Bezirk {n}", slug=f"bezirk-{n}", position=n) for n in range(1, 11)
            )
            Topic.objects.bulk_create(
                Topic(name=f"Thema {n}", slug=f"thema-{n}", position=n) for n in range(1, 9)
            )
            Department.objects.bulk_create(
                Department(name=f"Amt {n}", slug=f"amt-{n}", email=f"amt-{n}@stadt.example")
                for n in range(1, 13)
            )
            today = date.today()
            Edition.objects.bulk_create(
                [
                    Edition(number="2026/1", published_on=today - timedelta(days=200)),
                    Edition(number="2026/2", published_on=today - timedelta(days=20)),
                ]
            )
        districts = list(District.objects.order_by("position"))
        topics = list(Topic.objects.order_by("position"))
        departments = list(Department.objects.order_by("name"))
        editions = list(Edition.objects.order_by("published_on"))
        total = count + (DRAFTS if first == 0 else 0)
        projects = Project.objects.bulk_create(
            (entry(first + n, departments, editions, published=n < count) for n in range(total)),
            batch_size=1000,
        )
        through_d = Project.districts.through
        through_t = Project.topics.through
        through_d.objects.bulk_create(
            (through_d(project=p, district=districts[p.pk % 10]) for p in projects),
            batch_size=2000,
        )
        through_t.objects.bulk_create(
            (through_t(project=p, topic=topics[p.pk % 8]) for p in projects), batch_size=2000
        )
        through_t.objects.bulk_create(
            (through_t(project=p, topic=topics[(p.pk + 3) % 8]) for p in projects[::3]),
            batch_size=2000,
        )
        Milestone.objects.bulk_create(
            (Milestone(project=p, date=date(2027, 3, 1), title="Baubeginn") for p in projects),
            batch_size=2000,
        )
        CouncilDecision.objects.bulk_create(
            (
                CouncilDecision(project=p, body="Gemeinderat", date=date(2026, 5, 1))
                for p in projects[::2]
            ),
            batch_size=2000,
        )

        # The model fills the vector on save(); in bulk, one UPDATE does the same.
        Project.objects.filter(search_vector__isnull=True).update(
            search_vector=SearchVector("title", weight="A", config="german")
            + SearchVector("summary", weight="B", config="german")
            + SearchVector("goal", "next_steps", weight="C", config="german")
        )
        if first == 0:
            long_history(departments[0], districts, topics)


def entry(n: int, departments: list[Any], editions: list[Any], *, published: bool) -> Any:
    from projects.models import Project

    kind = KINDS[n % len(KINDS)]
    title = f"{kind} {n + 1}"
    summary = f"{kind} im Bezirk {n % 10 + 1}: Planung, Bau und Beteiligung der Anwohnenden."
    located = n % 3 == 0
    return Project(
        title=title if published else f"Entwurf {title}",
        slug=f"vorhaben-{n + 1}" if published else f"entwurf-{n + 1}",
        summary=summary,
        summary_html=f"<p>{summary}</p>",
        goal="Mehr Lebensqualität im Quartier.",
        goal_html="<p>Mehr Lebensqualität im Quartier.</p>",
        department=departments[n % len(departments)],
        status=STATUSES[n % len(STATUSES)],
        start=date(2026, 1 + n % 12, 1),
        end=date(2028, 1 + n % 12, 1),
        next_steps="Vorstellung im Ortsbeirat",
        estimated_cost=Decimal(100_000 + 1_000 * (n % 500)),
        financing="Haushalt und Landesförderung",
        participation_planned="planned" if n % 5 else "not_planned",
        participation_reason="" if n % 5 else "Reine Instandhaltung.",
        participation_level=LEVELS[n % len(LEVELS)],
        contact="Bürgerbüro, buergerbuero@stadt.example",
        latitude=Decimal("49.4") + Decimal(n % 100) / 1000 if located else None,
        longitude=Decimal("7.7") + Decimal(n % 100) / 1000 if located else None,
        first_edition=editions[n % 2],
        published=published,
    )


def long_history(department: Any, districts: list[Any], topics: list[Any]) -> None:
    from projects.models import (
        CouncilDecision,
        Milestone,
        ParticipationRequest,
        Project,
        ProjectChange,
        RequestState,
    )

    project = Project(
        title="Vorhaben mit langer Geschichte",
        slug=LONG_SLUG,
        summary="Ein Vorhaben mit vielen Änderungen.",
        department=department,
        published=True,
    )
    project.save()
    project.districts.set(districts[:3])
    project.topics.set(topics[:3])
    ProjectChange.objects.bulk_create(
        ProjectChange(
            project=project,
            group=("status", "schedule", "cost", "participation")[n % 4],
            old_value=f"Stand {n}",
            new_value=f"Stand {n + 1}",
            reason=f"Begründung der Änderung {n + 1}.",
        )
        for n in range(HISTORY["changes"])
    )
    Milestone.objects.bulk_create(
        Milestone(project=project, date=date(2026, 1, 1) + timedelta(days=20 * n), title=f"M{n}")
        for n in range(HISTORY["milestones"])
    )
    CouncilDecision.objects.bulk_create(
        CouncilDecision(project=project, body="Gemeinderat", date=date(2025, 1, 1 + n))
        for n in range(HISTORY["decisions"])
    )
    ParticipationRequest.objects.bulk_create(
        [
            ParticipationRequest(
                project=project, reason="Erste Anregung.", state=RequestState.CLOSED
            ),
            ParticipationRequest(project=project, reason="Zweite Anregung.", supporter_count=40),
        ]
    )


def resident_session() -> str:
    from allauth.account.models import EmailAddress
    from django.test import Client

    from participation.models import User

    user = User.objects.filter(email=RESIDENT_EMAIL).first()
    if user is None:
        user = User.objects.create_user(RESIDENT_EMAIL, None, display_name="Bench")
        EmailAddress.objects.create(user=user, email=RESIDENT_EMAIL, verified=True, primary=True)
    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


def page_paths() -> list[tuple[str, str]]:
    from django.urls import reverse

    listing = reverse("projects:project_list")
    return [
        ("list, filtered + searched", f"{listing}?{urlencode(FILTERED)}"),
        ("list, unfiltered, page 1", listing),
        ("list, cards, page 20", f"{listing}?view=cards&page=20"),
        (
            "entry page, 200 changes, 30 milestones",
            reverse("projects:project_detail", kwargs={"slug": LONG_SLUG}),
        ),
        ("print version (all entries)", reverse("projects:project_print")),
    ]


def count_queries(path: str, session: str | None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME=HOST)
    if session:
        client.cookies["sessionid"] = session
    read(client.get(path))  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        read(response)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries.captured_queries)


def read(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def time_requests(url: str, session: str | None, count: int, warmup: int) -> dict[str, Any]:
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    timings = []
    for n in range(warmup + count):
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()
        if n >= warmup:
            timings.append((time.perf_counter() - started) * 1000)
    return summarise_ms(timings)


def measure_download(base_url: str, name: str, url_name: str, repeat: int) -> dict[str, Any]:
    from django.urls import reverse

    path = reverse(url_name)
    queries = count_queries(path, None)
    first_byte, last_byte, size = [], [], 0
    for n in range(repeat + 1):
        started = time.perf_counter()
        with urllib.request.urlopen(base_url + path, timeout=120) as response:  # noqa: S310
            response.read(1)
            first = time.perf_counter() - started
            size = 1 + len(response.read())
        if n:  # the first run warms up
            first_byte.append(first)
            last_byte.append(time.perf_counter() - started)
    return {
        "download": name,
        "path": path,
        "entries": EXPORT_ENTRIES,
        "queries": queries,
        "bytes": size,
        "first_byte_s": round(statistics.median(first_byte), 3),
        "last_byte_s": round(statistics.median(last_byte), 3),
    }


def data_shape() -> dict[str, Any]:
    from projects.models import Project, ProjectChange

    return {
        "public_entries": Project.objects.public().count(),
        "drafts": Project.objects.filter(published=False).count(),
        "with_location": Project.objects.public().filter(latitude__isnull=False).count(),
        "long_history_changes": ProjectChange.objects.filter(project__slug=LONG_SLUG).count(),
    }


def summary(row: dict[str, Any]) -> str:
    parts = []
    for viewer in ("anonymous", "resident"):
        if viewer in row:
            m = row[viewer]
            parts.append(f"{viewer}: {m['queries']} q, p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms")
    return "; ".join(parts)


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        "| page | entries | queries anonymous / resident "
        "| p50 / p95 anonymous | p50 / p95 resident |",
        "|---|---|---|---|---|",
    ]
    for row in result["pages"]:
        anonymous, resident = row["anonymous"], row.get("resident")
        queries = f"{anonymous['queries']} / {resident['queries'] if resident else '-'}"
        timing = f"{anonymous['p50_ms']:.0f} / {anonymous['p95_ms']:.0f} ms"
        timing_resident = (
            f"{resident['p50_ms']:.0f} / {resident['p95_ms']:.0f} ms" if resident else "-"
        )
        lines.append(
            f"| {row['page']} | {row['entries']:,} | {queries} | {timing} | {timing_resident} |"
        )
    lines += ["", "| download | entries | queries | bytes | first byte | last byte |"]
    lines.append("|---|---|---|---|---|---|")
    for row in result["downloads"]:
        lines.append(
            f"| {row['download']} | {row['entries']:,} | {row['queries']} | {row['bytes']:,} "
            f"| {row['first_byte_s']:.3f} s | {row['last_byte_s']:.3f} s |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
