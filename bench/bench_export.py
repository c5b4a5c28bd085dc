"""Benchmark: rows per second of our streamed CSV export against DuckDB writing the same
rows to CSV.

    .venv/bin/python bench/bench_export.py [--database-url postgres://...] [--format csv|ec|parquet]

Ours: GET /api/v1/donations/?format=csv (every published donation in the database that
bench/bench_import.py loaded), served by gunicorn on loopback, read to the end by an HTTP
client; rows are counted as they arrive. DuckDB: the same rows (read from our database
into an Arrow table, timed apart) written by DuckDB's CSV writer. Writes JSON under
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
    parser.add_argument("--format", default="csv", choices=["csv", "ec", "parquet"])
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

    # DuckDB writes the same rows and columns as our CSV (our column getters over the
    # same query), held in an Arrow table; reading them is timed apart.
    from regulator.disclosure.api.exports import OUR_COLUMNS, export_rows, parquet_schema

    started = time.perf_counter()
    ours_columns = OUR_COLUMNS["donations"]
    values: list[list] = [[] for _ in ours_columns]
    for row in export_rows(Donation.objects.order_by("-date", "-pk")):
        for index, (_name, get, _type) in enumerate(ours_columns):
            values[index].append(get(row))
    donations_arrow = pa.table(values, schema=parquet_schema("donations"))
    read_seconds = time.perf_counter() - started
    connection.close()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "duckdb.csv"
        con = duckdb.connect()
        relation = con.from_arrow(donations_arrow)
        started = time.perf_counter()
        relation.write_csv(str(target), header=True, sep=",")
        duck_seconds = time.perf_counter() - started
        duck_bytes = target.stat().st_size
    print(f"duckdb: read {total} rows from {vendor} in {read_seconds:.1f} s; wrote CSV in {duck_seconds:.2f} s "
          f"= {total / duck_seconds:,.0f} rows/s ({total / (read_seconds + duck_seconds):,.0f} rows/s with the read)")  # fmt: skip

    process, base = start_gunicorn(url, 2, 4)
    try:
        started = time.perf_counter()
        first_byte = None
        size = lines = 0
        body = bytearray()
        with httpx.stream("GET", f"{base}/api/v1/donations/", params={"format": args.format}, timeout=600) as response:  # fmt: skip
            assert response.status_code == 200, response.status_code
            for chunk in response.iter_bytes():
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                size += len(chunk)
                if args.format == "parquet":
                    body += chunk
                else:
                    lines += chunk.count(b"\n")
        ours_seconds = time.perf_counter() - started
    finally:
        stop(process)
    if args.format == "parquet":
        import io

        import pyarrow.parquet as pq

        rows = pq.ParquetFile(io.BytesIO(bytes(body))).metadata.numexport_rows
    else:
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
        "ratioexport_rows_per_second_duckdb_write_over_ours": round((total / duck_seconds) / (rows / ours_seconds), 1),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }  # fmt: skip
    suffix = "" if args.format == "csv" else f"-{args.format}"
    out = ROOT / "bench" / "results" / f"export-{vendor}-{total}{suffix}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
