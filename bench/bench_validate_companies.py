"""Benchmark: load a synthetic Companies House snapshot (BasicCompanyData format) with
``manage.py companies_import``'s service, twice (insert, then upsert of the same rows).

    .venv/bin/python bench/bench_validate_companies.py [--companies 200000]

Runs against a fresh SQLite database under a temporary directory (or DATABASE_URL if set
to PostgreSQL). Prints rows per second and writes JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--companies", type=int, default=200_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-companies-"))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from regulator.audit.types import Actor
    from regulator.filings.companies_fixture import synthetic_companies, write_snapshot
    from regulator.filings.services import companies_import

    path = write_snapshot(workdir / "snapshot.csv", synthetic_companies(args.companies))
    runs: list[dict[str, Any]] = []
    for label in ("insert", "upsert"):
        started, cpu = time.perf_counter(), time.process_time()
        summary = companies_import(path=path, actor=Actor.system("bench"))
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu
        runs.append(
            {
                "run": label,
                "rows": summary.rows,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu_seconds, 3),
                "rows_per_second": round(summary.rows / seconds),
                "rows_per_cpu_second": round(summary.rows / cpu_seconds),
            }
        )
    report = {
        "benchmark": "bench_validate_companies",
        "database": "postgresql" if "postgres" in os.environ["DATABASE_URL"] else "sqlite",
        "file_bytes": path.stat().st_size,
        "runs": runs,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "bench_validate_companies.json").write_text(json.dumps(report, indent=2) + "\n")
    for run in runs:
        print(
            f"companies_import {run['run']}: {run['rows']:,} rows in {run['seconds']:.2f}s, "
            f"{run['rows_per_second']:,} rows/s wall, {run['rows_per_cpu_second']:,} per CPU second"
        )


if __name__ == "__main__":
    main()
