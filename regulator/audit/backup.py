"""The audit area's part of every backup: the chain's head when the backup was taken, the
separate checkpoint store and the checkpoints' public key (never the private key); after
a restore, the chain is verified against those checkpoints. Registered with core's
backup in ``AuditConfig.ready()``."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command

from regulator.audit import signing
from regulator.audit.models import AuditChainHead

STORE_FILE = "audit-checkpoints.jsonl"
PUBLIC_KEY_FILE = "audit-public-key.pem"


class AuditBackupPart:
    name = "audit"

    def facts(self) -> dict[str, Any]:
        head = AuditChainHead.objects.filter(pk=1).first()
        return {
            "audit_head": {"size": head.seq, "hash": head.hash} if head else {"size": 0, "hash": ""}
        }

    def files_write(self, destination: Path) -> list[str]:
        files = []
        store = Path(settings.AUDIT_CHECKPOINT_STORE)
        if store.exists():
            shutil.copy2(store, destination / STORE_FILE)
            files.append(STORE_FILE)
        if signing.key_file().exists():
            public_key = signing.public_key_pem(signing.private_key(create=False).public_key())
            (destination / PUBLIC_KEY_FILE).write_text(public_key)
            files.append(PUBLIC_KEY_FILE)
        return files

    def files_restore(self, source: Path) -> None:
        if (source / STORE_FILE).exists():
            store = Path(settings.AUDIT_CHECKPOINT_STORE)
            if not store.exists():
                store.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / STORE_FILE, store)

    def verify(self, source: Path, *, options: Mapping[str, Any], stdout: Any, stderr: Any) -> None:
        store = source / STORE_FILE
        key = source / PUBLIC_KEY_FILE
        sources = list(options.get("checkpoints") or ([str(store)] if store.exists() else []))
        keys = list(options.get("public_key") or ([str(key)] if key.exists() else []))
        verify_args: list[str] = []
        if sources:
            verify_args += ["--checkpoints", *sources]
        if keys:
            verify_args += ["--public-key", *keys]
        call_command("audit_verify", *verify_args, stdout=stdout, stderr=stderr)
