"""Compute the unfiltered counts, facets and totals of the published data ahead of the
first visitor, and drop stale ones. A periodic job (see scripts/periodic-jobs.txt)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from regulator.disclosure.answers import answers_warm


class Command(BaseCommand):
    help = "Warm the remembered counts, facets and totals of the published data."

    def handle(self, *args: Any, **options: Any) -> None:
        done = answers_warm()
        self.stdout.write(
            self.style.SUCCESS(
                f"Answers warmed for {done['kinds']} kind-languages; "
                f"dropped {done['dropped']} stale"
            )
        )
