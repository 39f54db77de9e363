#!/usr/bin/env python
"""Measure the Beteiligungsbeirat's public pages with 10 years of meetings.

    .venv/bin/python benchmarks/board.py [--requests 200] [--warmup 20] [--reset]
        [--database-url postgres://postgres@127.0.0.1:5432/stadtdialog_bench_board]

1. migrate a dedicated PostgreSQL database (created if missing; the project's
   ``DATABASE_URL`` is not used) and seed the board ``benchmark-beirat``: 16 seats with
   holders and deputies (half without consent to publish), 10 years × 8 meetings, each
   with 8 agenda items (one non-public, one linking a guideline document), 2 public
   attachments and published minutes,
   plus one upcoming meeting. Rows are inserted in bulk; ``--reset`` recreates them.
2. count each page's SQL queries in-process with Django's test client, anonymous and
   signed in, after one warm-up request — once with only the newest meeting and once
   with all 10 years, to show that the counts stay flat;
3. p50/p95 of sequential anonymous requests against ``gunicorn config.wsgi -w 2`` with
   DEBUG off on 127.0.0.1.

Writes benchmarks/results/board.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
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
    summarise_ms,
)

RESULTS = ROOT / "benchmarks" / "results" / "board.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stadtdialog_bench_board"
SLUG = "benchmark-beirat"
YEARS = 10
PER_YEAR = 8
ITEMS = 8
USER_EMAIL = "bench-board@example.org"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page")
    parser.add_argument("--reset", action="store_true", help="recreate the benchmark board")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    if not 1 <= args.requests <= 10_000 or not 0 <= args.warmup <= 1_000:
        parser.error("--requests must be 1…10000 and --warmup 0…1000")

    load_before = [round(load, 2) for load in os.getloadavg()]
    ensure_database(args.database_url)
    production = production_environment(args.database_url)
    manage(production, "migrate", "--noinput", "-v", "0")
    manage(production, "collectstatic", "--noinput", "-v", "0")
    os.environ.update(production)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    started = time.perf_counter()
    board, created = seed(reset=args.reset)
    seed_seconds = round(time.perf_counter() - started, 2) if created else None
    pages = page_paths(board)
    queries: dict[str, dict[str, Any]] = {"ten_years": count_queries(pages)}
    with only_newest_meeting(board):
        queries["flat_check_newest_meeting_only"] = count_queries(pages)
    with gunicorn(production) as base_url:
        timings = {
            name: time_requests(base_url + path, args.requests, args.warmup)
            for name, path in pages.items()
        }

    result = {
        "measured_at": datetime.datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_1_5_15_min": {
            "before": load_before,
            "after": [round(load, 2) for load in os.getloadavg()],
        },
        "data": data_shape(board),
        "seed_seconds": seed_seconds,
        "method": {
            "server": f"gunicorn config.wsgi -w {WORKERS} (sync), DEBUG=0, PostgreSQL",
            "requests_per_page": args.requests,
            "warmup_per_page": args.warmup,
            "client": "urllib, sequential, anonymous, one connection per request",
            "queries": "Django test client + CaptureQueriesContext, after one warm-up request",
        },
        "pages": [
            {
                "page": name,
                "path": path,
                "queries_anonymous": queries["ten_years"][name]["anonymous"],
                "queries_signed_in": queries["ten_years"][name]["signed_in"],
                "queries_with_one_meeting": queries["flat_check_newest_meeting_only"][name],
                **timings[name],
            }
            for name, path in pages.items()
        ],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(markdown_table(result))
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


def seed(*, reset: bool) -> tuple[Any, bool]:
    """The benchmark board with 10 years of meetings; (board, whether it was created)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from guidelines.models import Document, Version
    from participation.markdown import render_markdown
    from participation.models import (
        AgendaItem,
        Attachment,
        Board,
        Meeting,
        Membership,
        Minutes,
        Seat,
        SeatType,
        User,
    )

    existing = Board.objects.filter(slug=SLUG).first()
    if existing is not None and not reset:
        print(f"Board {SLUG} already there.", flush=True)
        return existing, False
    with transaction.atomic():
        if existing is not None:
            existing.delete()
        if not User.objects.filter(email=USER_EMAIL).exists():
            User.objects.create_user(USER_EMAIL, None, display_name="Bench Beirat")
        board = Board.objects.create(
            name="Benchmark-Beirat",
            slug=SLUG,
            purpose="Der Beirat begleitet die **Leitlinien** der Bürgerbeteiligung.",
            rules_of_procedure="## § 1 Aufgaben\n\nDer Beirat berät.\n\n## § 2 Sitzungen\n\n"
            "Die Sitzungen sind öffentlich.",
        )
        kinds = [SeatType.RESIDENT] * 8 + [SeatType.ADMINISTRATION] * 3
        kinds += [SeatType.COORDINATION] + [SeatType.DELEGATE] * 4
        seats = Seat.objects.bulk_create(
            Seat(board=board, seat_type=kind, order=n) for n, kind in enumerate(kinds)
        )
        start = timezone.localdate() - datetime.timedelta(days=400)
        Membership.objects.bulk_create(
            Membership(
                seat=seat,
                name=f"{'Vertretung' if deputy else 'Mitglied'} {n}",
                role=Membership.Role.DEPUTY if deputy else Membership.Role.MEMBER,
                start=start,
                consent_to_publish=n % 2 == 0,
                consent_date=start if n % 2 == 0 else None,
            )
            for n, seat in enumerate(seats)
            for deputy in (False, True)
        )
        now = timezone.now()
        meetings = Meeting.objects.bulk_create(
            Meeting(
                board=board,
                number=n + 1,
                starts_at=now - datetime.timedelta(days=365 * YEARS - 45 * n),
                place="Rathaus, Sitzungssaal 1",
                accessibility_note="Stufenloser Zugang über den Seiteneingang.",
                state=Meeting.State.HELD,
            )
            for n in range(YEARS * PER_YEAR)
        )
        Meeting.objects.create(
            board=board,
            number=YEARS * PER_YEAR + 1,
            starts_at=now + datetime.timedelta(days=14),
            place="Rathaus",
        )
        document, new = Document.objects.get_or_create(slug=SLUG, defaults={"title": "Leitlinien"})
        if new:
            Version.objects.create(
                document=document, label="Entwurf", state=Version.State.CONSULTATION
            )
        document_type = ContentType.objects.get_for_model(Document)
        description = "Bericht mit **Vorlage** und [Link](https://example.org/)."
        items = AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                order=order,
                number=str(order),
                title=f"Tagesordnungspunkt {order}",
                description=description,
                description_html=render_markdown(description),
                is_public=order != ITEMS - 1,
                outcome="Der Beirat empfiehlt die Annahme." if order % 2 else "",
                votes_for=9 if order % 2 else None,
                votes_against=1 if order % 2 else None,
                abstentions=2 if order % 2 else None,
                content_type=document_type if order == 3 else None,
                object_id=document.pk if order == 3 else None,
            )
            for meeting in meetings
            for order in range(1, ITEMS + 1)
        )
        Attachment.objects.bulk_create(
            [
                Attachment(meeting=m, title="Einladung", file="beirat/bench/e.pdf", size=20_000)
                for m in meetings
            ]
            + [
                Attachment(agenda_item=i, title="Vorlage", file="beirat/bench/v.pdf", size=90_000)
                for i in items
                if i.order == 2
            ]
        )
        text = "## TOP 1\n\nDer Beirat nahm den Bericht zur Kenntnis.\n\n" * 10
        html = render_markdown(text)
        Minutes.objects.bulk_create(
            Minutes(
                meeting=meeting,
                text=text,
                text_html=html,
                state=Minutes.State.PUBLISHED,
                published_at=meeting.starts_at + datetime.timedelta(days=14),
            )
            for meeting in meetings
        )
    return board, True


