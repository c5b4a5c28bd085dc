"""Send the subscribers' digests that are due (a periodic job: run it hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.audit.types import Actor
from regulator.disclosure.services.subscriptions import digests_send


class Command(BaseCommand):
    help = "Email each subscriber one digest of what was published for what they follow."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="send even if not yet due")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send(
            actor=Actor.system("manage.py disclosure_digests_send"), force=options["now"]
        )
        self.stdout.write(f"{sent} digest emails sent\n")
