#!/usr/bin/env python
"""Measure the guideline pages through gunicorn on PostgreSQL (QUALITY.md, "Performance").

    .venv/bin/python benchmarks/measure.py [--requests 200] [--warmup 20] [--reset]

1. migrate + ``seed_benchmark`` against ``DATABASE_URL`` (default: a local
   ``stadtdialog_bench`` database, created if missing), plus a small copy of the document
   to show that query counts stay flat as comments grow; ``collectstatic``;
2. the SQL queries of each page, in-process with Django's test client, for an anonymous
   reader and a signed-in resident;
3. p50/p95 latency of each page over sequential requests (after a warm-up) against
   ``gunicorn config.wsgi -w 2`` with DEBUG off, on 127.0.0.1 only.

Writes benchmarks/results/latest.json and prints a Markdown table. Pages whose URL does not
resolve yet are skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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

RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stadtdialog_bench"
SMALL_SLUG = "benchmark-small"
SMALL = ["--comments", "100", "--supports", "250", "--thread", "20"]
POSTED_TEXT = "Benchmark: ein Kommentar, gleich wieder entfernt."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page")
    parser.add_argument("--reset", action="store_true", help="recreate the benchmark data")
    parser.add_argument("--no-seed", action="store_true", help="skip migrate and seed")
    args = parser.parse_args()
    if not 1 <= args.requests <= 10_000 or not 0 <= args.warmup <= 1_000:
        parser.error("--requests must be 1…10000 and --warmup 0…1000")

    # Other work on the machine skews latencies; the load average shows whether it was quiet.
    load_before = [round(load, 2) for load in os.getloadavg()]
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    production = production_environment(database_url)

    seed_seconds = None
    if not args.no_seed:
        ensure_database(database_url)
        # seed_benchmark creates accounts with a known password and so wants DEBUG on.
        seeding = {**production, "DEBUG": "1"}
        manage(seeding, "migrate", "--noinput", "-v", "0")
        started = time.perf_counter()
        output = manage(seeding, "seed_benchmark", *(["--reset"] if args.reset else []))
        if "already there" not in output:
            seed_seconds = round(time.perf_counter() - started, 2)
        manage(seeding, "seed_benchmark", "--slug", SMALL_SLUG, *SMALL)
    manage(production, "collectstatic", "--noinput", "-v", "0")

    os.environ.update(production)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    pages = wanted_pages()
    try:
        session = count_queries(pages)
        with gunicorn(production) as base_url:
            for page in pages:
                if page.skipped or not page.timed:
                    continue
                viewers = ["resident"] if page.post else ["anonymous", "resident"]
                for viewer in viewers:
                    page.result[viewer].update(
                        time_requests(
                            base_url + page.path,
                            session if viewer == "resident" else None,
                            page,
                            args.requests,
                            args.warmup,
                        )
                    )
    finally:
        removed = remove_posted_comments()
        print(f"Removed the {removed} comments posted by the benchmark.", flush=True)

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_1_5_15_min": {
            "before": load_before,
            "after": [round(load, 2) for load in os.getloadavg()],
        },
        "data": data_shape(),
        "seed_seconds": seed_seconds,
        # Every accepted POST must have stored its comment: 2 in-process + warm-up + timed.
        "posted_comments_stored": removed,
        "method": {
            "server": f"gunicorn config.wsgi -w {WORKERS} (sync), DEBUG=0",
            "requests_per_page": args.requests,
            "warmup_per_page": args.warmup,
            "client": "urllib, sequential, one connection per request",
            "queries": "Django test client + CaptureQueriesContext, after one warm-up request",
        },
        "pages": [
            {
                "page": p.name,
                "url_name": p.url_name,
                "path": p.path,
                "method": "POST" if p.post else "GET",
            }
            | ({"skipped": p.skipped} if p.skipped else p.result)
            for p in pages
        ],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(markdown_table(result))
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


@dataclass
class Page:
    name: str
    url_name: str
    kwargs: dict[str, Any]
    timed: bool = True  # through gunicorn; otherwise only its queries are counted
    post: dict[str, str] | None = None  # form data for a POST
    expect: int = 200
    path: str = ""
    skipped: str = ""
    result: dict[str, Any] = field(default_factory=dict)


def wanted_pages() -> list[Page]:
    from guidelines.management.commands.seed_benchmark import SLUG, THREAD_KEY
    from guidelines.models import Paragraph, Version

    version = Version.objects.get(document__slug=SLUG)
    last = Paragraph.objects.filter(version=version).order_by("order").last()
    on_version = {"slug": SLUG, "pk": version.pk}
    pages = [
        Page("document list", "guidelines:document_list", {}),
        Page("version page (40 paragraphs, 2,000 comments)", "guidelines:version", on_version),
        Page(
            "paragraph thread (200 comments)",
            "guidelines:paragraph",
            {**on_version, "key": THREAD_KEY},
        ),
    ]
    small = Version.objects.filter(document__slug=SMALL_SLUG).first()
    if small is not None:
        # Not timed: it shows that the query count does not grow with the comments.
        on_small = {"slug": SMALL_SLUG, "pk": small.pk}
        pages.append(
            Page("version page, small copy (100 comments)", "guidelines:version", on_small, False)
        )
    if last is not None:
        # Last, so that its success message does not show up on the other pages; on the last
        # paragraph, so that the thread keeps its 200. The comments are removed afterwards.
        pages.append(
            Page(
                "post a comment",
                "guidelines:comment",
                {**on_version, "key": last.key},
                post={"text": POSTED_TEXT},
                expect=302,
            )
        )
    return pages


def count_queries(pages: list[Page]) -> str:
    """Count each page's queries for both viewers; returns the resident's session key."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from guidelines.management.commands.seed_benchmark import USER_EMAIL
    from participation.models import User

    anonymous = Client(SERVER_NAME=HOST)
    resident = Client(SERVER_NAME=HOST)
    resident.force_login(User.objects.get(email=USER_EMAIL.format(1)))
    for page in pages:
        try:
            page.path = reverse(page.url_name, kwargs=page.kwargs)
        except NoReverseMatch as error:
            page.skipped = f"URL {page.url_name} does not resolve yet ({error})"
            print(f"Skipping {page.name}: {page.skipped}", file=sys.stderr)
            continue
        viewers = [("resident", resident)] if page.post else [("anonymous", anonymous)]
        if not page.post:
            viewers.append(("resident", resident))
        for viewer, client in viewers:
            try:
                send(client, page)  # warm-up: per-process caches, translations
                with CaptureQueriesContext(connection) as queries:
                    response = send(client, page)
            except Exception as error:  # a view still being written must not stop the run
                page.skipped = f"{type(error).__name__}: {error}"
                print(f"Skipping {page.name}: {page.skipped}", file=sys.stderr)
                break
            if response.status_code != page.expect:
                page.skipped = f"status {response.status_code} for the {viewer}"
                print(f"Skipping {page.name}: {page.skipped}", file=sys.stderr)
                break
            page.result[viewer] = {
                "queries": len(queries.captured_queries),
                "bytes": len(response.content),
            }
    return str(resident.cookies["sessionid"].value)


