"""The nightly bulk files of everything published (CSV, Parquet, SQLite). A periodic job:
run by cron in production, by `make demo`'s loop in development."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from regulator.disclosure.bulk import bulk_files_write


class Command(BaseCommand):
    help = "Write the nightly bulk files of all published data (CSV, Parquet, SQLite)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", default=getattr(settings, "DISCLOSURE_BULK_DIR", ""))

    def handle(self, *args: Any, folder: str, **options: Any) -> None:
        counts = bulk_files_write(folder=Path(folder))
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} published records")
        self.stdout.write(self.style.SUCCESS(f"Bulk files written to {folder}"))
