"""Meta's Ad Library through a loopback fake of its API: UK political ads over every page
of ``paging.next`` with spend ranges and bylines; unchanged harvests add nothing; a
failure half-way keeps the last good snapshot (and never records the token); the report
CSV's ``≤100``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from regulator.audit.types import Actor
from regulator.monitoring import services
from regulator.monitoring.models import Ad, Advertiser, Snapshot, Source
from regulator.monitoring.testing import Fake, as_json, serving
from regulator.records import selectors as records_selectors

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")
TOKEN = "meta-test-token"


def ad(n: int, page: str = "111", low: str = "100", high: str | None = "199") -> dict[str, Any]:
    spend = {"lower_bound": low} | ({"upper_bound": high} if high is not None else {})
    return {
        "id": f"90000{n}",
        "page_id": page,
        "page_name": "Ready4Rishi" if page == "111" else "Campaign For Hedgehogs",
        "bylines": "Paid for by Ready4Rishi Ltd",
        "ad_delivery_start_time": f"2024-05-2{n}",
        "ad_delivery_stop_time": "2024-06-01",
        "currency": "GBP",
        "spend": spend,
        "impressions": {"lower_bound": "1000", "upper_bound": "1999"},
    }


@pytest.fixture
def fake(settings: Any) -> Iterator[Fake]:
    with serving() as server:
        settings.META_ACCESS_TOKEN = TOKEN
        settings.MONITORING_META_SINCE = "2024-01-01"
        yield server


def test_every_page_is_read_with_spend_ranges_and_unchanged_adds_nothing(
    fake: Fake, settings: Any
) -> None:
    ads = [ad(1), ad(2, high=None, low="100000"), ad(3, page="222"), ad(4), ad(5)]
    settings.MONITORING_META_URL = fake.meta(ads, token=TOKEN, per_page=2)
    result = services.meta_ads_harvest(actor=ACTOR)
    assert result.new
    assert result.rows == 5
    assert len([p for p in fake.seen if p.endswith("ads_archive")]) == 3
    first = Ad.objects.get(ad_id="900001")
    assert (first.spend_min_pence, first.spend_max_pence) == (10_000, 19_900)
    assert first.bylines == "Paid for by Ready4Rishi Ltd"
    assert Ad.objects.get(ad_id="900002").spend_max_pence is None
    assert Advertiser.objects.filter(platform="meta-ads").count() == 2
    assert result.snapshot is not None
    record = records_selectors.record_get(reference=result.snapshot.record_reference)
    assert record is not None
    assert record.sha256 == result.snapshot.sha256
    assert Source.objects.get(kind="meta-ads").current == result.snapshot
    again = services.meta_ads_harvest(actor=ACTOR)
    assert not again.new
    assert Snapshot.objects.filter(source__kind="meta-ads").count() == 1


def test_a_failure_half_way_keeps_the_last_good_snapshot(fake: Fake, settings: Any) -> None:
    settings.MONITORING_META_URL = fake.meta([ad(1), ad(2), ad(3)], token=TOKEN)
    good = services.meta_ads_harvest(actor=ACTOR)

    def broken(path: str, query: dict[str, str], headers: dict[str, str]) -> Any:
        if query.get("after"):
            return as_json({"error": {"message": "Please reduce the amount of data"}}, 500)
        return as_json(
            {
                "data": [ad(1, low="5000", high="5999")],
                "paging": {"next": f"{fake.base}/v21.0/ads_archive?after=1&access_token={TOKEN}"},
            }
        )

    fake.route("/v21.0/ads_archive", broken)
    with pytest.raises(CommandError) as caught:
        call_command("monitoring_harvest", "meta-ads")
    source = Source.objects.get(kind="meta-ads")
    assert source.current == good.snapshot
    assert "500" in source.last_failure_reason
    assert TOKEN not in source.last_failure_reason
    assert TOKEN not in str(caught.value)
    assert Ad.objects.get(ad_id="900001").spend_min_pence == 10_000
    assert Snapshot.objects.filter(source__kind="meta-ads").count() == 1


def test_without_a_token_the_command_fails_and_says_why(settings: Any) -> None:
    settings.META_ACCESS_TOKEN = ""
    with pytest.raises(CommandError, match="META_ACCESS_TOKEN"):
        call_command("monitoring_harvest", "meta-ads")
    assert "META_ACCESS_TOKEN" in Source.objects.get(kind="meta-ads").last_failure_reason


def test_the_report_csv_reads_small_amounts_as_nothing_certain(tmp_path: Path) -> None:
    path = tmp_path / "FacebookAdLibraryReport_2024-07-01_GB_lifelong_advertisers.csv"
    path.write_text(
        "Page ID,Page name,Disclaimer,Amount spent (GBP),Number of ads in Library\n"
        '111,Ready4Rishi,Ready4Rishi Ltd,"12,345",40\n'
        "222,Campaign For Hedgehogs,Hedgehog Trust,≤100,2\n",
        encoding="utf-8",
    )
    call_command("monitoring_import", "meta-ads-report", str(path))
    rishi = Advertiser.objects.get(platform="meta-ads", advertiser_id="111")
    assert (rishi.spend_gbp_pence, rishi.total_creatives, rishi.bylines) == (
        1_234_500,
        40,
        "Ready4Rishi Ltd",
    )
    assert Advertiser.objects.get(platform="meta-ads", advertiser_id="222").spend_gbp_pence == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Page ID,Page name,Disclaimer,Amount spent (GBP),Number of ads in Library\n"
        "333,X,Y,lots,1\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="row 2"):
        call_command("monitoring_import", "meta-ads-report", str(bad))
