"""Each signed audit checkpoint is kept as a record (class ``AUD-CHK``): the statement
"the chain had this length and head hash" then lives in the governed store too, under
its own hash, retained and reviewed like any other record; it is the evidence that a
later copy of the chain has not been rewritten."""

from __future__ import annotations

import json

from regulator.audit.types import CheckpointWritten
from regulator.records.services import record_declare
from regulator.records.types import Declaration

SOURCE = "audit.checkpoint"


def checkpoint_declare(written: CheckpointWritten) -> None:
    checkpoint = written.checkpoint
    content = (json.dumps(checkpoint, sort_keys=True) + "\n").encode()
    record_declare(
        declaration=Declaration(
            record_class="AUD-CHK",
            title=f"Audit checkpoint at event {checkpoint['size']} ({checkpoint['created_at']})",
            source=SOURCE,
            source_id=f"{checkpoint['size']}-{checkpoint['head_hash'][:16]}",
            file_name=f"checkpoint-{checkpoint['size']}.json",
        ),
        content=content,
        actor=written.actor,
    )
