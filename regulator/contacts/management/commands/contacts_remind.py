"""Daily: remind the assignee (or team) of each open enquiry due within
CONTACTS_REMIND_WORKING_DAYS working days, once each."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.contacts import services


class Command(BaseCommand):
    help = "Send reminders of enquiries due soon."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = services.enquiries_remind()
        self.stdout.write(f"{len(reminded)} reminder(s) sent")
