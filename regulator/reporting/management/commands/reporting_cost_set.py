"""Set a monthly running cost of the service (the input of cost per transaction), in
force from the first of a month; earlier amounts are kept.

    manage.py reporting_cost_set hosting --label "Hosting and licences" \\
        --monthly 4200.00 --from 2026-04-01
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.audit.types import Actor
from regulator.reporting import services


class Command(BaseCommand):
    help = "Set a monthly cost input of the service from the first of a month."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("--label", required=True)
        parser.add_argument("--monthly", required=True, help="pounds a month, e.g. 4200.00")
        parser.add_argument("--from", dest="effective_from", required=True, help="YYYY-MM-01")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            amount = Decimal(options["monthly"])
            effective_from = dt.date.fromisoformat(options["effective_from"])
        except (InvalidOperation, ValueError) as exc:
            raise CommandError("Give --monthly as pounds and --from as YYYY-MM-01.") from exc
        try:
            row = services.cost_input_set(
                code=options["code"],
                label=options["label"],
                monthly_amount=amount,
                effective_from=effective_from,
                actor=Actor.system("manage.py reporting_cost_set"),
            )
        except services.ReportingError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(row))
