"""Backup and restore round-trip a demo instance, as an operator runs them (manage.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests import services
from tests.conftest import need

ROOT = Path(settings.BASE_DIR)
KEY = "backup-test-" + "k" * 60
VERIFY = """
import json
from django.contrib.auth import authenticate
from participation.models import User
from participation.notifications import read_unsubscribe_token
from participation.backup import row_counts
payload = read_unsubscribe_token({token!r})
print(json.dumps({{
    "login": authenticate(username="anna@example.org", password="demo-passwort-2026") is not None,
    "unsubscribe_user": User.objects.filter(pk=payload["u"]).exists(),
    "counts": row_counts(),
}}))
"""
TOKEN = """
import json
from participation.models import User
from participation.notifications import unsubscribe_token
from participation.backup import row_counts
anna = User.objects.get(email="anna@example.org")
print(json.dumps({"token": unsubscribe_token(user=anna, event="reply"), "counts": row_counts()}))
"""


def manage(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def shell(script: str, env: dict[str, str]) -> dict:
    output = manage("shell", "--no-imports", "-c", script, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def environment(database_url: str, media: Path, secret_key: str = KEY) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    env.update(DEBUG="1", SECRET_KEY=secret_key, DATABASE_URL=database_url, MEDIA_ROOT=str(media))
    return env


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    """Two empty databases of one engine: the instance and the one restored into."""
    if request.param == "sqlite":
        yield [
            f"sqlite:///{tmp_path / 'instance.sqlite3'}",
            f"sqlite:///{tmp_path / 'copy.sqlite3'}",
        ]
        return
    base = services.database_url(settings.DATABASES["default"])
    need(base.startswith("postgres"), "PostgreSQL is not configured (DATABASE_URL)")
    names = [f"backup_{uuid.uuid4().hex[:8]}_{role}" for role in ("instance", "copy")]
    server = base.rsplit("/", 1)[0]
    for name in names:
        subprocess.run(
            ["psql", f"{server}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True
        )
    yield [f"{server}/{name}" for name in names]
    for name in names:
        subprocess.run(
            ["psql", f"{server}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
            check=False,
        )


def test_a_demo_instance_survives_backup_and_restore(databases, tmp_path):
    instance, copy = databases
    media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    (media / "markdownx").mkdir(parents=True)
    (media / "markdownx" / "bild.png").write_bytes(b"\x89PNG fake image")
    env = environment(instance, media)
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", env=env)
    before = shell(TOKEN, env)

    out = manage("backup", "--output", str(tmp_path / "neu" / "backups"), env=env).stdout
    archive = Path(out.split(" (")[0])
    assert archive.exists()
    assert "1 uploaded files" in out

    copy_env = environment(copy, restored_media)
    manage("restore", str(archive), env=copy_env)
    after = shell(VERIFY.format(token=before["token"]), copy_env)

    assert after["login"] is True
    assert after["unsubscribe_user"] is True
    assert after["counts"] == before["counts"]
    assert sum(after["counts"].values()) > 50
    assert (restored_media / "markdownx" / "bild.png").read_bytes() == b"\x89PNG fake image"


def test_restore_refuses_another_secret_key_and_a_database_with_data(tmp_path):
    media = tmp_path / "media"
    env = environment(f"sqlite:///{tmp_path / 'a.sqlite3'}", media)
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", env=env)
    archive = Path(manage("backup", "--output", str(tmp_path), env=env).stdout.split(" (")[0])

    other_key = environment(f"sqlite:///{tmp_path / 'b.sqlite3'}", media, secret_key="x" * 60)
    refused = manage("restore", str(archive), env=other_key, check=False)
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr

    has_data = manage("restore", str(archive), env=env, check=False)
    assert has_data.returncode != 0
    assert "--replace" in has_data.stderr


def test_no_archive_is_written_when_the_database_cannot_be_dumped(tmp_path):
    env = environment("postgres://postgres@127.0.0.1:1/nothing", tmp_path / "media")
    failed = manage("backup", "--output", str(tmp_path / "out"), env=env, check=False)

    assert failed.returncode != 0
    assert "pg_dump failed" in failed.stderr
    assert list((tmp_path / "out").iterdir()) == []
