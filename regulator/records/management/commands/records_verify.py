"""Re-hash every stored record; exit 1 naming each record whose bytes changed (each is
recorded as an integrity incident).

    manage.py records_verify
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand

from regulator.records import services
from regulator.records.models import Blob


class Command(BaseCommand):
    help = "Re-hash the records store and report every record whose bytes changed."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        bad = services.store_verify()
        took = time.monotonic() - started
        for blob, actual in bad:
            references = ", ".join(blob.records.values_list("reference", flat=True))
            found = actual or "missing"
            self.stdout.write(f"CHANGED {references}: expected {blob.sha256}, found {found}")
        checked = Blob.objects.filter(removed_at__isnull=True).count()
        self.stderr.write(f"{checked} stored files checked in {took:.2f} s")
        if bad:
            sys.exit(1)
        self.stdout.write("OK")
