#!/usr/bin/env python
"""Time the anonymous guideline pages cached and uncached, and profile the uncached ones.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/profile_pages.py [--requests 200]

In-process with Django's test client (no server, no network), DEBUG off, against the data
of ``seed_benchmark`` (made first if missing, as benchmarks/measure.py does). Prints the
sequential p50/p95 of each page with the page cache off and on (participation.pagecache),
for an anonymous reader and for a signed-in resident (``bench-0001``, who supports some
comments), then the functions where an uncached render and a resident's cached page
spend their time (cProfile, by own time). With ``REDIS_URL`` set, the cache and sessions
are in Redis, as in production.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, ensure_database, manage, production_environment, summarise_ms

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stadtdialog_bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--no-seed", action="store_true", help="skip migrate and seed")
    parser.add_argument("--sort", default="tottime", help="profile order (pstats), e.g. cumulative")
    parser.add_argument("--lines", type=int, default=18, help="profile lines per page")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    production = production_environment(database_url)
    if not args.no_seed:
        ensure_database(database_url)
        seeding = {**production, "DEBUG": "1"}
        manage(seeding, "migrate", "--noinput", "-v", "0")
        manage(seeding, "seed_benchmark")
    os.environ.update({**production, "ALLOWED_HOSTS": "testserver"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    import config.wsgi  # noqa: F401 - as a gunicorn worker starts: setup, settle_memory()
    from guidelines.management.commands.seed_benchmark import SLUG, THREAD_KEY
    from guidelines.models import Version

    version = Version.objects.get(document__slug=SLUG)
    on_version = {"slug": SLUG, "pk": version.pk}
    pages = {
        "version page": reverse("guidelines:version", kwargs=on_version),
        "thread page": reverse("guidelines:paragraph", kwargs={**on_version, "key": THREAD_KEY}),
    }

    from load import sign_in

    (session,) = sign_in(1)

    def reader(resident: bool) -> Client:
        client = Client()  # the same reader throughout, as a browser would be
        if resident:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        return client

    def timed(url: str, resident: bool = False) -> dict[str, float]:
        client = reader(resident)
        for _ in range(10):
            assert client.get(url).status_code == 200
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        return summarise_ms(times)

    print(f"| page | uncached p50 / p95 (ms) | cached p50 / p95 (ms) | ({args.requests} requests)")
    print("|---|---|---|")
    for name, url in pages.items():
        for resident in (False, True):
            settings.PAGE_CACHE = False
            uncached = timed(url, resident)
            settings.PAGE_CACHE = True
            cached = timed(url, resident)
            off = f"{uncached['p50_ms']} / {uncached['p95_ms']}"
            label = f"{name}, {'resident' if resident else 'anonymous'}"
            print(f"| {label} | {off} | {cached['p50_ms']} / {cached['p95_ms']} |")

    profiled = [(f"{name}, uncached", url, False, False) for name, url in pages.items()]
    profiled.append(("thread page, resident, cached", pages["thread page"], True, True))
    for name, url, resident, cache_on in profiled:
        settings.PAGE_CACHE = cache_on
        client = reader(resident)
        client.get(url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(20):
            client.get(url)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.lines)
        print(f"\n## {name}, 20 requests, by {args.sort}\n")
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
