"""Harvests as immutable snapshots: the raw bytes are a record (class MON-SNP) and the
snapshot row is made once per source and SHA-256, so re-harvesting unchanged data adds
nothing. A source's ``current`` snapshot moves only when a harvest completes: a failed or
partial harvest keeps the last good one (and says why on the sources page)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.monitoring.models import Snapshot, Source
from regulator.records import services as records_services
from regulator.records.types import Declaration

SNAPSHOT_CLASS = "MON-SNP"
CHUNK = 1 << 20


def source_get(kind: str) -> Source:
    source, _created = Source.objects.get_or_create(kind=kind)
    return source


def file_sha256(handle: IO[bytes]) -> tuple[str, int]:
    handle.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return digest.hexdigest(), size


def snapshot_begin(
    *,
    kind: str,
    handle: IO[bytes],
    file_name: str,
    actor: Any,
    source_updated_at: dt.datetime | None = None,
) -> tuple[Snapshot, bool]:
    """The snapshot of these bytes, and whether it is new (an unchanged harvest returns
    the existing one, so its rows are not parsed again)."""
    source = source_get(kind)
    digest, size = file_sha256(handle)
    existing = Snapshot.objects.filter(source=source, sha256=digest).first()
    if existing is not None and existing.complete:
        return existing, False
    # An empty harvest (a feed or register with nothing new) is a snapshot too, with
    # nothing for the records store to keep.
    record_reference = ""
    if size:
        record = records_services.record_declare(
            declaration=Declaration(
                record_class=SNAPSHOT_CLASS,
                title=f"{kind} harvest {digest[:12]}",
                source="monitoring.snapshot",
                source_id=f"{kind}/{digest[: min(48, 63 - len(kind))]}",
                file_name=Path(file_name).name,
            ),
            content=handle,
            actor=actor,
        )
        record_reference = record.reference
    handle.seek(0)
    if existing is not None:
        return existing, True
    with transaction.atomic():
        snapshot = Snapshot.objects.create(
            source=source,
            fetched_at=clock.now(),
            source_updated_at=source_updated_at,
            sha256=digest,
            size=size,
            record_reference=record_reference,
            file_name=Path(file_name).name[:255],
        )
        audit_record(
            actor=actor,
            action="monitoring.snapshot_taken",
            subject=snapshot,
            payload={"source": kind, "sha256": digest, "size": size, "record": record_reference},
        )
    return snapshot, True


def snapshot_complete(*, snapshot: Snapshot, rows: int, actor: Any) -> Snapshot:
    with transaction.atomic():
        snapshot.rows = rows
        snapshot.complete = True
        snapshot.save(update_fields=["rows", "complete"])
        Source.objects.filter(pk=snapshot.source_id).update(
            current=snapshot, last_success_at=clock.now()
        )
        audit_record(
            actor=actor,
            action="monitoring.snapshot_complete",
            subject=snapshot,
            payload={"source": snapshot.source.kind, "rows": rows},
        )
    return snapshot


def source_failed(*, kind: str, reason: str, actor: Any) -> None:
    """Keep the last good snapshot; say when and why the harvest failed."""
    with transaction.atomic():
        source = source_get(kind)
        source.last_failure_at = clock.now()
        source.last_failure_reason = reason[:2000]
        source.save(update_fields=["last_failure_at", "last_failure_reason"])
        audit_record(
            actor=actor,
            action="monitoring.harvest_failed",
            subject=source,
            payload={"source": kind, "reason": reason[:500]},
        )
