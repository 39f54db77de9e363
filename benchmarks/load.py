#!/usr/bin/env python
"""Load test: simulated residents reading and commenting (QUALITY.md, "Performance", load).

    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python benchmarks/load.py \
        [--seconds 120] [--users 50] [--mode configured|sync|gthread|all] [--no-seed]

1. migrate + ``seed_benchmark`` against ``DATABASE_URL`` (default: the local
   ``stadtdialog_bench`` database, created if missing) and ``collectstatic``, as
   ``benchmarks/measure.py`` does;
2. one signed-in session per resident (``bench-0001@example.org`` …), created before the
   timed phase;
3. for each server mode — ``configured`` (config/gunicorn.conf.py as ``make serve`` runs it;
   with ``REDIS_URL`` set, the page cache and sessions in Redis as in production),
   ``gunicorn config.wsgi -w 2`` (sync) or ``-w 2 --threads 4``
   (gthread) with DEBUG off on 127.0.0.1: every resident loops for ``--seconds`` over
   the version page, a random paragraph thread and, with probability 0.2, a new comment
   (following its redirect), with 0.5–1.5 s think time after each request;
4. the comments the server acknowledged (302 to the thread) are compared with those
   stored under the run's marker, and then deleted.

Budget (issue #13): 0 errors, p95 ≤ 50 ms, every acknowledged comment stored, 0 stale
reads (the thread a resident is sent to after posting shows their comment). Writes
benchmarks/results/load.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import re
import secrets
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    HOST,
    ROOT,
    WORKERS,
    configured_gunicorn,
    ensure_database,
    gunicorn,
    machine,
    manage,
    production_environment,
    vacuum,
)
from measure import DEFAULT_DATABASE_URL, NoRedirect, data_shape

RESULTS = ROOT / "benchmarks" / "results" / "load.json"
BUDGET_P95_MS = 50.0  # issue #13
COMMENT_PROBABILITY = 0.2
THINK_SECONDS = (0.5, 1.5)
THREADS = 4
# gunicorn threads per worker; "configured" is config/gunicorn.conf.py, as `make serve` runs it
MODES = {"sync": 1, "gthread": THREADS, "configured": 0}
PAGES = ("version page", "paragraph thread", "post comment", "thread after post")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_FIELD = re.compile(r'name="submission" value="([^"]+)"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120, help="timed phase per mode")
    parser.add_argument("--users", type=int, default=50, help="simulated residents")
    parser.add_argument("--mode", choices=[*MODES, "all"], default="configured")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the random choices")
    parser.add_argument("--processes", type=int, default=5, help="client processes")
    parser.add_argument("--no-seed", action="store_true", help="skip migrate and seed")
    args = parser.parse_args()
    if not 5 <= args.seconds <= 600 or not 1 <= args.users <= 300:
        parser.error("--seconds must be 5…600 and --users 1…300 (the seeded accounts)")
    modes = list(MODES) if args.mode == "all" else [args.mode]

    load_before = [round(load, 2) for load in os.getloadavg()]
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    production = production_environment(database_url)
    if not args.no_seed:
        ensure_database(database_url)
        seeding = {**production, "DEBUG": "1"}  # seed_benchmark wants DEBUG on
        manage(seeding, "migrate", "--noinput", "-v", "0")
        manage(seeding, "seed_benchmark")
    manage(production, "collectstatic", "--noinput", "-v", "0")
    vacuum(database_url)

    os.environ.update(production)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    target = Target.load()
    sessions = sign_in(args.users)
    runs = []
    try:
        for mode in modes:
            runs.append(run_mode(mode, production, target, sessions, args))
    finally:
        from django.contrib.sessions.models import Session

        Session.objects.filter(session_key__in=sessions).delete()
        removed = remove_load_comments()
        if removed:
            print(f"Removed {removed} left-over load-test comments.", flush=True)

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_1_5_15_min": {
            "before": load_before,
            "after": [round(load, 2) for load in os.getloadavg()],
        },
        "data": data_shape(),
        "budget": {
            "errors": 0,
            "p95_ms": BUDGET_P95_MS,
            "acknowledged_equals_stored": True,
            "stale_reads": 0,
        },
        "method": {
            "residents": args.users,
            "seconds_per_mode": args.seconds,
            "seed": args.seed,
            "loop": (
                "GET version page, think, GET random paragraph thread, think, and with "
                f"p={COMMENT_PROBABILITY} POST a comment (expect 302 to the thread), "
                "GET the redirect (it must show the new comment, else a stale read), think"
            ),
            "think_time_s": list(THINK_SECONDS),
            "client": (
                f"urllib in {args.processes} processes, one thread and cookie set per "
                "resident, one connection per request, on the same machine as server and "
                "database"
            ),
            "sign_in": (
                "one session per resident via Django's Client.force_login before the "
                "timed phase (allauth limits HTTP logins to 30/min per IP)"
            ),
            "p95_budget_applies_to": "all requests of the run together",
        },
        "runs": runs,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(markdown_table(result))
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0 if all(run["budget_met"] for run in runs) else 1


@dataclass(frozen=True)
class Target:
    version_path: str
    paragraphs: list[tuple[str, str]]  # (thread path, comment path)

    @classmethod
    def load(cls) -> Target:
        from django.urls import reverse

        from guidelines.management.commands.seed_benchmark import SLUG
        from guidelines.models import Paragraph, Version

        version = Version.objects.get(document__slug=SLUG)
        on_version = {"slug": SLUG, "pk": version.pk}
        keys = Paragraph.objects.filter(version=version).order_by("order")
        return cls(
            reverse("guidelines:version", kwargs=on_version),
            [
                (
                    reverse("guidelines:paragraph", kwargs={**on_version, "key": key}),
                    reverse("guidelines:comment", kwargs={**on_version, "key": key}),
                )
                for key in keys.values_list("key", flat=True)
            ],
        )


def sign_in(count: int) -> list[str]:
    """One session per bench user, created in-process; returns the session keys."""
    from django.test import Client

    from guidelines.management.commands.seed_benchmark import USER_EMAIL
    from participation.models import User

    keys = []
    for n in range(1, count + 1):
        client = Client(SERVER_NAME=HOST)
        client.force_login(User.objects.get(email=USER_EMAIL.format(n)))
        keys.append(str(client.cookies["sessionid"].value))
    return keys


@dataclass
class Record:
    page: str
    started: float
    ms: float
    status: int | None
    error: str = ""


@dataclass
class Resident:
    """One simulated resident: its own cookies, random choices and records."""

    number: int
    base_url: str
    session: str
    rng: random.Random
    marker: str
    records: list[Record] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cookies["sessionid"] = self.session
        self.opener = urllib.request.build_opener(NoRedirect)
        self.last_html = ""
        self.location = ""
        self.stale_reads = 0

    def __getstate__(self) -> dict[str, Any]:
        """Residents travel between client processes; their opener is made anew."""
        return {key: value for key, value in self.__dict__.items() if key != "opener"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, page: str, path: str, data: dict[str, str] | None = None) -> Record:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)  # noqa: S310
        started = time.perf_counter()
        record = Record(page, time.monotonic(), 0.0, None)
        response: Any = None
        try:
            try:
                response = self.opener.open(request, timeout=30)
            except urllib.error.HTTPError as error:
                response = error  # 3xx without redirect handling and 4xx/5xx land here
            content = response.read()
            record.status = response.status if hasattr(response, "status") else response.code
            self.remember(response.headers.get_all("Set-Cookie") or [])
            self.location = response.headers.get("Location", "")
            self.last_html = content.decode("utf-8", "replace") if record.status == 200 else ""
        except Exception as error:
            record.error = f"{type(error).__name__}: {error}"
        finally:
            if response is not None:
                response.close()
        record.ms = (time.perf_counter() - started) * 1000
        if not record.error and not 200 <= (record.status or 0) < 400:
            record.error = f"HTTP {record.status}"
        self.records.append(record)
        return record

    def remember(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def csrf_token(self) -> str:
        if "csrftoken" in self.cookies:
            return self.cookies["csrftoken"]
        found = CSRF_FIELD.search(self.last_html)
        return found.group(1) if found else ""

    def run(self, version_path: str, paragraphs: list[tuple[str, str]], deadline: float) -> None:
        def think() -> bool:
            time.sleep(self.rng.uniform(*THINK_SECONDS))
            return time.monotonic() < deadline

        time.sleep(self.rng.uniform(0, THINK_SECONDS[1]))  # residents do not start in step
        posted = 0
        while time.monotonic() < deadline:
            self.request("version page", version_path)
            if not think():
                break
            thread, comment = self.rng.choice(paragraphs)
            self.request("paragraph thread", thread)
            if not think():
                break
            if self.rng.random() < COMMENT_PROBABILITY:
                posted += 1
                text = f"{self.marker}{self.number:04d}-{posted}"
                form = {"text": text, "csrfmiddlewaretoken": self.csrf_token()}
                submission = SUBMISSION_FIELD.search(self.last_html)  # the form's one-use token
                if submission:
                    form["submission"] = submission.group(1)
                record = self.request("post comment", comment, form)
                if record.status == 302 and urlsplit(self.location).path == thread:
                    self.acknowledged.append(text)
                elif not record.error:
                    record.error = f"HTTP {record.status} to {self.location or 'nowhere'}"
                if record.status in {301, 302, 303} and self.location:
                    after = self.request("thread after post", self.location)
                    if after.status == 200 and text not in self.last_html:
                        self.stale_reads += 1
                if not think():
                    break


SERVERS = {
    "sync": f"gunicorn config.wsgi -w {WORKERS} (sync)",
    "gthread": f"gunicorn config.wsgi -w {WORKERS} --threads {THREADS} (gthread)",
    "configured": "gunicorn -c config/gunicorn.conf.py (make serve)",
}


def _run_group(
    arguments: tuple[list[Resident], Target, float],
) -> list[tuple[Resident, bool]]:
    """One client process: its residents in threads; they come back with their records."""
    residents, target, deadline = arguments
    threads = [
        threading.Thread(target=r.run, args=(target.version_path, target.paragraphs, deadline))
        for r in residents
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Bounded: the last request may still be under way at the deadline.
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 60)
    return [
        (resident, thread.is_alive()) for resident, thread in zip(residents, threads, strict=True)
    ]


def run_mode(
    mode: str,
    production: dict[str, str],
    target: Target,
    sessions: list[str],
    args: argparse.Namespace,
) -> dict[str, Any]:
    run_id = f"{datetime.now(UTC):%Y%m%d%H%M%S}{secrets.token_hex(2)}"
    marker = f"load-{run_id}-"
    load_before = [round(load, 2) for load in os.getloadavg()]
    env = production
    residents = [
        Resident(n, "", session, random.Random(f"{args.seed}-{n}"), marker)
        for n, session in enumerate(sessions, start=1)
    ]
    stored = None
    try:
        if mode == "configured":
            server = configured_gunicorn(env)
        else:
            server = gunicorn(env, threads=MODES[mode])
        with server as base_url:
            print(f"{mode}: {len(residents)} residents for {args.seconds:g} s …", flush=True)
            for resident in residents:
                resident.base_url = base_url
            started = time.monotonic()
            deadline = started + args.seconds
            # Several client processes: 50 threads in one interpreter would wait for its lock
            # after each answer and count that wait as the server's latency.
            groups = [
                (residents[i :: args.processes], target, deadline)
                for i in range(min(args.processes, len(residents)))
            ]
            with multiprocessing.get_context("fork").Pool(len(groups)) as pool:
                results = pool.map(_run_group, groups)
            residents = [resident for group in results for resident, _hanging in group]
            elapsed = time.monotonic() - started
            hanging = sum(still for group in results for _resident, still in group)
    finally:
        from guidelines.models import Comment

        stored = Comment.objects.filter(text__startswith=marker).count()
        Comment.objects.filter(text__startswith=marker).delete()
    records = [r for resident in residents for r in resident.records]
    acknowledged = sum(len(resident.acknowledged) for resident in residents)
    summary = summarise(records, elapsed)
    errors = [r for r in records if r.error]
    stale = sum(resident.stale_reads for resident in residents)
    run = {
        "mode": mode,
        "server": SERVERS[mode] + ", DEBUG=0",
        "page_cache": "Redis" if os.environ.get("REDIS_URL") else "off",
        "run_id": run_id,
        "seconds": round(elapsed, 1),
        "load_average_1_5_15_min": {
            "before": load_before,
            "after": [round(load, 2) for load in os.getloadavg()],
        },
        **summary,
        "errors": len(errors),
        "error_samples": sorted({f"{r.page}: {r.error}" for r in errors})[:10],
        "clients_still_running_at_end": hanging,
        "comments_acknowledged": acknowledged,
        "comments_stored": stored,
        "comments_deleted_afterwards": stored,
        "stale_reads": stale,
    }
    run["budget_met"] = (
        not errors
        and summary["all"]["p95_ms"] <= BUDGET_P95_MS
        and acknowledged == stored
        and not stale
    )
    print(
        f"{mode}: {summary['all']['requests']} requests, p95 {summary['all']['p95_ms']} ms, "
        f"{len(errors)} errors, {acknowledged} acknowledged / {stored} stored, "
        f"{stale} stale reads",
        flush=True,
    )
    return run


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 1)


def summarise(records: list[Record], elapsed: float) -> dict[str, Any]:
    by_page: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_page[record.page].append(record)

    def stats(group: list[Record]) -> dict[str, Any]:
        if not group:
            return {"requests": 0}
        ordered = sorted(r.ms for r in group)
        return {
            "requests": len(group),
            "errors": sum(bool(r.error) for r in group),
            "p50_ms": percentile(ordered, 0.50),
            "p95_ms": percentile(ordered, 0.95),
            "p99_ms": percentile(ordered, 0.99),
            "mean_ms": round(statistics.fmean(ordered), 1),
            "max_ms": round(ordered[-1], 1),
            "requests_per_second": round(len(group) / elapsed, 2),
            "share_of_server_time": round(sum(ordered) / max(1e-9, sum(r.ms for r in records)), 3),
        }

    windows: dict[int, list[float]] = defaultdict(list)
    first = min((r.started for r in records), default=0.0)
    for record in records:
        windows[int((record.started - first) // 30)].append(record.ms)
    return {
        # Whether the tail comes from the cold start or lasts the whole run.
        "p95_ms_by_30s_window": [percentile(sorted(windows[w]), 0.95) for w in sorted(windows)],
        "all": stats(records),
        "pages": {page: stats(by_page[page]) for page in PAGES},
    }


def remove_load_comments() -> int:
    from guidelines.models import Comment

    return (
        Comment.objects.filter(text__regex=r"^load-[0-9]{14}[0-9a-f]{4}-")
        .delete()[1]
        .get("guidelines.Comment", 0)
    )


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        "| server | page | requests | req/s | p50 | p95 | p99 | max | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in result["runs"]:
        mode = run["mode"]
        for page, s in [*run["pages"].items(), ("**all**", run["all"])]:
            if not s.get("requests"):
                continue
            lines.append(
                f"| {mode} | {page} | {s['requests']} | {s['requests_per_second']:.1f} | "
                f"{s['p50_ms']:.0f} ms | {s['p95_ms']:.0f} ms | {s['p99_ms']:.0f} ms | "
                f"{s['max_ms']:.0f} ms | {s['errors']} |"
            )
    lines += [
        "",
        "| server | acknowledged comments | stored | stale reads | budget met |",
        "|---|---|---|---|---|",
    ]
    for run in result["runs"]:
        lines.append(
            f"| {run['mode']} | {run['comments_acknowledged']} | {run['comments_stored']} | "
            f"{run['stale_reads']} | {'yes' if run['budget_met'] else 'no'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
