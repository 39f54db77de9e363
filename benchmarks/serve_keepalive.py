#!/usr/bin/env python
"""Can idle browser connections block the site? gunicorn worker classes side by side.

    .venv/bin/python benchmarks/serve_keepalive.py [--idle 10] [--rounds 3] [--fresh 2]
                                                   [--duration 10] [--no-seed]

1. migrate + ``seed_benchmark`` against ``DATABASE_URL`` (default: the local
   ``stadtdialog_bench`` database of benchmarks/measure.py), ``collectstatic``;
2. for each server — config/gunicorn.conf.py as ``make serve`` starts it, and the same with
   the worker class or thread count overridden on the command line — DEBUG off:
   a. idle connections: ``--idle`` sockets that send nothing (a browser's spare
      connections), that sent one complete request and keep the connection (keep-alive), or
      that sent half a request (a slow or malicious client); meanwhile ``--fresh``
      sequential requests for the version page from new connections are timed, each should
      answer within 1 s; ``--rounds`` times with new idle connections, because how the
      workers share them out varies;
   b. throughput: wrk (Debian package ``wrk``; skipped with a message when it is not
      installed) on the anonymous version page with 4 and 32 connections.

Writes benchmarks/results/serving.json and prints Markdown tables.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
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
)
from measure import DEFAULT_DATABASE_URL

RESULTS = ROOT / "benchmarks" / "results" / "serving.json"
# Label → options on top of config/gunicorn.conf.py (2 workers, gthread, 16 threads).
SERVERS = {
    "2 sync workers": ["-k", "sync", "--threads", "1", "-w", "2"],
    "3 sync workers (make serve before)": ["-k", "sync", "--threads", "1", "-w", "3"],
    "2 workers × 4 threads": ["-w", "2", "--threads", "4"],
    "2 workers × 8 threads": ["-w", "2", "--threads", "8"],
    "2 workers × 16 threads": ["-w", "2", "--threads", "16"],
    "4 workers × 8 threads": ["-w", "4", "--threads", "8"],
    "4 workers × 16 threads (config)": [],
}
CONNECTIONS = (4, 32)
ANSWER_WITHIN_MS = 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=int, default=10, help="idle connections held open")
    parser.add_argument("--fresh", type=int, default=2, help="timed requests while they idle")
    parser.add_argument("--rounds", type=int, default=3, help="idle connections opened anew")
    parser.add_argument("--patience", type=float, default=6.0, help="seconds per fresh request")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--no-seed", action="store_true", help="skip migrate and seed")
    parser.add_argument(
        "--servers", nargs="+", choices=list(SERVERS), default=list(SERVERS), metavar="SERVER"
    )
    args = parser.parse_args()
    if not (1 <= args.idle <= 500 and 1 <= args.fresh * args.rounds <= 100):
        parser.error("--idle must be 1…500 and --fresh × --rounds 1…100")
    if not 1 <= args.duration <= 120:
        parser.error("--duration must be 1…120")

    load_before = [round(load, 2) for load in os.getloadavg()]
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    production = production_environment(database_url)
    if not args.no_seed:
        ensure_database(database_url)
        seeding = {**production, "DEBUG": "1"}  # seed_benchmark wants DEBUG on
        manage(seeding, "migrate", "--noinput", "-v", "0")
        manage(seeding, "seed_benchmark")
    manage(production, "collectstatic", "--noinput", "-v", "0")

    os.environ.update(production)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    path = version_path()
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (apt-get install wrk): no throughput figures.", flush=True)

    servers = []
    for label in args.servers:
        options = SERVERS[label]
        with configured_gunicorn(production, *options) as base_url:
            idle = {
                kind: idle_probe(base_url, path, opener, args)
                for kind, opener in IDLE_KINDS.items()
            }
            throughput = {
                str(c): run_wrk(wrk, base_url + path, c, args.duration) for c in CONNECTIONS
            }
        servers.append(
            {"server": label, "options": options, "idle": idle}
            | ({"wrk": throughput} if wrk else {})
        )

    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_1_5_15_min": {
            "before": load_before,
            "after": [round(load, 2) for load in os.getloadavg()],
        },
        "method": {
            "config": "config/gunicorn.conf.py, options on top; DEBUG=0",
            "page": path,
            "idle_connections": args.idle,
            "fresh_requests": args.fresh * args.rounds,
            "rounds": args.rounds,
            "fresh_request_timeout_s": args.patience,
            "wrk": f"wrk -t2 -c<connections> -d{args.duration}s --timeout 10s --latency"
            if wrk
            else None,
        },
        "servers": servers,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(markdown_tables(result))
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


def version_path() -> str:
    from django.urls import reverse

    from guidelines.management.commands.seed_benchmark import SLUG
    from guidelines.models import Version

    version = Version.objects.get(document__slug=SLUG)
    return reverse("guidelines:version", kwargs={"slug": SLUG, "pk": version.pk})


# --- Idle connections -------------------------------------------------------------------


def connect(base_url: str) -> socket.socket:
    host, port = base_url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def preconnect(base_url: str, path: str) -> Any:
    """A browser's spare connection: opened, nothing sent yet."""
    return connect(base_url)


