"""manage.py cases_list [--format text|json]: every case's reference, stage and opening
date, oldest first (JSON: ``[{"reference", "stage", "opened_on"}]``)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from regulator.cases import selectors


class Command(BaseCommand):
    help = "List every enforcement case: reference, stage, opened on."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = selectors.cases_listing()
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write(_("No cases."))
            return
        width = max(len(row["reference"]) for row in rows)
        stage_width = max(len(row["stage"]) for row in rows)
        for row in rows:
            self.stdout.write(
                f"{row['reference']:<{width}}  {row['stage']:<{stage_width}}  {row['opened_on']}"
            )
