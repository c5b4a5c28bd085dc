"""manage.py audit_verify: recompute the audit chain and name the first broken link.

Read-only, so anyone with read access to the database can run it (it records nothing).
With no arguments it compares the chain with the checkpoints in the database and in the
separate checkpoint store (``settings.AUDIT_CHECKPOINT_STORE``), every signature checked
with the public half of the local signing key. Exit status 0 when the chain is valid, 1
when it is not, or when there are checkpoints but no public key to check them with, or the
store is missing while the database holds checkpoints; 2 for bad arguments or an
unreadable checkpoint source. Run daily (scripts/periodic-jobs.txt).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from regulator.audit import signing
from regulator.audit.verify import (
    Checkpoint,
    CheckpointSourceError,
    chain_verify,
    database_checkpoints,
    load_checkpoints,
    load_public_key,
)


class Command(BaseCommand):
    help = (
        "Recompute every hash and link of the audit chain, check the chain head and the "
        "signed checkpoints, and name the first broken link. Exit 0 when valid, 1 if not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            nargs="+",
            action="extend",
            default=[],
            metavar="PATH_OR_URL",
            help="Published checkpoints to compare with: a JSON file, the checkpoint store "
            "(JSON lines), or the URL of /audit/checkpoints.json. May be repeated.",
        )
        parser.add_argument(
            "--public-key",
            nargs="+",
            action="extend",
            default=[],
            metavar="PATH_OR_URL",
            help="Ed25519 public key(s) (PEM) that checkpoints must be signed with, e.g. the "
            "URL of /audit/public-key.pem. Defaults to the public half of the local "
            "signing key file when it exists.",
        )
        parser.add_argument(
            "--no-database-checkpoints",
            action="store_true",
            help="Do not check the checkpoints stored in the database.",
        )
        parser.add_argument(
            "--no-checkpoint-store",
            action="store_true",
            help="Do not read the separate checkpoint store (AUDIT_CHECKPOINT_STORE).",
        )

    def fail(self, message: str, status: int) -> None:
        self.stderr.write(message)
        raise SystemExit(status)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            keys: list[Ed25519PublicKey] = [load_public_key(k) for k in options["public_key"]]
            external: list[Checkpoint] = []
            for location in options["checkpoints"]:
                external.extend(load_checkpoints(location))
        except CheckpointSourceError as error:
            self.fail(error.message, 2)
        if not keys and signing.key_file().exists():
            try:
                keys.append(signing.private_key(create=False).public_key())
            except signing.SigningKeyInvalidError as error:
                self.fail(error.message, 2)
        if options["checkpoints"] and not keys:
            self.fail(
                "Give --public-key (e.g. https://<site>/audit/public-key.pem): the "
                "checkpoints' signatures cannot be checked without it.",
                2,
            )
        checkpoints = list(external)
        stored = [] if options["no_database_checkpoints"] else database_checkpoints()
        checkpoints.extend(stored)
        if not options["no_checkpoint_store"]:
            store = Path(settings.AUDIT_CHECKPOINT_STORE)
            if store.exists():
                try:
                    checkpoints.extend(load_checkpoints(str(store)))
                except CheckpointSourceError as error:
                    self.fail(error.message, 2)
            elif stored:
                self.fail(
                    f"Audit chain NOT VERIFIED: the database holds {len(stored)} checkpoint(s) "
                    f"but the separate checkpoint store {store} is missing. Restore it from "
                    "a backup (or pass --checkpoints with a saved copy).",
                    1,
                )
        if checkpoints and not keys:
            self.fail(
                f"Audit chain NOT VERIFIED: {len(checkpoints)} checkpoint(s) but no public key "
                "to check their signatures. Give --public-key (e.g. https://<site>/audit/"
                "public-key.pem) or run where the signing key file is.",
                1,
            )
        result = chain_verify(checkpoints=checkpoints, public_keys=keys, check_signatures=True)
        if result.first is not None:
            finding = result.first
            where = f" at #{finding.seq}" if finding.seq is not None else ""
            self.fail(f"Audit chain INVALID{where} [{finding.code}]: {finding.message}", 1)
        self.stdout.write(
            f"Audit chain valid: {result.length} events, head hash {result.head_hash}, "
            f"{result.checkpoints_checked} checkpoint(s) matched."
        )
