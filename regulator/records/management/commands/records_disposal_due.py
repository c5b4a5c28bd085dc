"""List the records due for disposal (or transfer) by a date, each marked held or not.

manage.py records_disposal_due [--as-of YYYY-MM-DD] [--format json|text]
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.core import clock
from regulator.records import selectors


def parse_day(text: str | None) -> dt.date:
    if not text:
        return clock.local_today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = "List the records whose retention has ended by a date (json or text)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", default=None)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = selectors.disposal_due_rows(as_of=parse_day(options["as_of"]))
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            held = " HELD" if row["held"] else ""
            self.stdout.write(
                f"{row['reference']} {row['record_class']} {row['trigger']} "
                f"{row['expires_on']}{held}"
            )
