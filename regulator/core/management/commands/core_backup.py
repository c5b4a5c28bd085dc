from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database, the uploaded files and the audit checkpoint store into a new folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="A folder that does not exist yet.")

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        started = time.monotonic()
        try:
            manifest = backup_create(destination=destination)
        except BackupError as exc:
            self.stderr.write(exc.message)
            raise SystemExit(1) from exc
        rows = sum(manifest["table_counts"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['table_counts'])} tables and "
            f"{len(manifest['files'])} files to {destination} in "
            f"{time.monotonic() - started:.1f}s."
        )
