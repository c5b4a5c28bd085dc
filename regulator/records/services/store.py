"""The content-addressed, write-once store: bytes named by their SHA-256, saved through
the Django storage named "records" and never overwritten. The hash is checked when the
bytes are written (read back), on every read and on export; a mismatch is recorded as an
``IntegrityIncident`` (and audited) and raised, never passed over."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import Actor
from regulator.core import clock
from regulator.core.errors import RegulatorError
from regulator.records.models import Blob, IntegrityIncident, Record
from regulator.records.types import RecordsErrorCode

FOLDER = "records"
CHUNK = 1 << 20


class RecordsError(RegulatorError):
    """A refusal of the records area, with a code from ``RecordsErrorCode``."""


class StoreIntegrityError(RecordsError):
    """Stored bytes that no longer match their SHA-256 (an incident has been recorded)."""

    def __init__(self, message: str, *, blob: Blob, actual: str) -> None:
        super().__init__(message, code=RecordsErrorCode.INTEGRITY)
        self.blob = blob
        self.actual = actual


def store() -> Storage:
    return storages["records"]


def blob_name(digest: str) -> str:
    return f"{FOLDER}/{digest[:2]}/{digest[2:4]}/{digest}"


def _hash_stream(chunks: Iterator[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def stored_hash(name: str) -> str:
    """The SHA-256 of the bytes stored under ``name`` now ("" when they are missing)."""
    storage = store()
    if not storage.exists(name):
        return ""
    with storage.open(name, "rb") as handle:
        return _hash_stream(_chunks(handle))[0]


def incident_record(*, blob: Blob, actual: str, where: str, record: Record | None = None) -> None:
    """Record (committed at once: callers check bytes outside their own transaction) that the
    bytes of ``blob`` did not match, with the records they belong to."""
    with transaction.atomic():
        records = list(blob.records.values_list("reference", flat=True)) or (
            [record.reference] if record is not None else []
        )
        IntegrityIncident.objects.create(
            blob=blob,
            record=record if record is not None else blob.records.first(),
            detected_at=clock.now(),
            where=where,
            actual_sha256=actual,
        )
        audit_record(
            actor=Actor.system("records store"),
            action="records.integrity_failed",
            subject=("records.blob", blob.sha256),
            payload={"where": where, "expected": blob.sha256, "actual": actual, "records": records},
        )


def integrity_failure(
    blob: Blob, actual: str, where: str, record: Record | None = None
) -> StoreIntegrityError:
    """Report the mismatch as an incident (with its records) and return the error."""
    incident_record(blob=blob, actual=actual, where=where, record=record)
    who = record.reference if record is not None else blob.sha256[:12]
    return StoreIntegrityError(
        _("The stored content of %(record)s does not match its fingerprint: it has been reported.")
        % {"record": who},
        blob=blob,
        actual=actual,
    )


def blob_put(*, data: bytes | IO[bytes]) -> Blob:
    """The blob holding ``data`` (bytes, or an open binary file read in chunks so that a
    harvest of millions of rows never sits in memory): written once (an existing copy is
    checked, not replaced), read back and checked. Duplicate bytes share one blob."""
    if isinstance(data, bytes):
        digest, size = hashlib.sha256(data).hexdigest(), len(data)
        content: File[bytes] = ContentFile(data)
    else:
        data.seek(0)
        digest, size = _hash_stream(_chunks(data))
        data.seek(0)
        content = File(data)
    if not size:
        raise RecordsError(_("The document is empty."), code=RecordsErrorCode.EMPTY)
    name = blob_name(digest)
    storage = store()
    blob = Blob.objects.filter(sha256=digest).first()
    if storage.exists(name):
        actual = stored_hash(name)
        if actual != digest:
            if blob is None:
                blob = Blob.objects.create(
                    sha256=digest, size=size, name=name, stored_at=clock.now()
                )
            raise integrity_failure(blob, actual, "write")
    else:
        saved = storage.save(name, content)
        if saved != name:  # the storage chose another name: never accept a second copy
            storage.delete(saved)
            raise RecordsError(
                _("The store could not keep the document under its fingerprint."),
                code=RecordsErrorCode.INTEGRITY,
            )
        actual = stored_hash(name)
        if actual != digest:
            blob = blob or Blob.objects.create(
                sha256=digest, size=size, name=name, stored_at=clock.now()
            )
            raise integrity_failure(blob, actual, "write")
    if blob is None:
        blob = Blob.objects.create(sha256=digest, size=size, name=name, stored_at=clock.now())
    elif blob.removed_at is not None:
        Blob.objects.filter(pk=blob.pk).update(removed_at=None)
        blob.removed_at = None
    return blob


def blob_read(*, blob: Blob, where: str = "read", record: Record | None = None) -> bytes:
    """The bytes of ``blob``, checked against its SHA-256 (an incident when they differ)."""
    storage = store()
    if blob.removed_at is not None or not storage.exists(blob.name):
        raise integrity_failure(blob, "", where, record)
    with storage.open(blob.name, "rb") as handle:
        data = handle.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != blob.sha256:
        raise integrity_failure(blob, actual, where, record)
    return data


def blob_remove_if_unused(*, blob: Blob) -> bool:
    """Delete the bytes once no kept record uses them (after the disposal committed)."""
    from regulator.records.types import RecordState

    kept = blob.records.filter(state__in=[RecordState.DECLARED, RecordState.REDACTED]).exists()
    if kept:
        return False
    store().delete(blob.name)
    Blob.objects.filter(pk=blob.pk).update(removed_at=clock.now())
    return True


def store_verify() -> list[tuple[Blob, str]]:
    """Re-hash every blob a kept record uses; (blob, actual hash) for each that differs,
    each reported as an incident. Bytes of disposed records left by a disposal cut off
    before it removed them are removed here."""
    from regulator.records.types import RecordState

    bad: list[tuple[Blob, str]] = []
    kept = [RecordState.DECLARED, RecordState.REDACTED]
    for blob in Blob.objects.filter(removed_at__isnull=True).iterator():
        if not blob.records.filter(state__in=kept).exists():
            # A disposed record lets go of its blob; bytes left by a run cut off between
            # its commit and the deletion are removed here.
            disposed = Record.objects.filter(
                sha256=blob.sha256, state__in=[RecordState.DESTROYED, RecordState.TRANSFERRED]
            ).exists()
            if disposed or blob.records.exists():
                blob_remove_if_unused(blob=blob)
            continue
        actual = stored_hash(blob.name)
        if actual != blob.sha256:
            incident_record(blob=blob, actual=actual, where="verify")
            bad.append((blob, actual))
    return bad
