"""Benchmark: import N synthetic donations (the Commission's exact layout) with
``disclosure_import_ec``'s importer, then import the same file again (idempotent pass).

    .venv/bin/python bench/bench_import.py [--rows 1000000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regulator_disclosure \\
        .venv/bin/python bench/bench_import.py --rows 1000000

SQLite: a fresh database file under var/bench/ (kept, so bench_search.py can run on it).
PostgreSQL: the database in DATABASE_URL, migrated; existing finance rows are removed
first. Prints rows per second and writes JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_PATH = ROOT / "var" / "bench" / "finance-bench.sqlite3"


def setup(fresh: bool, sqlite_path: Path = SQLITE_PATH) -> str:
    """Django on DATABASE_URL, or on a SQLite file under var/bench/ (emptied if ``fresh``),
    migrated; the database's vendor."""
    if "DATABASE_URL" not in os.environ:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="Do not empty the tables first.")
    args = parser.parse_args()
    vendor = setup(fresh=not args.keep)

    from django.db import connection

    from regulator.audit.types import Actor
    from regulator.disclosure import synthetic
    from regulator.finance.models import Donation
    from regulator.finance.services import ec_file_import, tables_analyse

    if not args.keep and vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE finance_donation, finance_loan, finance_spendingitem CASCADE")
    path = ROOT / "var" / "bench" / f"donations-synthetic-{args.rows}.csv"
    started = time.perf_counter()
    if not path.exists():
        synthetic.write_csv(path, "donations", args.rows)
    generated = time.perf_counter() - started
    print(f"file: {path} ({path.stat().st_size / 1e6:.0f} MB, generated in {generated:.0f} s)")

    actor = Actor.system("bench/bench_import.py")
    runs = []
    for label in ("first import", "second import (unchanged)"):
        started = time.perf_counter()
        summary = ec_file_import(kind="donations", path=path, actor=actor)
        seconds = time.perf_counter() - started
        if summary.created:
            tables_analyse("donations")  # as the command does after an import; not timed
        assert summary.ok, summary.error
        runs.append(
            {
                "run": label,
                "seconds": round(seconds, 1),
                "rows_per_second": round(summary.read / seconds),
                "created": summary.created,
                "unchanged": summary.unchanged,
                "updated": summary.updated,
            }
        )
        print(
            f"{label}: {summary.read} rows in {seconds:.1f} s = {summary.read / seconds:,.0f} rows/s "
            f"(created {summary.created}, unchanged {summary.unchanged}, updated {summary.updated})"
        )
    result = {
        "benchmark": "import",
        "database": vendor,
        "rows": args.rows,
        "donations_in_database": Donation.objects.count(),
        "runs": runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    out = ROOT / "bench" / "results" / f"import-{vendor}-{args.rows}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