def kept_alive(base_url: str, path: str) -> Any:
    """One complete request answered; the browser keeps the connection for the next one."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)
    connection.getresponse().read()
    return connection  # a sync worker has closed it already ("Connection: close")


def half_request(base_url: str, path: str) -> Any:
    """A client that stops in the middle of its request headers."""
    sock = connect(base_url)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
    return sock


IDLE_KINDS: dict[str, Callable[[str, str], Any]] = {
    "nothing sent": preconnect,
    "keep-alive after a response": kept_alive,
    "half a request": half_request,
}


@contextmanager
def held_open(
    opener: Callable[[str, str], Any], base_url: str, path: str, n: int
) -> Iterator[None]:
    with ExitStack() as stack:
        for _ in range(n):
            stack.callback(opener(base_url, path).close)
        yield


def idle_probe(
    base_url: str, path: str, opener: Callable[[str, str], Any], args: argparse.Namespace
) -> dict[str, Any]:
    """Time ``args.fresh`` requests while ``args.idle`` connections of one kind are held
    open, in ``args.rounds`` rounds: how the workers share the idle connections varies."""
    timings: list[float | None] = []
    errors = []
    for _ in range(args.rounds):
        with held_open(opener, base_url, path, args.idle):
            time.sleep(0.5)  # the workers accept them
            for _ in range(args.fresh):
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(base_url + path, timeout=args.patience) as answer:  # noqa: S310
                        answer.read()
                    timings.append((time.perf_counter() - started) * 1000)
                except urllib.error.HTTPError as error:
                    errors.append(f"HTTP {error.code}")
                except OSError as error:
                    timings.append(None)
                    if not isinstance(getattr(error, "reason", error), TimeoutError):
                        errors.append(type(error).__name__)  # not just "no answer in time"
        recover(base_url)
    answered = [t for t in timings if t is not None]
    return {
        "fresh_requests_ms": [round(t, 1) if t is not None else None for t in timings],
        "within_1_s": sum(t <= ANSWER_WITHIN_MS for t in answered),
        "timed_out": len(timings) - len(answered),
    } | ({"errors": errors} if errors else {})


def recover(base_url: str) -> None:
    """Wait until the server answers again, so that one probe does not spoil the next."""
    deadline = time.monotonic() + 40  # a worker stuck past gunicorn's 30 s timeout restarts
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base_url + "/healthz", timeout=2).read()  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{base_url} did not recover after the idle connections were closed")


# --- Throughput ----------------------------------------------------------------------------


def run_wrk(
    wrk: str | None, url: str, connections: int, duration: int, *, cookie: str = ""
) -> dict[str, Any]:
    if wrk is None:
        return {}
    # A request slower than wrk's default 2 s is timed, not counted as a socket error.
    command = [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(url)
    shown = " ".join(command[1:])
    print("$", shown.replace(cookie, "<session>") if cookie else shown, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30)  # noqa: S603
    output = done.stdout
    figures: dict[str, Any] = {
        "requests_per_second": _number(r"Requests/sec:\s+([\d.]+)", output),
        "p50_ms": _latency(output, "50%"),
        "p99_ms": _latency(output, "99%"),
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if errors or socket_errors or done.returncode:
        figures["errors"] = (
            " ".join(m.group(0) for m in (errors, socket_errors) if m)
            or (done.stderr.strip()[-300:])
        )
    return figures


def _number(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text)
    return float(found.group(1)) if found else None


def _latency(text: str, percentile: str) -> float | None:
    found = re.search(rf"^\s*{percentile}\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
    if not found:
        return None
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
    return round(float(found.group(1)) * scale, 1)


# --- Report ----------------------------------------------------------------------------------


def markdown_tables(result: dict[str, Any]) -> str:
    idle = result["method"]["idle_connections"]
    fresh = result["method"]["fresh_requests"]
    kinds = list(IDLE_KINDS)
    lines = [
        f"Fresh requests answered within 1 s (of {fresh}) while {idle} connections idle:",
        "",
        "| server | " + " | ".join(kinds) + " |",
        "|---|" + "---|" * len(kinds),
    ]
    for server in result["servers"]:
        cells = []
        for kind in kinds:
            probe = server["idle"][kind]
            slowest = max((t for t in probe["fresh_requests_ms"] if t is not None), default=None)
            cell = f"{probe['within_1_s']} / {fresh}"
            if probe.get("errors"):
                cell += f", errors: {', '.join(probe['errors'])}"
            if probe["timed_out"]:
                cell += f", {probe['timed_out']} timed out"
            elif slowest is not None:
                cell += f" (slowest {slowest:.0f} ms)"
            cells.append(cell)
        lines.append(f"| {server['server']} | " + " | ".join(cells) + " |")
    if not any("wrk" in server for server in result["servers"]):
        return "\n".join(lines)
    lines += [
        "",
        "Anonymous version page, wrk:",
        "",
        "| server | "
        + " | ".join(f"{c} connections: req/s, p50 / p99" for c in CONNECTIONS)
        + " |",
        "|---|" + "---|" * len(CONNECTIONS),
    ]
    for server in result["servers"]:
        cells = []
        for c in CONNECTIONS:
            run = server["wrk"][str(c)]
            cell = f"{run['requests_per_second']:.0f}, {run['p50_ms']} / {run['p99_ms']} ms"
            cells.append(cell + (f" ({run['errors']})" if "errors" in run else ""))
        lines.append(f"| {server['server']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
