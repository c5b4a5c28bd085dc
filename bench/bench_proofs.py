"""Benchmark: a published record's inclusion proof, computed on demand, in a file of N
rows: from the tree kept at import (one block of 1,024 leaves and the block roots) against
rebuilding the tree from the batch's rows (what proofs did before the tree was kept).

    .venv/bin/python bench/bench_proofs.py [--rows 200000] [--proofs 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regulator_bench_proofs \\
        .venv/bin/python bench/bench_proofs.py --rows 200000

SQLite: a fresh file under var/bench/. PostgreSQL: the database in DATABASE_URL (created
by you, migrated here; its finance rows are removed first). Prints p50/p95 per proof for
both ways, in one run, and their ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_import import setup  # noqa: E402

SQLITE_PATH = ROOT / "var" / "bench" / "proofs-bench.sqlite3"


def _timed(refs: list[str]) -> list[float]:
    from regulator.finance.selectors import record_inclusion_proof

    times = []
    for ref in refs:
        started = time.perf_counter()
        proof = record_inclusion_proof(kind="donations", ec_ref=ref)
        times.append((time.perf_counter() - started) * 1000)
        assert proof is not None, ref
        assert proof["valid"], ref
    return times


def _summary(label: str, times: list[float]) -> float:
    times = sorted(times)
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(times)} proofs")
    return p50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--proofs", type=int, default=200)
    args = parser.parse_args()
    vendor = setup(fresh=True, sqlite_path=SQLITE_PATH)

    from django.db import connection

    from regulator.audit.types import Actor
    from regulator.disclosure import synthetic
    from regulator.finance import proofs
    from regulator.finance.models import Donation
    from regulator.finance.services import ec_file_import

    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE finance_donation, finance_loan, finance_spendingitem CASCADE")
    path = ROOT / "var" / "bench" / f"donations-synthetic-{args.rows}.csv"
    if not path.exists():
        synthetic.write_csv(path, "donations", args.rows)
    summary = ec_file_import(kind="donations", path=path, actor=Actor.system("bench_proofs"))
    assert summary.ok, summary.error
    refs = list(Donation.all_objects.values_list("ec_ref", flat=True))
    chosen = random.Random(6962).sample(refs, min(args.proofs, len(refs)))
    print(
        f"{vendor}: {len(refs):,} rows in one file; {os.cpu_count()} CPUs; load {os.getloadavg()}"
    )
    kept = _summary("from the tree kept at import", _timed(chosen))
    committed_path = proofs._committed_path
    proofs._committed_path = lambda batch, index: None
    try:
        rebuilt = _summary("rebuilding the tree from the rows", _timed(chosen[:20]))
    finally:
        proofs._committed_path = committed_path
    print(f"ratio (p50): {rebuilt / kept:.0f}x faster with the kept tree")


if __name__ == "__main__":
    main()
