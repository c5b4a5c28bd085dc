"""Declare into the records store the documents of returns submitted before returns
declared their own (once, after upgrading; safe to run again).

    manage.py filings_documents_declare
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.audit.types import Actor
from regulator.filings.services import submitted_documents_declare


class Command(BaseCommand):
    help = "Declare the documents of every submitted return as records (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = submitted_documents_declare(
            actor=Actor.system("manage.py filings_documents_declare")
        )
        self.stdout.write(
            f"{done.documents} documents of {done.versions} submitted versions declared; "
            f"retention clocks started for {done.published} records of published returns"
        )
