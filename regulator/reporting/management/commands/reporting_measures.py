"""Every measure of a period as JSON or a table:

    manage.py reporting_measures --period 2025-Q1 --format json

prints ``[{code, name, value, numerator, denominator, target, status, available}]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.core import clock
from regulator.reporting import catalogue
from regulator.reporting.periods import PeriodError, period_containing, period_parse


class Command(BaseCommand):
    help = "Compute every measure of the catalogue for a period (read only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            help="2025-04 (month), 2025-Q1 (quarter) or 2025-26 (financial year); "
            "default: the last complete quarter",
        )
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["period"]:
                period = period_parse(options["period"])
            else:
                period = period_containing("quarter", clock.local_today()).previous()
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        results = catalogue.compute_all(period, clock.now())
        rows = [
            {
                "code": r.code,
                "name": r.name_en,
                "value": float(r.value) if r.value is not None else None,
                "numerator": float(r.numerator) if r.numerator is not None else None,
                "denominator": float(r.denominator) if r.denominator is not None else None,
                "target": float(r.target) if r.target is not None else None,
                "status": r.status,
                "available": r.available,
                "unit": r.unit,
                "version": r.version,
            }
            for r in results
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        self.stdout.write(f"{period.code}: {period.start} to {period.end}")
        for row in rows:
            value = "not yet available" if not row["available"] else row["value"]
            self.stdout.write(f"  {row['code']:<40} {value!s:>12} {row['unit']:<6} {row['status']}")
