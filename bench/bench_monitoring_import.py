"""Import a synthetic Google creative-stats file of N rows (default 2,000,000; a fifth of
them outside the UK, skipped) into monitoring, and the real advertiser-stats sample, and
print rows/s and the process's peak memory (bounded: the file is streamed in batches).

    .venv/bin/python bench/bench_monitoring_import.py [--rows 2000000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regulator_monitoring \\
        .venv/bin/python bench/bench_monitoring_import.py

SQLite: a fresh database in var/bench/monitoring-bench.sqlite3. PostgreSQL: the database
in DATABASE_URL, migrated; monitoring's rows are removed first."""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_PATH = ROOT / "var" / "bench" / "monitoring-bench.sqlite3"
HEADER = [
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


def setup() -> str:
    if "DATABASE_URL" not in os.environ:
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench" / "monitoring-media"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def synthetic(path: Path, rows: int) -> None:
    """Creative stats in the bundle's layout: 2,000 advertisers, weekly ads over 2024."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            advertiser = n % 2000
            regions = "FR" if n % 5 == 4 else "GB"
            day = 1 + n % 28
            month = 1 + (n // 28) % 12
            low = (n % 50) * 100
            writer.writerow(
                [
                    f"CR{n:09d}",
                    f"https://adstransparency.google.com/CR{n:09d}",
                    "VIDEO",
                    regions,
                    f"AR{advertiser:020d}",
                    f"Synthetic Advertiser {advertiser}",
                    f"2024-{month:02d}-{day:02d}",
                    f"2024-{month:02d}-{day:02d}",
                    "1",
                    "≤ 10k",
                    "0",
                    "100",
                    str(low),
                    "" if n % 97 == 0 else str(low + 100),
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()
    vendor = setup()
    from regulator.audit.types import Actor
    from regulator.monitoring import services
    from regulator.monitoring.models import Ad, Advertiser, Match, Snapshot, Source

    Match.objects.all().delete()
    Ad.objects.all().delete()
    Advertiser.objects.all().delete()
    Source.objects.update(current=None)
    Snapshot.objects.all().delete()
    work = ROOT / "var" / "bench"
    csv_path = work / "google-political-ads-creative-stats.csv"
    started = time.monotonic()
    synthetic(csv_path, args.rows)
    generated = time.monotonic() - started
    bundle = work / f"google-political-ads-bundle-{args.rows}.zip"
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(csv_path, "google-political-ads-creative-stats.csv")
    csv_path.unlink()
    actor = Actor.system("bench")
    sample = (
        ROOT
        / "regulator"
        / "monitoring"
        / "tests"
        / "data"
        / ("google-political-ads-advertiser-stats-sample.csv")
    )
    small = services.google_ads_import(path=sample, actor=actor)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = services.google_ads_import(path=bundle, actor=actor)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    again = services.google_ads_import(path=bundle, actor=actor)
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores; {vendor}")
    print(f"sample advertiser stats: {small.advertisers} UK advertisers in {small.seconds:.2f}s")
    print(
        f"synthetic creative stats: {args.rows:,} rows generated in {generated:.0f}s, "
        f"zip {bundle.stat().st_size / 1e6:.0f} MB"
    )
    print(
        f"imported {result.ads:,} UK ads (+{result.advertisers} advertisers) in "
        f"{result.seconds:.1f}s = {result.ads / result.seconds:,.0f} UK rows/s, "
        f"{args.rows / result.seconds:,.0f} file rows/s"
    )
    print(f"peak RSS before {before / 1024:.0f} MB, after {after / 1024:.0f} MB")
    print(f"unchanged re-import: new={again.new} in {again.seconds:.1f}s")


if __name__ == "__main__":
    main()
