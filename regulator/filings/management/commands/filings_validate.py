"""Validate a file of donations, loans or spending without saving anything.

    manage.py filings_validate --kind donations --entity-type "Political Party" \
        --accounting-unit central [--period "Q1 2025"] FILE [--format json]

JSON on stdout only: a list of {row, code, severity, message} (row = 1-based data row,
null for the return as a whole). Logs on stderr. Exit 0 with no errors, 1 with errors,
2 for unreadable input.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from regulator.core.errors import InvalidValueError
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.validation import context_for, seats_from, validate_file

log = logging.getLogger("regulator.filings.validate")


class Command(BaseCommand):
    help = "Validate a file of transactions against the rules in force on each date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=[k.value for k in TransactionKind])
        parser.add_argument("--entity-type", required=True)
        parser.add_argument("--accounting-unit", default="central")
        parser.add_argument(
            "--period",
            default=None,
            help="The report's period; by default each row's ReportingPeriodName.",
        )
        parser.add_argument("--register", default="Great Britain")
        parser.add_argument(
            "--seats",
            default="",
            help="Seats contested, for party spending limits: england=533,scotland=59,...",
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--language", choices=["en", "cy"], default="en", help="The messages' language."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._validate(options)

    def _validate(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        try:
            ctx = context_for(
                kind=TransactionKind(options["kind"]),
                entity_type=options["entity_type"],
                accounting_unit=options["accounting_unit"],
                period_name=options["period"],
                register=options["register"],
                seats_contested=seats_from(options["seats"]),
            )
            result = validate_file(options["file"], ctx=ctx)
        except (InvalidValueError, OSError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            log.error("filings_validate: cannot read %s: %s", options["file"], message)
            self.stderr.write(str(message))
            sys.exit(2)
        findings = result.as_list()
        if options["format"] == "json":
            self.stdout.write(json.dumps(findings, ensure_ascii=False, indent=1))
        else:
            for finding in findings:
                row = finding["row"] if finding["row"] is not None else "-"
                self.stdout.write(
                    f"{row}\t{finding['severity']}\t{finding['code']}\t{finding['message']}"
                )
        errors = sum(1 for f in findings if f["severity"] == "error")
        log.info(
            "filings_validate: %s rows (%s layout), %s errors, %s warnings, %.2fs",
            len(result.parsed.items),
            result.parsed.layout,
            errors,
            len(findings) - errors,
            time.perf_counter() - started,
        )
        self.stdout.flush()
        if errors:
            sys.exit(1)
