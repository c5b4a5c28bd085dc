"""The Google political ads report: the real sample's UK advertisers, the bundle's
creative stats with spend ranges, unchanged files adding nothing, removed ads kept, and
unreadable values named by row and column with the last good snapshot kept."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from regulator.audit.types import Actor
from regulator.monitoring import selectors, services
from regulator.monitoring.models import Ad, Advertiser, Snapshot, Source
from regulator.monitoring.sources import google_ads as fmt
from regulator.monitoring.tests.conftest import SAMPLE
from regulator.records import selectors as records_selectors

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")

CREATIVE_HEADER = [
    "Ad_ID",
    "Ad_URL",
    "Ad_Type",
    "Regions",
    "Advertiser_ID",
    "Advertiser_Name",
    "Date_Range_Start",
    "Date_Range_End",
    "Num_of_Days",
    "Impressions",
    "Spend_Range_Min_USD",
    "Spend_Range_Max_USD",
    "Spend_Range_Min_GBP",
    "Spend_Range_Max_GBP",
]


def creative(
    ad: str,
    advertiser: str,
    name: str,
    start: str,
    end: str,
    low: str,
    high: str,
    regions: str = "GB",
) -> list[str]:
    return [
        ad,
        f"https://adstransparency.google.com/{ad}",
        "TEXT",
        regions,
        advertiser,
        name,
        start,
        end,
        "10",
        "≤ 10k",
        "0",
        "100",
        low,
        high,
    ]


def bundle(
    tmp_path: Path,
    rows: list[list[str]],
    name: str = "bundle.zip",
    updated: str = "2024-07-01T06:00:00Z",
) -> Path:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CREATIVE_HEADER)
    writer.writerows(rows)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(fmt.ADVERTISERS, SAMPLE.read_bytes())
        archive.writestr(fmt.CREATIVES, text.getvalue())
        archive.writestr(fmt.UPDATED, f"Report_Data_Updated_Time\n{updated}\n")
    return path


def test_the_real_sample_gives_its_ten_uk_advertisers_with_gbp_spend_in_pence() -> None:
    result = services.google_ads_import(path=SAMPLE, actor=ACTOR)
    assert result.new
    assert result.advertisers == 10
    golding = Advertiser.objects.get(name="Paul Golding")
    assert golding.spend_gbp_pence == 15_400 * 100
    assert golding.uk
    record = records_selectors.record_get(reference=result.snapshot.record_reference)
    assert record is not None
    assert record.sha256 == result.snapshot.sha256
    assert Source.objects.get(kind="google-ads").current == result.snapshot
    again = services.google_ads_import(path=SAMPLE, actor=ACTOR)
    assert not again.new
    assert Snapshot.objects.count() == 1


def test_a_bundle_keeps_spend_ranges_and_ads_that_vanish_stay_visible(tmp_path: Path) -> None:
    first = bundle(
        tmp_path,
        [
            creative(
                "CR1",
                "AR16885565036896976897",
                "Paul Golding",
                "2024-01-02",
                "2024-01-09",
                "1000",
                "2000",
            ),
            creative(
                "CR2",
                "AR16885565036896976897",
                "Paul Golding",
                "2024-02-01",
                "2024-02-09",
                "50000",
                "",
            ),
            creative(
                "CR3", "AR999", "Somewhere Else", "2024-02-01", "2024-02-09", "7", "8", regions="FR"
            ),
        ],
    )
    result = services.google_ads_import(path=first, actor=ACTOR)
    assert result.ads == 2
    assert result.snapshot.source_updated_at is not None
    ad = Ad.objects.get(ad_id="CR2")
    assert (ad.spend_min_pence, ad.spend_max_pence) == (5_000_000, None)
    second = bundle(
        tmp_path,
        [
            creative(
                "CR1",
                "AR16885565036896976897",
                "Paul Golding",
                "2024-01-02",
                "2024-01-09",
                "1000",
                "2000",
            ),
        ],
        name="bundle2.zip",
        updated="2024-07-08T06:00:00Z",
    )
    services.google_ads_import(path=second, actor=ACTOR)
    gone = Ad.objects.get(ad_id="CR2")
    assert gone.removed_after == result.snapshot.fetched_at
    assert Ad.objects.get(ad_id="CR1").removed_after is None


def test_an_unreadable_value_is_named_and_the_last_good_snapshot_stays(tmp_path: Path) -> None:
    good = services.google_ads_import(path=SAMPLE, actor=ACTOR)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("AR16885565036896976897"))
    cells = next(csv.reader([lines[number]]))
    header = next(csv.reader([lines[0]]))
    cells[header.index("Spend_GBP")] = "lots"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    lines[number] = out.getvalue().rstrip("\n")
    bad = tmp_path / "google-political-ads-advertiser-stats.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("monitoring_import", "google-ads", str(bad))
    assert f"row {number + 1}, column Spend_GBP" in str(caught.value)
    source = Source.objects.get(kind="google-ads")
    assert source.current == good.snapshot
    assert "Spend_GBP" in source.last_failure_reason
    assert Advertiser.objects.get(name="Paul Golding").spend_gbp_pence == 1_540_000


def test_the_matches_command_lists_every_uk_advertiser(capsys: pytest.CaptureFixture[str]) -> None:
    from regulator.register.tests.factories import EntityFactory

    EntityFactory(name="Ready4Rishi")
    call_command("monitoring_import", "google-ads", str(SAMPLE))
    out = io.StringIO()
    call_command("monitoring_matches", "--source", "google-ads", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 10
    assert set(rows[0]) == {
        "advertiser_id",
        "advertiser_name",
        "spend_gbp_min",
        "spend_gbp_max",
        "regulated_entity_id",
        "confidence",
    }
    rishi = next(r for r in rows if r["advertiser_name"] == "Ready4Rishi")
    assert rishi["regulated_entity_id"] is not None
    assert rishi["confidence"] == 1.0
    media = next(r for r in rows if r["advertiser_name"] == "Total Media")
    assert media["regulated_entity_id"] is None
    assert selectors.advertiser_matches()[0].spend_gbp_min > 0
