"""A new version of a measure's definition (targets, bands, parameters, wording), in force
from a date; earlier versions and the packs that used them stay as they were.

    manage.py reporting_definition_revise returns-filed-on-time --from 2026-04-01 \\
        --set target=97 --set amber=93 --note "Target raised by the board (minute 12)"
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.audit.types import Actor
from regulator.reporting import services


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


class Command(BaseCommand):
    help = "Revise a measure's definition: a new version in force from a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("--from", dest="effective_from", required=True, help="YYYY-MM-DD")
        parser.add_argument(
            "--set", action="append", default=[], help="field=value (JSON values allowed)"
        )
        parser.add_argument("--note", required=True, help="why the definition changes")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            effective_from = dt.date.fromisoformat(options["effective_from"])
        except ValueError as exc:
            raise CommandError("--from must be a date written YYYY-MM-DD.") from exc
        changes = {}
        for item in options["set"]:
            name, equals, value = item.partition("=")
            if not equals:
                raise CommandError(f"--set {item!r}: write field=value.")
            changes[name.strip()] = _value(value)
        try:
            revised = services.definition_revise(
                code=options["code"],
                effective_from=effective_from,
                changes=changes,
                change_note=options["note"],
                actor=Actor.system("manage.py reporting_definition_revise"),
            )
        except services.ReportingError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{revised.code} version {revised.version} from {effective_from}")
