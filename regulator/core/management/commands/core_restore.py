from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.core.backup import BackupError, backup_parts, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into the configured, empty database and MEDIA_ROOT, then check "
        "row counts against the manifest and run every registered part's check (the audit "
        "chain against its checkpoints)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="A folder written by core_backup.")
        parser.add_argument(
            "--checkpoints",
            nargs="+",
            default=[],
            metavar="PATH_OR_URL",
            help="Published audit checkpoints to verify against (default: the backup's copy of the store).",
        )
        parser.add_argument(
            "--public-key",
            nargs="+",
            default=[],
            metavar="PATH_OR_URL",
            help="The published audit checkpoint public key (default: the backup's copy).",
        )

    def handle(
        self,
        *args: Any,
        source: Path,
        checkpoints: list[str],
        public_key: list[str],
        **options: Any,
    ) -> None:
        started = time.monotonic()
        try:
            report = backup_restore(source=source)
        except BackupError as exc:
            self.stderr.write(exc.message)
            raise SystemExit(1) from exc
        restored_at = time.monotonic() - started
        if not report.counts_match:
            for table, (expected, found) in report.differences.items():
                self.stderr.write(f"{table}: {expected} rows in the backup, {found} restored")
            raise SystemExit(1)
        self.stdout.write(
            f"Restored {sum(report.manifest['table_counts'].values())} rows in {restored_at:.1f}s; counts match."
        )
        options = {"checkpoints": checkpoints, "public_key": public_key}
        for part in backup_parts():
            part.verify(source, options=options, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(f"Restore complete and verified in {time.monotonic() - started:.1f}s.")
