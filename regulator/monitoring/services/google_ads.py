"""Import Google's political ads transparency report (the bundle zip or its CSVs) into a
snapshot: UK advertisers with their lifetime GBP spend, and UK ads with their spend range
and dates. Streaming, in batches; one transaction, so a file that fails half-way leaves
the last good snapshot in place. Advertisers and ads missing from a newer complete
harvest stay, marked "removed from the library after" the harvest that last had them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.monitoring.models import Ad, Advertiser, Snapshot
from regulator.monitoring.services.errors import UnreadableError
from regulator.monitoring.services.snapshots import (
    snapshot_begin,
    snapshot_complete,
    source_failed,
)
from regulator.monitoring.sources import google_ads as fmt
from regulator.monitoring.types import SourceKind

BATCH = 5_000
PLATFORM = SourceKind.GOOGLE_ADS


@dataclass(frozen=True)
class ImportResult:
    snapshot: Snapshot
    new: bool
    advertisers: int
    ads: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return (self.advertisers + self.ads) / self.seconds if self.seconds else 0.0


def _batches(rows: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _advertisers(bundle: fmt.Bundle, snapshot: Snapshot) -> tuple[int, set[str]]:
    seen: set[str] = set()
    count = 0
    with bundle.open(fmt.ADVERTISERS) as handle:
        if handle is None:
            return 0, seen
        for batch in _batches(row for _n, row in fmt.advertisers(handle)):
            Advertiser.objects.bulk_create(
                [
                    Advertiser(
                        platform=PLATFORM,
                        advertiser_id=row.advertiser_id,
                        name=row.name[:300],
                        regions=row.regions[:500],
                        public_ids=row.public_ids[:500],
                        uk=True,
                        total_creatives=row.total_creatives,
                        spend_gbp_pence=row.spend_gbp_pence,
                        first_snapshot=snapshot,
                        last_snapshot=snapshot,
                        removed_after=None,
                    )
                    for row in batch
                ],
                update_conflicts=True,
                unique_fields=["platform", "advertiser_id"],
                update_fields=[
                    "name",
                    "regions",
                    "public_ids",
                    "uk",
                    "total_creatives",
                    "spend_gbp_pence",
                    "last_snapshot",
                    "removed_after",
                ],
            )
            seen.update(row.advertiser_id for row in batch)
            count += len(batch)
    return count, seen


def _ads(bundle: fmt.Bundle, snapshot: Snapshot) -> int:
    count = 0
    with bundle.open(fmt.CREATIVES) as handle:
        if handle is None:
            return 0
        known: dict[str, int] = dict(
            Advertiser.objects.filter(platform=PLATFORM).values_list("advertiser_id", "pk")
        )
        for batch in _batches(row for _n, row in fmt.creatives(handle)):
            names = {r.advertiser_id: r.advertiser_name for r in batch}
            missing = {key: names[key] for key in names.keys() - known.keys()}
            if missing:
                Advertiser.objects.bulk_create(
                    [
                        Advertiser(
                            platform=PLATFORM,
                            advertiser_id=key,
                            name=missing[key][:300],
                            uk=True,
                            first_snapshot=snapshot,
                            last_snapshot=snapshot,
                        )
                        for key in missing
                    ],
                    ignore_conflicts=True,
                )
                known.update(
                    Advertiser.objects.filter(
                        platform=PLATFORM, advertiser_id__in=list(missing)
                    ).values_list("advertiser_id", "pk")
                )
            Ad.objects.bulk_create(
                [
                    Ad(
                        platform=PLATFORM,
                        ad_id=row.ad_id,
                        advertiser_id=known[row.advertiser_id],
                        start=row.start,
                        end=row.end,
                        spend_min_pence=row.spend_min_pence,
                        spend_max_pence=row.spend_max_pence,
                        snapshot=snapshot,
                        removed_after=None,
                    )
                    for row in batch
                ],
                update_conflicts=True,
                unique_fields=["platform", "ad_id"],
                update_fields=[
                    "advertiser",
                    "start",
                    "end",
                    "spend_min_pence",
                    "spend_max_pence",
                    "snapshot",
                    "removed_after",
                ],
            )
            count += len(batch)
    return count


def _mark_removed(snapshot: Snapshot, seen: set[str], had_ads: bool) -> None:
    previous = (
        Snapshot.objects.filter(source=snapshot.source, complete=True)
        .exclude(pk=snapshot.pk)
        .order_by("-fetched_at")
        .first()
    )
    if previous is None:
        return
    if seen:
        Advertiser.objects.filter(platform=PLATFORM, removed_after__isnull=True).exclude(
            last_snapshot=snapshot
        ).update(removed_after=previous.fetched_at)
    if had_ads:
        Ad.objects.filter(platform=PLATFORM, removed_after__isnull=True).exclude(
            snapshot=snapshot
        ).update(removed_after=previous.fetched_at)


def google_ads_import(*, path: Path, actor: Any) -> ImportResult:
    """Import the bundle or one of its CSVs; an unchanged file adds nothing."""
    bundle = fmt.Bundle(path)
    with bundle.open(fmt.UPDATED) as handle:
        updated = fmt.updated_at(handle) if handle is not None else None
    started = time.monotonic()
    with path.open("rb") as raw:
        snapshot, new = snapshot_begin(
            kind=PLATFORM, handle=raw, file_name=path.name, actor=actor, source_updated_at=updated
        )
    if not new:
        return ImportResult(snapshot, False, 0, 0, time.monotonic() - started)
    try:
        with transaction.atomic():
            advertisers, seen = _advertisers(bundle, snapshot)
            ads = _ads(bundle, snapshot)
            if not advertisers and not ads:
                raise UnreadableError(
                    _("The file holds neither advertiser stats nor creative stats.")
                )
            _mark_removed(snapshot, seen, ads > 0)
            snapshot_complete(snapshot=snapshot, rows=advertisers + ads, actor=actor)
    except fmt.FormatError as exc:
        source_failed(kind=PLATFORM, reason=str(exc), actor=actor)
        raise UnreadableError(
            _("%(file)s, row %(row)d, column %(column)s: %(value)s %(why)s")
            % {
                "file": exc.file,
                "row": exc.row,
                "column": exc.column,
                "value": repr(exc.value[:60]),
                "why": exc.why,
            }
        ) from exc
    except UnreadableError as exc:
        source_failed(kind=PLATFORM, reason=exc.message, actor=actor)
        raise
    return ImportResult(snapshot, True, advertisers, ads, time.monotonic() - started)
