"""Harvest Meta's Ad Library (UK political and issue ads, every page of ``paging.next``)
and import its report CSV. Pages are advertisers (``Advertiser`` with platform
``meta-ads``, keyed by ``page_id``) and ads with their spend range; ads missing from a
newer complete API harvest stay, marked "removed from the library after" the harvest that
last had them. Then the advertisers are matched to the register."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from regulator.monitoring.models import Ad, Advertiser, Snapshot
from regulator.monitoring.services.harvest_common import (
    HarvestResult,
    batches,
    canonical,
    harvest,
    read_lines,
)
from regulator.monitoring.services.matching import matches_refresh_advertisers
from regulator.monitoring.sources import meta_ads as fmt
from regulator.monitoring.sources.http import Client
from regulator.monitoring.types import SourceKind

PLATFORM = SourceKind.META_ADS
API_FILE = "meta-ads-archive-gb.jsonl"


def _ensure_advertisers(rows: list[fmt.MetaAdRow], snapshot: Snapshot) -> dict[str, int]:
    names = {row.page_id: row.page_name for row in rows}
    Advertiser.objects.bulk_create(
        [
            Advertiser(
                platform=PLATFORM,
                advertiser_id=page_id,
                name=name[:300],
                uk=True,
                first_snapshot=snapshot,
                last_snapshot=snapshot,
            )
            for page_id, name in names.items()
        ],
        update_conflicts=True,
        unique_fields=["platform", "advertiser_id"],
        update_fields=["name", "uk", "last_snapshot", "removed_after"],
    )
    return dict(
        Advertiser.objects.filter(platform=PLATFORM, advertiser_id__in=list(names)).values_list(
            "advertiser_id", "pk"
        )
    )


def _parse_api(snapshot: Snapshot, spool: IO[bytes]) -> int:
    count = 0
    for batch in batches(fmt.ad_row(item) for item in read_lines(spool)):
        known = _ensure_advertisers(batch, snapshot)
        Ad.objects.bulk_create(
            [
                Ad(
                    platform=PLATFORM,
                    ad_id=row.ad_id,
                    advertiser_id=known[row.page_id],
                    start=row.start,
                    end=row.stop,
                    spend_min_pence=row.spend_min_pence,
                    spend_max_pence=row.spend_max_pence,
                    bylines=row.bylines[:500],
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
                "bylines",
                "snapshot",
                "removed_after",
            ],
        )
        count += len(batch)
    previous = (
        Snapshot.objects.filter(source=snapshot.source, complete=True, file_name=API_FILE)
        .exclude(pk=snapshot.pk)
        .order_by("-fetched_at")
        .first()
    )
    if previous is not None:
        Ad.objects.filter(platform=PLATFORM, removed_after__isnull=True).exclude(
            snapshot=snapshot
        ).update(removed_after=previous.fetched_at)
    return count


def meta_ads_harvest(*, actor: Any, client: Client | None = None) -> HarvestResult:
    """Every UK political and issue ad of the Ad Library (since ``MONITORING_META_SINCE``)."""
    token = getattr(settings, "META_ACCESS_TOKEN", "")
    api = client or Client(timeout=getattr(settings, "MONITORING_HTTP_TIMEOUT", 30.0))

    def fetch(spool: IO[bytes]) -> None:
        if not token:
            raise ValueError(_("META_ACCESS_TOKEN is not set"))
        for page in fmt.pages(
            api,
            getattr(settings, "MONITORING_META_URL", ""),
            token,
            getattr(settings, "MONITORING_META_SINCE", ""),
        ):
            for item in page:
                spool.write(canonical(item))

    result = harvest(kind=PLATFORM, actor=actor, file_name=API_FILE, fetch=fetch, parse=_parse_api)
    if result.new:
        matches_refresh_advertisers(platform=PLATFORM)
    return result


def meta_ads_report_import(*, path: Path, actor: Any) -> HarvestResult:
    """The Ad Library report CSV: each page's lifetime UK spend (``≤100`` counts as
    nothing certain), its disclaimer and number of ads."""

    def fetch(spool: IO[bytes]) -> None:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                spool.write(chunk)

    def parse(snapshot: Snapshot, spool: IO[bytes]) -> int:
        spool.seek(0)
        count = 0
        for batch in batches(row for _n, row in fmt.report_rows(spool)):
            Advertiser.objects.bulk_create(
                [
                    Advertiser(
                        platform=PLATFORM,
                        advertiser_id=row.page_id,
                        name=row.page_name[:300],
                        bylines=row.disclaimer[:500],
                        uk=True,
                        total_creatives=row.ads,
                        spend_gbp_pence=row.spend_gbp_pence,
                        first_snapshot=snapshot,
                        last_snapshot=snapshot,
                    )
                    for row in batch
                ],
                update_conflicts=True,
                unique_fields=["platform", "advertiser_id"],
                update_fields=[
                    "name",
                    "bylines",
                    "uk",
                    "total_creatives",
                    "spend_gbp_pence",
                    "last_snapshot",
                ],
            )
            count += len(batch)
        if not count:
            raise ValueError(_("the report has no rows"))
        return count

    result = harvest(kind=PLATFORM, actor=actor, file_name=path.name, fetch=fetch, parse=parse)
    if result.new:
        matches_refresh_advertisers(platform=PLATFORM)
    return result
