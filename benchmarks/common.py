"""What every benchmark script needs: a local PostgreSQL database, manage.py, and gunicorn
serving the project with production settings on a free port of 127.0.0.1."""

from __future__ import annotations

import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def production_environment(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "ALLOW_CONSOLE_EMAIL": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "manage.py", *args]
    print("$", " ".join(command[1:]), flush=True)
    done = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, timeout=600, capture_output=True, text=True
    )
    print(done.stdout, end="", flush=True)
    if done.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it is missing (local servers only)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit(f"DATABASE_URL must point to PostgreSQL for the benchmark (got {parts.scheme}).")
    if parts.hostname not in LOCAL_HOSTS:
        sys.exit("The benchmark runs against a local PostgreSQL only (127.0.0.1).")
    command = ["createdb", "-h", parts.hostname or HOST, "-p", str(parts.port or 5432)]
    command += ["-U", parts.username or "postgres", parts.path.strip("/")]
    env = {**os.environ, **({"PGPASSWORD": parts.password} if parts.password else {})}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    if done.returncode and "already exists" not in done.stderr:
        sys.exit(f"createdb failed: {done.stderr.strip()}")


def vacuum(url: str) -> None:
    """VACUUM ANALYZE the benchmark database: runs before left dead rows (the load test
    deletes its comments) that slow index scans and make runs incomparable."""
    parts = urlsplit(url)
    command = ["psql", "-h", parts.hostname or HOST, "-p", str(parts.port or 5432)]
    command += ["-U", parts.username or "postgres", "-q", "-c", "VACUUM ANALYZE"]
    command.append(parts.path.strip("/"))
    env = {**os.environ, **({"PGPASSWORD": parts.password} if parts.password else {})}
    subprocess.run(command, env=env, check=True, timeout=300)  # noqa: S603


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


CONFIG = ROOT / "config" / "gunicorn.conf.py"


@contextmanager
def gunicorn(env: dict[str, str], *, threads: int = 1) -> Iterator[str]:
    command = ["config.wsgi", "-w", str(WORKERS)]
    if threads > 1:
        command += ["--threads", str(threads)]
    with serving(env, command) as base_url:
        print(f"gunicorn with {WORKERS} workers × {threads} threads on {base_url}", flush=True)
        yield base_url


@contextmanager
def configured_gunicorn(env: dict[str, str], *options: str) -> Iterator[str]:
    """gunicorn as ``make serve`` starts it (config/gunicorn.conf.py), ``options`` on top."""
    with serving(env, ["-c", str(CONFIG), *options]) as base_url:
        print(f"gunicorn -c config/gunicorn.conf.py {' '.join(options)} on {base_url}", flush=True)
        yield base_url


@contextmanager
def serving(env: dict[str, str], arguments: list[str]) -> Iterator[str]:
    """Run ``gunicorn *arguments`` on a free port until /healthz answers; stop it after."""
    port = free_port()
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary), *arguments, "-b", f"{HOST}:{port}"]
    log = tempfile.NamedTemporaryFile("w+", prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    base_url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base_url + "/healthz", timeout=2).read()  # noqa: S310
                break
            except urllib.error.HTTPError:
                break  # it answers; a 503 from a missing broker does not matter here
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    sys.exit(f"gunicorn did not start:\n{log.read()[-3000:]}")
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
        os.unlink(log.name)


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
    }


def summarise_ms(timings: list[float]) -> dict[str, Any]:
    """The figures every benchmark reports for a series of request times in milliseconds."""
    ordered = sorted(timings)
    mean = statistics.fmean(ordered)
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1),
        "mean_ms": round(mean, 1),
        "max_ms": round(ordered[-1], 1),
        "requests_per_second": round(1000 / mean, 1),
    }
