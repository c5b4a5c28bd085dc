"""Validate a file of donations, loans or spending without saving anything.

    manage.py filings_validate --kind donations --entity-type "Political Party" \
        --accounting-unit central [--period "Q1 2025"] FILE [--format json]
    manage.py filings_validate --kind donations --entity 900001 --period "Q2 2025" FILE

With ``--entity`` the recipient is the register's entity (its kind, register, donee type
and nation) and, with ``--period``, its gifts in its returns earlier in the year count
towards each source's totals, exactly as when the same rows are checked online.

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
from django.utils.translation import gettext as _

from regulator.core.errors import InvalidValueError
from regulator.filings import selectors
from regulator.filings.rules.inputs import ReturnContext, TransactionKind
from regulator.filings.validation import context_for, seats_from, validate_file
from regulator.register import selectors as register_selectors

log = logging.getLogger("regulator.filings.validate")


class Command(BaseCommand):
    help = "Validate a file of transactions against the rules in force on each date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=[k.value for k in TransactionKind])
        parser.add_argument("--entity-type", default=None)
        parser.add_argument(
            "--entity",
            type=int,
            default=None,
            help="The register's id of the recipient: its kind, register, donee type and "
            "nation, and (with --period) its gifts reported earlier in the year.",
        )
        parser.add_argument("--accounting-unit", default="central")
        parser.add_argument(
            "--period",
            default=None,
            help="The report's period; by default each row's ReportingPeriodName.",
        )
        parser.add_argument(
            "--register",
            default="",
            help="Great Britain or Northern Ireland; by default each row's RegisterName "
            "(the Commission's layout), else not known (never assumed).",
        )
        parser.add_argument("--donee-type", default="", help="e.g. Members Association")
        parser.add_argument(
            "--nation",
            default="",
            choices=["", "england-and-wales", "scotland", "northern-ireland"],
            help="Whose bank holidays move a deadline; by default from the register.",
        )
        parser.add_argument(
            "--seats",
            default="",
            help="Seats contested, for party spending limits: england=533,scotland=59,...",
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--language", choices=["en", "cy"], default="en", help="The messages' language."
        )

    def _context(self, options: dict[str, Any]) -> ReturnContext:
        kind = TransactionKind(options["kind"])
        given = {
            "entity_type": options["entity_type"],
            "register": options["register"],
            "donee_type": options["donee_type"],
            "holiday_nation": options["nation"],
        }
        entity_id = options["entity"]
        unit_id = None
        if entity_id is not None:
            entity = register_selectors.entity_get(entity_id=entity_id)
            if entity is None:
                raise InvalidValueError(
                    _("There is no regulated entity %(value)s.") % {"value": entity_id}
                )
            given = {
                "entity_type": options["entity_type"] or entity.entity_type,
                "register": options["register"] or entity.register,
                "donee_type": options["donee_type"] or entity.donee_type,
                "holiday_nation": options["nation"]
                or register_selectors.entity_nation(entity_id=entity_id),
            }
            unit_id = self._unit_id(entity_id, options["accounting_unit"])
        if not given["entity_type"]:
            raise InvalidValueError(_("Give --entity-type or --entity."))
        ctx = context_for(
            kind=kind,
            accounting_unit=options["accounting_unit"],
            period_name=options["period"],
            seats_contested=seats_from(options["seats"]),
            **given,
        )
        if entity_id is not None and kind != TransactionKind.SPENDING:
            ctx.prior_gifts = selectors.prior_gifts(
                entity_id=entity_id,
                accounting_unit_id=unit_id,
                period=ctx.period,
                figures=ctx.figures,
            )
        return ctx

    @staticmethod
    def _unit_id(entity_id: int, name: str) -> int | None:
        if name.strip().lower() in {"", "central", "central party"}:
            return None
        unit = (
            register_selectors.accounting_units_all()
            .filter(entity_id=entity_id, name__iexact=name.strip())
            .first()
        )
        if unit is None:
            raise InvalidValueError(
                _("Entity %(entity)s has no accounting unit “%(unit)s”.")
                % {"entity": entity_id, "unit": name}
            )
        return int(unit.pk)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._validate(options)

    def _validate(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        try:
            ctx = self._context(options)
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
