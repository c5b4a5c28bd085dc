"""Daily: mark contacts with nothing happening for CONTACTS_INACTIVE_AFTER_DAYS (and no open
enquiry) as inactive, which starts the retention clock of their correspondence's files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.audit.types import Actor
from regulator.contacts import services


class Command(BaseCommand):
    help = "Mark contacts inactive and start their correspondence's retention clock."

    def handle(self, *args: Any, **options: Any) -> None:
        marked = services.contacts_mark_inactive(actor=Actor.system("manage.py contacts_inactive"))
        self.stdout.write(f"{len(marked)} contact(s) now inactive")
