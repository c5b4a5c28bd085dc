"""manage.py audit_checkpoint: sign the chain's length and head hash and publish it.

Writes the checkpoint to the database (served at /audit/checkpoints.json) and appends it
to the separate store (settings.AUDIT_CHECKPOINT_STORE); records the act in the chain as
the system actor. Run it periodically (cron); see docs/audit.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regulator.audit.services import checkpoint_write
from regulator.audit.signing import SigningKeyInvalidError, SigningKeyMissingError
from regulator.audit.types import Actor


class Command(BaseCommand):
    help = "Write a signed checkpoint of the audit chain's head (size, hash, time)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = checkpoint_write(actor=Actor.system("manage.py audit_checkpoint"))
        except (SigningKeyMissingError, SigningKeyInvalidError) as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"Checkpoint written: size {checkpoint.size}, head hash {checkpoint.head_hash}, "
            f"key {checkpoint.key_id}. Published at /audit/checkpoints.json and appended to "
            f"{settings.AUDIT_CHECKPOINT_STORE}."
        )