def newest_past_meeting(board: Any) -> Any:
    from participation.models import Meeting

    return Meeting.objects.filter(board=board).past().first()


def page_paths(board: Any) -> dict[str, str]:
    from django.urls import reverse

    newest = newest_past_meeting(board)
    return {
        "board page": reverse("participation:board_detail", kwargs={"slug": SLUG}),
        "meeting list": reverse("participation:board_meetings_of", kwargs={"slug": SLUG}),
        "archive year": reverse(
            "participation:board_archive_of",
            kwargs={"slug": SLUG, "year": newest.starts_at.year},
        ),
        "meeting page": newest.get_absolute_url(),
        "minutes page": reverse("participation:board_minutes", kwargs={"pk": newest.pk}),
        "iCalendar feed": reverse("participation:board_calendar"),
        "Atom feed": reverse("participation:board_minutes_feed"),
    }


@contextmanager
def only_newest_meeting(board: Any) -> Iterator[None]:
    """Hide all past meetings but the newest, in a transaction rolled back afterwards."""
    from django.db import transaction

    from participation.models import Meeting

    with transaction.atomic():
        keep = newest_past_meeting(board).pk
        Meeting.objects.filter(board=board).past().exclude(pk=keep).update(is_public=False)
        yield
        transaction.set_rollback(True)


def count_queries(pages: dict[str, str]) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from participation.models import User

    anonymous = Client(SERVER_NAME=HOST)
    signed_in = Client(SERVER_NAME=HOST)
    signed_in.force_login(User.objects.get(email=USER_EMAIL))
    counts: dict[str, Any] = {}
    for name, path in pages.items():
        counts[name] = {}
        for viewer, client in (("anonymous", anonymous), ("signed_in", signed_in)):
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path}: HTTP {response.status_code}")
            counts[name][viewer] = len(queries.captured_queries)
    return counts


def time_requests(url: str, count: int, warmup: int) -> dict[str, Any]:
    timings = []
    for n in range(warmup + count):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as error:
            return {"error": f"HTTP {error.code} on request {n + 1}"}
        elapsed = (time.perf_counter() - started) * 1000
        if n >= warmup:
            timings.append(elapsed)
    return {"bytes": len(body), **summarise_ms(timings)}


def data_shape(board: Any) -> dict[str, Any]:
    from participation.models import AgendaItem, Attachment, Meeting, Membership, Minutes

    meetings = Meeting.objects.filter(board=board)
    return {
        "board": SLUG,
        "meetings": meetings.count(),
        "years": YEARS,
        "agenda_items": AgendaItem.objects.filter(meeting__board=board).count(),
        "attachments": Attachment.objects.filter(meeting__board=board).count()
        + Attachment.objects.filter(agenda_item__meeting__board=board).count(),
        "published_minutes": Minutes.objects.published().filter(meeting__board=board).count(),
        "memberships": Membership.objects.filter(seat__board=board).count(),
    }


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        "| page | queries anonymous / signed in | queries with 1 meeting (anon. / signed in) "
        "| p50 / p95 anonymous | req/s |",
        "|---|---|---|---|---|",
    ]
    for page in result["pages"]:
        one = page["queries_with_one_meeting"]
        timing = (
            page["error"] if "error" in page else f"{page['p50_ms']:.1f} / {page['p95_ms']:.1f} ms"
        )
        lines.append(
            f"| {page['page']} | {page['queries_anonymous']} / {page['queries_signed_in']} "
            f"| {one['anonymous']} / {one['signed_in']} | {timing} "
            f"| {page.get('requests_per_second', '-')} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
