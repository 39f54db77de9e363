#!/usr/bin/env python
"""The cached anonymous version page against the static-file floor, in one run (issue #13).

    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python benchmarks/cache_throughput.py \
        [--duration 10] [--connections 4 32] [--no-seed]

1. migrate + ``seed_benchmark`` against ``DATABASE_URL`` (default: the local
   ``stadtdialog_bench`` database of benchmarks/measure.py), ``collectstatic``. ``REDIS_URL``
   is required: the workers share the page cache only through Redis (docs/cache.md);
2. the anonymous version page is rendered once and its bytes are written into
   ``STATIC_ROOT``, so that whitenoise serves exactly the same bytes as a static file —
   the floor;
3. gunicorn as ``make serve`` starts it (config/gunicorn.conf.py), DEBUG off; wrk on the
   page (from the cache) and on the static copy, one after the other; then the page again
   from a gunicorn with ``PAGE_CACHE=0`` (rendered for every request), for comparison.
   Each figure is the median of ``--repeats`` wrk runs, page and floor taking turns: a
   kept-alive connection stays with the gunicorn worker that accepted it, so how wrk's
   connections fall on the workers is decided anew in every run (with 4 connections, three
   on one worker halve the rate). Every run's figures are kept in the results.

Writes benchmarks/results/cache_throughput.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    HOST,
    ROOT,
    configured_gunicorn,
    ensure_database,
    machine,
    manage,
    production_environment,
    vacuum,
)
from load import Target, sign_in
from measure import DEFAULT_DATABASE_URL
from serve_keepalive import run_wrk

RESULTS = ROOT / "benchmarks" / "results" / "cache_throughput.json"
FLOOR_DIRECTORY = "benchmark-floor"  # under STATIC_ROOT, removed after the run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--repeats", type=int, default=3, help="wrk runs per figure")
    parser.add_argument("--connections", type=int, nargs="+", default=[4, 32])
    parser.add_argument("--no-seed", action="store_true", help="skip migrate and seed")
    args = parser.parse_args()
    if not 1 <= args.duration <= 120 or not all(1 <= c <= 256 for c in args.connections):
        parser.error("--duration must be 1…120 and each of --connections 1…256")
    if not 1 <= args.repeats <= 15:
        parser.error("--repeats must be 1…15")
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed (apt-get install wrk).")
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: without Redis each worker would keep its own page cache.")

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
    from django.conf import settings
    from django.core.cache import cache

    target = Target.load()
    path = target.version_path
    thread = target.paragraphs[0][0]  # paragraph 1: 200 comments, page 1 shows 20 threads
    resident = f"{settings.SESSION_COOKIE_NAME}={sign_in(1)[0]}"
    floor = Path(settings.STATIC_ROOT) / FLOOR_DIRECTORY
    floor_path = f"{settings.STATIC_URL}{FLOOR_DIRECTORY}/version-page.html"
    cache.clear()  # this run's Redis database: start from an empty page cache
    each: dict[str, list[dict[str, Any]]] = {}

    def measure(name: str, url: str, connections: int, cookie: str = "") -> None:
        each.setdefault(name, []).append(
            run_wrk(wrk, url, connections, args.duration, cookie=cookie)
        )

    body = _anonymous_body(path)
    try:
        floor.mkdir(exist_ok=True)
        # whitenoise finds its files when a worker starts: write the copy before that.
        (floor / "version-page.html").write_bytes(body)
        with configured_gunicorn(production) as base_url:
            _warm(base_url + path, cached=True)
            _warm(base_url + thread, cached=True)
            _warm(base_url + floor_path, cached=False)
            for _repeat in range(args.repeats):
                for c in args.connections:
                    measure(f"cached page, {c} connections", base_url + path, c)
                    measure(f"static floor, {c} connections", base_url + floor_path, c)
                    measure(f"cached thread page, {c} connections", base_url + thread, c)
                # A signed-in resident: their session cookie on every request.
                for name, url in (("version page", path), ("thread page", thread)):
                    measure(f"resident {name}, 4 connections", base_url + url, 4, resident)
        with configured_gunicorn({**production, "PAGE_CACHE": "0"}) as base_url:
            _warm(base_url + path, cached=False)
            for _repeat in range(args.repeats):
                for c in args.connections:
                    measure(f"uncached page, {c} connections", base_url + path, c)
                measure("uncached thread page, 4 connections", base_url + thread, 4)
    finally:
        shutil.rmtree(floor, ignore_errors=True)
    runs = {name: _median(found) for name, found in each.items()}

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_1_5_15_min": {
            "before": load_before,
            "after": [round(load, 2) for load in os.getloadavg()],
        },
        "method": {
            "server": "config/gunicorn.conf.py (make serve), DEBUG=0, page cache in Redis",
            "page": path,
            "thread_page": thread,
            "resident": "one bench user's session cookie (Client.force_login), page cache on",
            "page_bytes": len(body),
            "floor": "the same bytes as a static file through whitenoise, same gunicorn",
            "wrk": f"wrk -t2 -c<connections> -d{args.duration}s --timeout 10s --latency",
            "figures": f"median of {args.repeats} wrk runs (new connections each), page and "
            "floor taking turns; every run under runs_each",
        },
        "runs": runs,
        "ratios": _ratios(runs, args.connections),
        "runs_each": each,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(markdown_table(result))
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


def _anonymous_body(path: str) -> bytes:
    from django.test import Client

    response = Client(HTTP_HOST=HOST).get(path)
    assert response.status_code == 200, response.status_code
    return response.content


def _warm(url: str, *, cached: bool) -> None:
    """One request that renders (and stores) the page; a cached one must carry an ETag."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
        response.read()
        etag = response.headers.get("ETag")
    if cached and not etag:
        sys.exit(f"{url} came without an ETag: the page cache is not on.")


def _median(found: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each figure over the runs; errors of any run are kept."""
    figures: dict[str, Any] = {}
    for name in ("requests_per_second", "p50_ms", "p99_ms"):
        values = [run[name] for run in found if run.get(name) is not None]
        figures[name] = statistics.median(values) if values else None
    errors = [run["errors"] for run in found if run.get("errors")]
    if errors:
        figures["errors"] = "; ".join(errors)
    return figures


def _ratios(runs: dict[str, dict[str, Any]], connections: list[int]) -> dict[str, Any]:
    ratios = {}
    for c in connections:
        page, floor = runs[f"cached page, {c} connections"], runs[f"static floor, {c} connections"]
        if page.get("p50_ms") and floor.get("p50_ms") and floor.get("requests_per_second"):
            ratios[str(c)] = {
                "p50_page_over_floor": round(page["p50_ms"] / floor["p50_ms"], 2),
                "throughput_page_over_floor": round(
                    page["requests_per_second"] / floor["requests_per_second"], 2
                ),
            }
    return ratios


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        "| what | req/s (median) | p50 ms | p99 ms | each run: req/s (p50 ms) |",
        "|---|---|---|---|---|",
    ]
    for name, run in result["runs"].items():
        errors = f" ({run['errors']})" if run.get("errors") else ""
        each = ", ".join(
            f"{one.get('requests_per_second')} ({one.get('p50_ms')})"
            for one in result["runs_each"][name]
        )
        lines.append(
            f"| {name}{errors} | {run.get('requests_per_second')} | {run.get('p50_ms')} "
            f"| {run.get('p99_ms')} | {each} |"
        )
    for c, ratio in result["ratios"].items():
        lines.append(
            f"\n{c} connections: page p50 / floor p50 = {ratio['p50_page_over_floor']}, "
            f"page req/s / floor req/s = {ratio['throughput_page_over_floor']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
