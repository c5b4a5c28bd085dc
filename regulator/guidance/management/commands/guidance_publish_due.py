"""Publish the approved guidance whose time has come, and bring the search index to the
versions in force today (a periodic job: run it hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.audit.types import Actor
from regulator.guidance.services import versions_publish_due


class Command(BaseCommand):
    help = "Publish scheduled guidance versions and refresh the search index."

    def handle(self, *args: Any, **options: Any) -> None:
        count = versions_publish_due(actor=Actor.system("manage.py guidance_publish_due"))
        self.stdout.write(f"{count} guidance versions published\n")
