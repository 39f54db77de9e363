"""The settings guard: wrong or missing production settings stop start-up with one line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "a7Kq9-Zt3vWm2Lp8Xr4Yc6Nb1Hs5Dj0Fg-Qe7Ru3Ti9Oy2Pw6Ax4Sz"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "beteiligung.example.de",
    "SMTP_HOST": "127.0.0.1",
}


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTION, "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("missing_or_wrong", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"SMTP_HOST": ""}, "SMTP_HOST"),
        ({"DEBUG": "vielleicht"}, "DEBUG must be one of"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL must start with"),
        ({"SMTP_PORT": "abc"}, "SMTP_PORT must be a whole number"),
    ],
)
def test_bad_production_setting_stops_with_one_line_naming_it(missing_or_wrong, named):
    result = run_check(**{**PRODUCTION, **missing_or_wrong})

    assert result.returncode != 0
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_complete_production_settings_pass_the_deploy_check():
    hidden = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in hidden}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_embedded_default_needs_no_environment():
    result = run_check()

    assert result.returncode == 0, result.stderr


def test_worker_with_bad_settings_stops_with_one_line():
    hidden = {*PRODUCTION, "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in hidden}
    result = subprocess.run(
        [sys.executable, "-c", "import config.celery"],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "SECRET_KEY": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip().splitlines()[0]]
    assert result.stderr.startswith("Configuration error: SECRET_KEY must be set")
