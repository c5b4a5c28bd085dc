"""Resolve every published donation and loan into donors with stable public ids.

    manage.py donors_resolve [--full] [--from-csv FILE ...] [--synthetic N]

Incremental by default: nothing happens when the records and the analysts' decisions
are unchanged since the last run, and the last run's trained model is reused. ``--full``
resolves again and retrains. Records come from ``donor_records_source``: the published
donations and loans, or published CSV files / the synthetic generator when given.
The periodic job (scripts/periodic-jobs.txt); imports and publications enqueue
``regulator.donors.tasks.donors_resolve_task`` instead.
Acts as the system actor in the audit log.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from regulator.audit.types import Actor
from regulator.core.errors import InvalidValueError
from regulator.donors.models import DonorLink
from regulator.donors.services import resolution_run
from regulator.donors.sources import donor_records_source

STAGES = ("read", "normalise", "train", "predict", "cluster", "assign", "store")


class Command(BaseCommand):
    help = "Resolve published donations and loans into donors (incremental unless --full)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Resolve again and retrain.")
        parser.add_argument("--from-csv", nargs="+", default=[], metavar="FILE")
        parser.add_argument("--synthetic", type=int, default=0, metavar="N")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["from_csv"]]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        if options["synthetic"] < 0:
            raise CommandError("--synthetic takes a positive number of records")
        source = (
            " ".join(
                [p.name for p in paths]
                + ([f"synthetic:{options['synthetic']}"] if options["synthetic"] else [])
            )
            or "published"
        )
        bar = tqdm(
            total=len(STAGES),
            desc="donors_resolve",
            unit="stage",
            disable=options["no_progress"],
            file=self.stderr,
        )

        def progress(stage: str) -> None:
            bar.set_postfix_str(stage)
            bar.update(1)

        started = time.perf_counter()
        try:
            records = list(
                donor_records_source(
                    csv_paths=paths, synthetic_count=options["synthetic"], seed=options["seed"]
                )
            )
            progress("read")
            if not records and not DonorLink.objects.exists():
                self.stdout.write("No published donations or loans to resolve.")
                return
            run = resolution_run(
                records=records,
                full=options["full"],
                actor=Actor.system("manage.py donors_resolve"),
                source=source,
                progress=progress,
            )
        except (InvalidValueError, OSError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        finally:
            bar.close()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Run {run.pk}: {run.record_count} records, {run.donor_count} donors "
            f"({run.new_donor_count} new), {run.merge_count} merges, {run.split_count} "
            f"splits, {run.review_count} pairs to review, in {elapsed:.1f}s"
        )
