"""Daily: run every risk rule in force and raise or update its alerts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.audit.types import Actor
from regulator.monitoring import services


class Command(BaseCommand):
    help = "Run the monitoring risk rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rule", default="", help="Run only this rule (its code).")

    def handle(self, *args: Any, rule: str, **options: Any) -> None:
        for result in services.rules_run(
            actor=Actor.system("manage.py monitoring_rules"), only=rule
        ):
            self.stdout.write(
                f"{result.rule}: {result.findings} finding(s), {result.raised} new alert(s)"
            )
