"""Benchmark: the records store and the disposal listing.

    .venv/bin/python bench/bench_records.py [--declare 2000] [--size 65536] [--listing 1000000]
    .venv/bin/python bench/bench_records.py --database-url postgres://postgres@127.0.0.1:5432/regulator_bench_records

On a fresh database (SQLite file var/bench/records-bench.sqlite3 unless given) and a fresh
store folder (var/bench/records-store):
- store: --declare records of --size random bytes each declared through
  ``record_declare`` (hash, write once, read back and check, record row, audit event);
- verify: ``store_verify`` re-hashing every stored file;
- listing: --listing records inserted in bulk (expiries spread over 30 years, a tenth held
  of a thousandth by query holds on ten entities, a thousand by a linked hold), then the
  disposal listing
  (``disposal_due_rows``, the rows of ``records_disposal_due --format json``) as of a date
  that makes about half of them due.
Prints the figures and writes JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--declare", type=int, default=2000)
    parser.add_argument("--size", type=int, default=65536)
    parser.add_argument("--listing", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    store_root = bench_dir / "records-store"
    if store_root.exists():
        for path in store_root.rglob("*"):
            if path.is_file():
                path.chmod(0o644)
        shutil.rmtree(store_root)
    os.environ["RECORDS_STORE_ROOT"] = str(store_root)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        db = bench_dir / "records-bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.database_url:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)

    from regulator.audit.types import Actor
    from regulator.core import clock
    from regulator.records import selectors, services
    from regulator.records.models import LegalHold, Record
    from regulator.records.testing import records_manager
    from regulator.records.types import Declaration

    actor = Actor.system("bench")
    services.fileplan_seed(actor=actor)
    results: dict[str, object] = {
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "database": connection.vendor,
        "declare": args.declare,
        "size": args.size,
    }

    started = time.perf_counter()
    for number in range(args.declare):
        services.record_declare(
            declaration=Declaration(
                record_class="FIL-DOC",
                title=f"Invoice {number}",
                source="bench.doc",
                source_id=str(number),
                entity=number % 500,
            ),
            content=os.urandom(args.size),
            actor=actor,
        )
    took = time.perf_counter() - started
    megabytes = args.declare * args.size / 1_000_000
    results["store_records_per_s"] = round(args.declare / took, 1)
    results["store_mb_per_s"] = round(megabytes / took, 1)

    started = time.perf_counter()
    bad = services.store_verify()
    took = time.perf_counter() - started
    assert not bad
    results["verify_files_per_s"] = round(args.declare / took, 1)
    results["verify_mb_per_s"] = round(megabytes / took, 1)

    template = Record.objects.filter(source="bench.doc").select_related("rule").first()
    assert template is not None
    base = dt.date(2000, 1, 1)
    started = time.perf_counter()
    batch: list[Record] = []
    for number in range(args.listing):
        batch.append(
            Record(
                reference=f"B-{number:09d}",
                record_class_id=template.record_class_id,
                rule_id=template.rule_id,
                title="Bulk",
                source="bench.bulk",
                source_id=str(number),
                entity=number % 10_000,
                blob_id=template.blob_id,
                sha256=template.sha256,
                size=template.size,
                declared_at=template.declared_at,
                trigger_on=base,
                expires_on=base + dt.timedelta(days=number % (365 * 30)),
            )
        )
        if len(batch) == 10_000:
            Record.objects.bulk_create(batch)
            batch = []
    if batch:
        Record.objects.bulk_create(batch)
    results["listing_insert_s"] = round(time.perf_counter() - started, 1)
    owner = records_manager("bench-manager")
    review = clock.local_today() + dt.timedelta(days=30)
    for entity in range(0, 10_000, 1000):  # ten entities' records, by query
        services.hold_place(
            kind="query",
            title=f"Entity {entity}",
            reason="Bench",
            owner=owner,
            review_on=review,
            query_entity=entity,
            actor=actor,
        )
    linked = list(Record.objects.filter(source="bench.bulk").order_by("pk")[:1000])
    services.hold_place(
        kind="case",
        title="Case",
        reason="Bench",
        owner=owner,
        review_on=review,
        records=linked,
        actor=actor,
    )
    results["holds"] = LegalHold.objects.count()
    as_of = base + dt.timedelta(days=365 * 15)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        rows = selectors.disposal_due_rows(as_of=as_of)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    results["listing_records"] = args.listing + args.declare
    results["listing_rows"] = len(rows)
    results["listing_held"] = sum(1 for row in rows if row["held"])
    results["listing_s"] = round(best, 2)
    results["listing_rows_per_s"] = round(len(rows) / best)
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"records-{connection.vendor}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
