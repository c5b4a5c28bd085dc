"""What every harvest does: fetch into a temporary file (canonical JSON, one item a line,
as pages arrive, so memory stays bounded), take the snapshot of those bytes (an unchanged
harvest adds nothing), then read the rows in one transaction and only then make the
snapshot current. A fetch or a parse that fails records why on the source and leaves the
last good snapshot in place."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.core import clock
from regulator.monitoring.models import Snapshot, Source
from regulator.monitoring.services.errors import MonitoringError
from regulator.monitoring.services.snapshots import (
    snapshot_begin,
    snapshot_complete,
    source_failed,
    source_get,
)
from regulator.monitoring.sources.http import FetchError
from regulator.monitoring.types import MonitoringErrorCode

BATCH = 1_000


class HarvestError(MonitoringError):
    """A harvest that failed: the source keeps its last good snapshot."""

    code = str(MonitoringErrorCode.SOURCE_FAILED)


@dataclass(frozen=True)
class HarvestResult:
    kind: str
    snapshot: Snapshot | None
    new: bool
    rows: int


def canonical(item: Any) -> bytes:
    text = json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8") + b"\n"


def read_lines(handle: IO[bytes]) -> Iterator[Any]:
    handle.seek(0)
    for line in handle:
        if line.strip():
            yield json.loads(line)


def batches(rows: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def fail(kind: str, reason: str, actor: Any) -> HarvestError:
    """Record the failure on the source and give the error to raise."""
    source_failed(kind=kind, reason=reason, actor=actor)
    return HarvestError(
        _("The %(source)s harvest failed: %(reason)s. The last good snapshot is kept.")
        % {"source": kind, "reason": reason}
    )


Fetch = Callable[[IO[bytes]], Any]
Parse = Callable[[Snapshot, IO[bytes]], int]


def harvest(*, kind: str, actor: Any, file_name: str, fetch: Fetch, parse: Parse) -> HarvestResult:
    """``fetch`` writes the canonical lines and returns the source's own updated time (or
    None); ``parse`` reads them into rows of the snapshot and returns how many."""
    with tempfile.TemporaryFile(prefix="monitoring-harvest-") as spool:
        try:
            updated = fetch(spool)
        except (FetchError, ValueError) as exc:
            raise fail(kind, str(exc), actor) from exc
        spool.flush()
        spool.seek(0)
        snapshot, new = snapshot_begin(
            kind=kind, handle=spool, file_name=file_name, actor=actor, source_updated_at=updated
        )
        if not new:
            Source.objects.filter(pk=source_get(kind).pk).update(last_success_at=clock.now())
            return HarvestResult(kind, snapshot, False, 0)
        try:
            with transaction.atomic():
                rows = parse(snapshot, spool)
                snapshot_complete(snapshot=snapshot, rows=rows, actor=actor)
        except (ValueError, KeyError, TypeError) as exc:
            raise fail(kind, str(exc), actor) from exc
    return HarvestResult(kind, snapshot, True, rows)
