"""Check the rows of imported files against the Merkle roots in their audit events."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.finance.selectors import import_batch_check, import_batch_ids

SHOWN = 50


class Command(BaseCommand):
    help = (
        "Recompute every row written by each imported file and compare it with the Merkle "
        "root in the file's audit event; name rows edited, removed or added. Exit 1 on any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, action="append", help="Only these batches.")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = False
        for batch_id in options["batch"] or import_batch_ids():
            check = import_batch_check(batch_id=batch_id)
            if check.ok:
                self.stdout.write(f"batch {batch_id}: {check.rows} rows match the event's root")
                continue
            failed = True
            self.stderr.write(self.style.ERROR(f"batch {batch_id}: rows do not match"))
            for label, items in (
                ("edited", check.edited),
                ("removed (leaf position)", check.removed),
                ("added", check.added),
            ):
                if items:
                    shown = ", ".join(str(item) for item in items[:SHOWN])
                    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
                    self.stderr.write(f"  {label}: {shown}{more}")
            if check.root_differs:
                self.stderr.write("  the rows' leaves do not give the root in the audit event")
        if failed:
            raise SystemExit(1)
