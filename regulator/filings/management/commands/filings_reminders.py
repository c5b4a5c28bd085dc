"""Send deadline reminders (14 and 3 days before) and late notices for returns not yet
submitted, and flag late returns. Idempotent: run it daily (scripts/periodic-jobs.txt).

    manage.py filings_reminders
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.audit.types import Actor
from regulator.filings.services import reminders_send


class Command(BaseCommand):
    help = "Send filing deadline reminders and late notices (once per return and milestone)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = reminders_send(actor=Actor.system("manage.py filings_reminders"))
        self.stdout.write(
            f"reminders: {summary.sent['due-14']} at 14 days, {summary.sent['due-3']} at 3 days, "
            f"{summary.sent['late']} late ({summary.flagged_late} flagged late); "
            f"{summary.emails} emails"
        )
