"""Demo data for donors: one resolution over the demo's published donations and loans.

Idempotent: a second run finds the records and decisions unchanged and does nothing (the
incremental resolution returns the last run)."""

from __future__ import annotations

from typing import TextIO

from regulator.audit.types import Actor
from regulator.donors.models import DonorLink
from regulator.donors.services import resolution_run
from regulator.donors.sources import donor_records_source


def load(*, scale: int, stdout: TextIO) -> None:
    records = list(donor_records_source())
    if not records and not DonorLink.objects.exists():
        stdout.write("  donors: no published donations or loans to resolve\n")
        return
    run = resolution_run(
        records=records, full=False, actor=Actor.system("manage.py demo_data"), source="published"
    )
    stdout.write(
        f"  donors: run {run.pk}, {run.record_count} records, {run.donor_count} donors, "
        f"{run.review_count} pairs to review\n"
    )
