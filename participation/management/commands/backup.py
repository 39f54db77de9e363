from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participation.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write one archive with the database and the uploaded files (see docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", default="var/backups", help="Folder for the archive (created if missing)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup = create_backup(Path(options["output"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(backup.counts.values())
        self.stdout.write(
            f"{backup.path} ({rows} rows in {len(backup.counts)} tables, "
            f"{backup.media_files} uploaded files)"
        )
        self.stdout.write(
            "Keep the environment file with SECRET_KEY with it: without the same key every "
            "mailed unsubscribe and confirmation link stops working."
        )
