"""Load the Companies House bulk snapshot (BasicCompanyData CSV parts) into the table the
permissibility rules check company donors against.

    manage.py companies_import BasicCompanyData-2026-11-01-part1_7.csv [more parts...]
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.audit.types import Actor
from regulator.core.errors import InvalidValueError
from regulator.filings.services import companies_import


class Command(BaseCommand):
    help = "Load Companies House BasicCompanyData CSV files (insert or update)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.system("manage.py companies_import")
        for name in options["files"]:
            path = Path(name)
            started = time.perf_counter()
            try:
                summary = companies_import(path=path, actor=actor, batch_size=options["batch_size"])
            except (InvalidValueError, OSError) as exc:
                raise CommandError(f"{path}: {getattr(exc, 'message', exc)}") from exc
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{summary.file}: {summary.rows} companies in {elapsed:.2f}s "
                f"({summary.rows / max(elapsed, 1e-9):,.0f} rows/s)"
            )
