"""When a reply is due: the statutory or target clock of an enquiry kind.

    manage.py contacts_due --kind foi --received 2026-12-18 [--nation scotland]

prints the due date as YYYY-MM-DD (advice and general enquiries use their configured
target in working days; subject access counts calendar months)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regulator.contacts import deadlines
from regulator.contacts.types import NATIONS, EnquiryKind

KINDS = {
    "foi": EnquiryKind.FOI,
    "eir": EnquiryKind.EIR,
    "sar": EnquiryKind.SAR,
    "complaint": EnquiryKind.COMPLAINT_STAGE_1,
    "complaint-2": EnquiryKind.COMPLAINT_STAGE_2,
    "advice": EnquiryKind.ADVICE_FINANCIAL,
    "advice-registration": EnquiryKind.ADVICE_REGISTRATION,
    "general": EnquiryKind.GENERAL,
    "internal-review": EnquiryKind.INTERNAL_REVIEW,
}


class Command(BaseCommand):
    help = "Print the date a reply to an enquiry of this kind received on this day is due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--received", required=True, help="YYYY-MM-DD")
        parser.add_argument("--nation", default="england-and-wales", choices=NATIONS)
        parser.add_argument("--extension", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            received = dt.date.fromisoformat(options["received"])
        except ValueError:
            raise CommandError("--received must be a date written YYYY-MM-DD") from None
        try:
            due = deadlines.due_date(
                KINDS[options["kind"]], received, options["nation"], extension=options["extension"]
            )
        except deadlines.ClockError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(due.isoformat())
