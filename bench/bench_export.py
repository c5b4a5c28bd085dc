"""Benchmark: rows per second of our streamed CSV export against DuckDB writing the same
rows to CSV.

    .venv/bin/python bench/bench_export.py [--database-url postgres://...] [--format csv|ec|parquet]

Ours: GET /api/v1/donations/?format=csv (every published donation in the database that
bench/bench_import.py loaded), served by gunicorn on loopback, read to the end by an HTTP
client; rows are counted as they arrive, and the time to the first byte. On PostgreSQL
twice, one after the other: written by the database (COPY … TO STDOUT), then by the Python
writer (EXPORT_COPY=0). DuckDB: the same rows (read from our database
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
from typing import Any

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

    load = os.getloadavg()
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

    # Every donation in one export: above the API's default cap of 100,000 rows.
    os.environ["EXPORT_MAX_ROWS"] = str(total + 1)
    # PostgreSQL: the database writes the CSV (COPY … TO STDOUT), then the Python writer
    # (EXPORT_COPY=0) for the before-and-after in one run; SQLite has the Python writer only.
    paths = ["copy", "python"] if vendor == "postgresql" and args.format != "parquet" else ["python"]  # fmt: skip
    runs = {path: _export(url, args.format, path) for path in paths}
    cpu = {path: _cpu(args.format, path) for path in paths} if args.format != "parquet" else {}
    result = {
        "benchmark": "export",
        "database": vendor,
        "donations": total,
        "ours": runs[paths[0]],
        "runs": runs,
        "in_process_cpu": cpu,
        "duckdb": {"rows": total, "bytes": duck_bytes, "write_seconds": round(duck_seconds, 2),
                   "rows_per_second": round(total / duck_seconds), "read_seconds": round(read_seconds, 2),
                   "rows_per_second_with_read": round(total / (read_seconds + duck_seconds))},
        "load_average_at_start": load,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }  # fmt: skip
    for path, run in runs.items():
        share = run["rows_per_second"] / (total / duck_seconds)
        run["share_of_duckdb_write_rate"] = round(share, 2)
        print(f"{path}: {share:.2f} of DuckDB's write rate")
    if "copy" in runs:
        ratio = runs["copy"]["rows_per_second"] / runs["python"]["rows_per_second"]
        result["copy_over_python"] = round(ratio, 2)
        per_cpu = cpu["copy"]["rows_per_cpu_second"] / cpu["python"]["rows_per_cpu_second"]
        result["copy_over_python_per_cpu_second"] = round(per_cpu, 2)
        print(
            f"copy over python: {ratio:.2f} times (wall, HTTP); {per_cpu:.2f} times per CPU second"
        )
    suffix = "" if args.format == "csv" else f"-{args.format}"
    out = ROOT / "bench" / "results" / f"export-{vendor}-{total}{suffix}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


def _server_cpu() -> float:
    """CPU seconds of the PostgreSQL backend serving this process (same machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu(layout: str, path: str) -> dict[str, Any]:
    """The same export in this process (no HTTP), best of two: wall seconds and CPU
    seconds, this process's and its backend's (parallel query off, so that the backend
    does all the server's work and /proc counts it). CPU is the figure a loaded, shared
    machine does not move much."""
    from django.conf import settings
    from django.db import connection, transaction

    from regulator.disclosure.api.exports import stream_csv
    from regulator.finance.models import Donation

    settings.EXPORT_COPY = path == "copy"
    queryset = Donation.objects.order_by("-date", "-pk")
    best: dict[str, Any] = {}
    for _ in range(2):
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
        client, server, started = time.process_time(), _server_cpu(), time.perf_counter()
        with transaction.atomic():  # as an API export runs, in query_budget's transaction
            rows = (
                sum(chunk.count(b"\n") for chunk in stream_csv(queryset, "donations", layout)) - 1
            )
        wall = time.perf_counter() - started
        client, server = time.process_time() - client, _server_cpu() - server
        if not best or client + server < best["client_cpu"] + best["server_cpu"]:
            best = {"rows": rows, "wall": round(wall, 2), "client_cpu": round(client, 2),
                    "server_cpu": round(server, 2), "rows_per_cpu_second": round(rows / (client + server))}  # fmt: skip
    print(f"in process ({layout}, {path}): {best}")
    return best


def _export(url: str, layout: str, path: str) -> dict[str, Any]:
    """One export of every donation through gunicorn, read to the end; ``path``: "copy"
    or "python" (EXPORT_COPY=0)."""
    os.environ["EXPORT_COPY"] = "1" if path == "copy" else "0"
    # One worker, warmed by a small export first: the figures are a running server's,
    # not its first request's imports and one-time set-up.
    process, base = start_gunicorn(url, 1, 4)
    try:
        warm = httpx.get(f"{base}/api/v1/donations/", params={"format": layout, "value_min": "1000000"}, timeout=600)  # fmt: skip
        assert warm.status_code == 200, warm.status_code
        load = os.getloadavg()
        started = time.perf_counter()
        first_byte = None
        size = lines = 0
        split = False
        body = bytearray()
        with httpx.stream("GET", f"{base}/api/v1/donations/", params={"format": layout}, timeout=600) as response:  # fmt: skip
            assert response.status_code == 200, response.status_code
            for chunk in response.iter_bytes():
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                size += len(chunk)
                if layout == "parquet":
                    body += chunk
                else:
                    # A row ends in CRLF (a cell's own line break is LF), which the HTTP
                    # chunks may split.
                    lines += chunk.count(b"\r\n") + (split and chunk[:1] == b"\n")
                    split = chunk[-1:] == b"\r"
        seconds = time.perf_counter() - started
    finally:
        stop(process)
    if layout == "parquet":
        import io

        import pyarrow.parquet as pq

        rows = pq.ParquetFile(io.BytesIO(bytes(body))).metadata.num_rows
    else:
        rows = lines - 1
    print(f"ours ({layout}, {path}): {rows} rows, {size / 1e6:.0f} MB in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
          f"(first byte after {first_byte or 0:.3f} s; load {load[0]:.2f})")  # fmt: skip
    return {"format": layout, "path": path, "rows": rows, "bytes": size, "seconds": round(seconds, 2),
            "rows_per_second": round(rows / seconds), "first_byte_seconds": round(first_byte or 0, 3),
            "load_average_at_start": load}  # fmt: skip


if __name__ == "__main__":
    main()
