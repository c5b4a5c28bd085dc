"""Export a class's records due for transfer as one BagIt bag for The National Archives.

    manage.py records_transfer --class CODE [--as-of YYYY-MM-DD] OUT_DIR

Prints the bag's path (exit 0), or the reason nothing was exported (exit 1).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.audit.types import Actor
from regulator.records import selectors, services
from regulator.records.management.commands.records_disposal_due import parse_day


class Command(BaseCommand):
    help = "Export the records of a class due for transfer as a BagIt bag."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--class", dest="record_class", required=True)
        parser.add_argument("--as-of", default=None)
        parser.add_argument("out_dir")

    def handle(self, *args: Any, **options: Any) -> None:
        record_class = selectors.record_class_get(code=options["record_class"])
        if record_class is None:
            self.stderr.write(f"There is no record class {options['record_class']!r}.")
            sys.exit(1)
        try:
            consignment = services.records_transfer(
                record_class=record_class,
                as_of=parse_day(options["as_of"]),
                out_dir=Path(options["out_dir"]),
                actor=Actor.system("records_transfer"),
            )
        except services.RecordsError as exc:
            self.stderr.write(exc.message)
            sys.exit(1)
        self.stdout.write(consignment.bag_path)
