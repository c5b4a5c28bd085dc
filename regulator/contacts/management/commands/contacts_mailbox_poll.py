"""Every minute: take new messages from the shared mailbox over IMAP (CONTACTS_IMAP_*),
thread them onto enquiries or open new ones; unreadable ones wait for a person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from regulator.contacts import services


class Command(BaseCommand):
    help = "Poll the shared mailbox once."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "CONTACTS_IMAP_USER", ""):
            self.stdout.write("no shared mailbox configured (CONTACTS_IMAP_USER)")
            return
        taken = services.mailbox_poll()
        self.stdout.write(f"{len(taken)} message(s) taken")