def send(client: Any, page: Page) -> Any:
    return client.post(page.path, page.post) if page.post else client.get(page.path)


def remove_posted_comments() -> int:
    from guidelines.models import Comment

    return Comment.objects.filter(text=POSTED_TEXT).delete()[1].get("guidelines.Comment", 0)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a POST's redirect is its answer; following it would time another page


def time_requests(
    url: str, session: str | None, page: Page, count: int, warmup: int
) -> dict[str, Any]:
    """Send ``warmup + count`` sequential requests and summarise the timed ones."""
    opener = urllib.request.build_opener(NoRedirect)
    cookies = [f"sessionid={session}"] if session else []
    data = None
    if page.post:
        # Any 32-character secret does as CSRF token, if cookie and form field agree.
        token = secrets.token_hex(16)
        cookies.append(f"csrftoken={token}")
        data = urlencode({**page.post, "csrfmiddlewaretoken": token}).encode()
    headers = {"Cookie": "; ".join(cookies)} if cookies else {}
    timings = []
    for n in range(warmup + count):
        request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
            error.read()
        elapsed = (time.perf_counter() - started) * 1000
        if status != page.expect:
            return {"error": f"HTTP {status} on request {n + 1}"}
        if n >= warmup:
            timings.append(elapsed)
    return summarise_ms(timings)


def data_shape() -> dict[str, Any]:
    from guidelines.management.commands.seed_benchmark import SLUG, THREAD_KEY
    from guidelines.models import Comment, Paragraph, Support

    comments = Comment.objects.filter(paragraph__version__document__slug=SLUG)
    return {
        "document": SLUG,
        "paragraphs": Paragraph.objects.filter(version__document__slug=SLUG).count(),
        "comments": comments.count(),
        "replies": comments.filter(parent__isnull=False).count(),
        "supports": Support.objects.filter(comment__in=comments).count(),
        "thread_comments": comments.filter(paragraph__key=THREAD_KEY).count(),
    }


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        "| page | queries anonymous / resident | p50 / p95 anonymous | p50 / p95 resident |",
        "|---|---|---|---|",
    ]

    def cell(page: dict[str, Any], viewer: str, what: str) -> str:
        measured = page.get(viewer, {})
        if what == "queries":
            return str(measured.get("queries", "-"))
        if "error" in measured:
            return str(measured["error"])
        if "p50_ms" not in measured:
            return "-"
        return f"{measured['p50_ms']:.0f} / {measured['p95_ms']:.0f} ms"

    for page in result["pages"]:
        if "skipped" in page:
            lines.append(f"| {page['page']} | skipped: {page['skipped']} | | |")
            continue
        queries = f"{cell(page, 'anonymous', 'queries')} / {cell(page, 'resident', 'queries')}"
        timings = [cell(page, viewer, "timing") for viewer in ("anonymous", "resident")]
        lines.append(f"| {page['page']} | {queries} | " + " | ".join(timings) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
