"""The periodic disposal job: list the records due today (not held, not in an open
batch) in a new batch for records managers to review, then finish the disposal of every
twice-approved batch (also after a crash): each approved record is destroyed with its
certificate, or left intact.

    manage.py records_disposal_run [--batch REFERENCE]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from regulator.audit.types import Actor
from regulator.core import clock
from regulator.records import services
from regulator.records.models import DisposalBatch
from regulator.records.types import BatchState


class Command(BaseCommand):
    help = "Dispose of the approved records of twice-approved batches not yet finished."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["batch"]:
            created = services.disposal_batch_create(
                as_of=clock.local_today(), actor=Actor.system("records_disposal_run")
            )
            if created is not None:
                self.stdout.write(f"{created.reference}: {created.items.count()} to review")
        batches = DisposalBatch.objects.filter(
            state=BatchState.APPROVED, second_approved_by__isnull=False
        )
        if options["batch"]:
            batches = batches.filter(reference=options["batch"])
        for batch in batches:
            done = services.disposal_batch_run(batch=batch)
            self.stdout.write(f"{batch.reference}: {done} disposed of")
