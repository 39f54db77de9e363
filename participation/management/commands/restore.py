from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participation.backup import BackupError, compare_counts, restore_backup


class Command(BaseCommand):
    help = "Restore an archive written by `manage.py backup`, then migrate and check row counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite a database that holds data."
        )
        parser.add_argument(
            "--ignore-secret-key",
            action="store_true",
            help="Restore although SECRET_KEY differs (mailed links will not work).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(
                options["archive"],
                replace=options["replace"],
                ignore_secret_key=options["ignore_secret_key"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", interactive=False, verbosity=0)
        differences = compare_counts(manifest["counts"])
        # Migrations of a newer release may add rows; fewer rows than saved means a loss.
        missing = {label: pair for label, pair in differences.items() if pair[1] < pair[0]}
        for label, (expected, found) in sorted(differences.items()):
            self.stdout.write(f"{label}: {expected} in the backup, {found} now")
        if missing:
            raise CommandError(f"Rows are missing after the restore: {', '.join(sorted(missing))}")
        self.stdout.write(
            f"Restored {sum(manifest['counts'].values())} rows and {manifest['media_files']} "
            f"uploaded files from {manifest['created']}."
        )
