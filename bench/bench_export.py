"""Benchmark: rows per second of our streamed CSV export against DuckDB writing the same
rows to CSV.

    .venv/bin/python bench/bench_export.py [--database-url postgres://...] [--format csv]

Ours: GET /api/v1/donations/?format=csv (every published donation in the database that
bench/bench_import.py loaded), served by gunicorn on loopback, read to the end by an HTTP
client; rows are counted as they arrive. DuckDB: the same rows (read from our database
into an Arrow table, timed apart) written with COPY ... TO 'file.csv'. Writes JSON under
bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _serve import start_gunicorn, stop  # noqa: E402
from bench_compare_search import setup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--format", default="csv", choices=["csv", "ec"])
    args = parser.parse_args()
    url = setup(args.database_url)

    import duckdb
    import pyarrow as pa
    from django.db import connection

    from regulator.finance.models import Donation

    vendor = connection.vendor
    total = Donation.objects.count()
    if not total:
        sys.exit("No donations: run bench/bench_import.py first.")

    started = time.perf_counter()
    fields = ["ec_ref", "entity_id", "entity_name", "donor_name", "donor_status", "donation_type",
              "value", "date", "accepted_date", "received_date", "is_public_fund", "company_number"]  # fmt: skip
    columns: dict[str, list] = {f: [] for f in fields}
    for row in (
        Donation.objects.order_by("-date", "-pk").values_list(*fields).iterator(chunk_size=20000)
    ):
        for name, value in zip(fields, row, strict=True):
            columns[name].append(value)
    table = pa.table(columns)  # noqa: F841 - DuckDB reads it by its name
    read_seconds = time.perf_counter() - started
    connection.close()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "duckdb.csv"
        con = duckdb.connect()
        started = time.perf_counter()
        con.execute(
            f"COPY (SELECT * FROM table) TO '{target}' (HEADER, DELIMITER ',')"  # noqa: S608
        )
        duck_seconds = time.perf_counter() - started
        duck_bytes = target.stat().st_size
    print(f"duckdb: read {total} rows from {vendor} in {read_seconds:.1f} s; wrote CSV in {duck_seconds:.2f} s "
          f"= {total / duck_seconds:,.0f} rows/s ({total / (read_seconds + duck_seconds):,.0f} rows/s with the read)")  # fmt: skip

    process, base = start_gunicorn(url, 2, 4)
    try:
        started = time.perf_counter()
        first_byte = None
        size = lines = 0
        with httpx.stream("GET", f"{base}/api/v1/donations/", params={"format": args.format}, timeout=600) as response:  # fmt: skip
            assert response.status_code == 200, response.status_code
            for chunk in response.iter_bytes():
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                size += len(chunk)
                lines += chunk.count(b"\n")
        ours_seconds = time.perf_counter() - started
    finally:
        stop(process)
    rows = lines - 1
    print(f"ours ({args.format}): {rows} rows, {size / 1e6:.0f} MB in {ours_seconds:.1f} s = {rows / ours_seconds:,.0f} rows/s "
          f"(first byte after {first_byte or 0:.2f} s)")  # fmt: skip
    result = {
        "benchmark": "export",
        "database": vendor,
        "donations": total,
        "ours": {"format": args.format, "rows": rows, "bytes": size, "seconds": round(ours_seconds, 2),
                 "rows_per_second": round(rows / ours_seconds), "first_byte_seconds": round(first_byte or 0, 3)},
        "duckdb": {"rows": total, "bytes": duck_bytes, "write_seconds": round(duck_seconds, 2),
                   "rows_per_second": round(total / duck_seconds), "read_seconds": round(read_seconds, 2),
                   "rows_per_second_with_read": round(total / (read_seconds + duck_seconds))},
        "ratio_rows_per_second_duckdb_write_over_ours": round((total / duck_seconds) / (rows / ours_seconds), 1),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }  # fmt: skip
    out = ROOT / "bench" / "results" / f"export-{vendor}-{total}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
