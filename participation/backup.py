"""Backup and restore of a whole instance: the database and the uploaded files.

One archive (``stadtdialog-backup-<time>.tar.gz``) holds the database (``pg_dump``'s
custom format on PostgreSQL, a consistent copy on SQLite), every file under
``MEDIA_ROOT`` and a manifest with the number of rows per model and a fingerprint of
``SECRET_KEY``. Both commands read the same settings as the application, so there is no
second place where the database or the media folder is named.

Guarantees:

- An archive is written only when the database dump succeeded and is not empty; it is
  written under a temporary name and renamed, so a failed run never leaves a file that
  looks like a backup. The target folder is created when missing.
- A restore refuses an archive made with another ``SECRET_KEY`` (every unsubscribe and
  confirmation link already mailed is signed with it) unless told otherwise, refuses a
  database that already holds data unless told to replace it, runs the migrations
  afterwards (an older backup is brought up to the running release), and compares the
  row counts with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
APPS = ("participation", "guidelines", "projects")
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def secret_key_fingerprint() -> str:
    return hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:16]


def row_counts() -> dict[str, int]:
    counts = {}
    for app_label in APPS:
        if not apps.is_installed(app_label):
            continue
        for model in apps.get_app_config(app_label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


def _database() -> dict[str, Any]:
    return settings.DATABASES["default"]


def _libpq_environment() -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore, the password never on a command line."""
    db = _database()
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return env


def _run(command: list[str]) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [executable, *command[1:]], env=_libpq_environment(), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(str(_database()["NAME"]))
        copy = sqlite3.connect(str(target))
        with copy:
            source.backup(copy)  # consistent while the site keeps writing
        copy.close()
        source.close()
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    if not target.exists() or target.stat().st_size == 0:
        raise BackupError("The database dump is empty; no archive was written.")


@dataclass(frozen=True)
class Backup:
    path: Path
    counts: dict[str, int]
    media_files: int


def create_backup(folder: Path) -> Backup:
    folder.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    created = timezone.now()
    with tempfile.TemporaryDirectory(prefix="stadtdialog-backup-") as work:
        dump = Path(work) / DUMP_NAMES.get(connection.vendor, "database")
        _dump_database(dump)
        counts = row_counts()
        media = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        manifest = {
            "format": FORMAT,
            "created": created.isoformat(),
            "engine": connection.vendor,
            "secret_key_fingerprint": secret_key_fingerprint(),
            "counts": counts,
            "media_files": len(media),
        }
        (Path(work) / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
        final = folder / f"stadtdialog-backup-{created:%Y%m%d-%H%M%S}.tar.gz"
        partial = final.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / "manifest.json", arcname="manifest.json")
            archive.add(dump, arcname=dump.name)
            for path in media:
                archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
        partial.rename(final)
    return Backup(path=final, counts=counts, media_files=len(media))


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest: dict[str, Any] = json.load(member)
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive_path} is not a Stadtdialog backup ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} has backup format {manifest.get('format')!r}.")
    return manifest


def database_has_data() -> bool:
    tables = set(connection.introspection.table_names())
    user_table = apps.get_model("participation", "User")._meta.db_table
    return user_table in tables and apps.get_model("participation", "User").objects.exists()


def restore_backup(
    archive_path: Path, *, replace: bool = False, ignore_secret_key: bool = False
) -> dict[str, Any]:
    """Restore database and media; returns the manifest. Run ``migrate`` afterwards."""
    manifest = read_manifest(archive_path)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database, this instance uses "
            f"{connection.vendor}."
        )
    if manifest["secret_key_fingerprint"] != secret_key_fingerprint() and not ignore_secret_key:
        raise BackupError(
            "This instance has another SECRET_KEY than the one the backup was made with: every "
            "unsubscribe and confirmation link already mailed would stop working. Restore the "
            "environment file with the old SECRET_KEY, or pass --ignore-secret-key."
        )
    if database_has_data() and not replace:
        raise BackupError("The database already holds data; pass --replace to overwrite it.")
    with tempfile.TemporaryDirectory(prefix="stadtdialog-restore-") as work:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")  # no absolute paths, no "..", no devices
        dump = Path(work) / DUMP_NAMES[manifest["engine"]]
        if connection.vendor == "postgresql":
            connection.close()
            name = str(_database()["NAME"])
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--single-transaction", f"--dbname={name}", str(dump)])  # fmt: skip
        else:
            connection.close()
            target = Path(str(_database()["NAME"]))
            for journal in (
                target.with_name(target.name + "-wal"),
                target.with_name(target.name + "-shm"),
            ):
                journal.unlink(missing_ok=True)  # would be replayed onto the restored file
            shutil.copyfile(dump, target)
        media = Path(work) / "media"
        if media.is_dir():
            shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    return manifest


def compare_counts(expected: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Models whose row count differs from the manifest's: label → (expected, found)."""
    found = row_counts()
    return {
        label: (count, found.get(label, 0))
        for label, count in expected.items()
        if found.get(label, 0) != count
    }
