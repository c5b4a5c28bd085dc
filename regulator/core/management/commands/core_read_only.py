from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.core.read_only import read_only_is_on, read_only_message, read_only_set


class Command(BaseCommand):
    help = "Turn read-only mode on or off (public search and downloads keep running), or show it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("state", choices=["on", "off", "status"])
        parser.add_argument(
            "--message", default="", help="Shown to filers, e.g. when filing reopens."
        )

    def handle(self, *args: Any, state: str, message: str, **options: Any) -> None:
        if state != "status":
            read_only_set(on=state == "on", message=message)
        if read_only_is_on():
            self.stdout.write(f"Read-only mode is on. {read_only_message()}".strip())
        else:
            self.stdout.write("Read-only mode is off.")
