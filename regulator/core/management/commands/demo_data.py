from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.core.demo import demo_modules


class Command(BaseCommand):
    help = "Load the demo data that each area contributes (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply the bulk demo rows (benchmarks use large values).",
        )

    def handle(self, *args: Any, scale: int, **options: Any) -> None:
        if scale < 1:
            self.stderr.write("--scale must be 1 or more")
            raise SystemExit(2)
        for module in demo_modules():
            area = module.__name__.split(".")[1]
            self.stdout.write(f"Loading demo data: {area}")
            # No transaction around a whole area: submitting a return is a durable
            # transaction of its own (filings), and every load is idempotent, so a load
            # that stops half-way is finished by running the command again.
            module.load(scale=scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
