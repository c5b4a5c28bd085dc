"""Benchmark: our open-data API against Datasette over the same N donations.

    .venv/bin/python bench/bench_compare_search.py [--n 1000000] [--repeat 10]
    .venv/bin/python bench/bench_compare_search.py --database-url postgres://postgres@127.0.0.1:5432/regulator_bench

Our side: the donations loaded by bench/bench_import.py (SQLite file var/bench/, or the
PostgreSQL database given; run bench_import.py first with the same --rows), served by
gunicorn on loopback (2 workers x 4 threads). Datasette's side: the same rows copied into
one plain SQLite table (FTS5 on the donor's and the entity's names, an index on every
filtered or sorted column), served by `datasette serve -i` (immutable) with facet
suggestions off and the facet time limit raised. A fixed mix of 24 queries (free text,
filters, date and value ranges, facets on three columns, sorts, deep pages), each sent
--repeat times, alternating ours and Datasette's equivalent URL. Reports p50/p95/p99 of
each and the ratio, and our framework overhead: the same requests in-process with every
SQL statement timed (CaptureQueriesContext), request time minus SQL time. Prints a
table and writes JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _serve import BIN, free_port, percentile, start_gunicorn, stop, wait_for  # noqa: E402

SQLITE_PATH = ROOT / "var" / "bench" / "finance-bench.sqlite3"

# (name, our path, our params, Datasette params). Entity ids are the synthetic ones.
QUERIES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("text: surname", "", {"q": "harborne"}, {"_search": "harborne"}),
    ("text: full name", "", {"q": "alys ashcombe"}, {"_search": "alys ashcombe"}),
    ("text: company", "", {"q": "meridian holdings"}, {"_search": "meridian holdings"}),
    ("text: union", "", {"q": "workers union"}, {"_search": "workers union"}),
    ("text + status", "", {"q": "acorn", "donor_status": "Company"}, {"_search": "acorn", "donor_status": "Company"}),
    ("entity (large)", "", {"regulated_entity": 910000}, {"regulated_entity_id": 910000}),
    ("entity (small)", "", {"regulated_entity": 910020}, {"regulated_entity_id": 910020}),
    ("status", "", {"donor_status": "Trade Union"}, {"donor_status": "Trade Union"}),
    ("public funds", "", {"is_public_fund": "true"}, {"is_public_fund": 1}),
    ("date range (year)", "", {"date_from": "2021-01-01", "date_to": "2021-12-31"}, {"date__gte": "2021-01-01", "date__lte": "2021-12-31"}),
    ("value range", "", {"value_min": 1000, "value_max": 5000}, {"value__gte": 1000, "value__lte": 5000}),
    ("big gifts by value", "", {"value_min": 100000, "sort": "-value"}, {"value__gte": 100000, "_sort_desc": "value"}),
    ("entity + year + value sort", "", {"regulated_entity": 910001, "date_from": "2022-01-01", "date_to": "2022-12-31", "sort": "-value"},
     {"regulated_entity_id": 910001, "date__gte": "2022-01-01", "date__lte": "2022-12-31", "_sort_desc": "value"}),
    ("sort: value asc", "", {"sort": "value"}, {"_sort": "value"}),
    ("sort: newest", "", {"sort": "-date"}, {"_sort_desc": "date"}),
    ("sort: oldest", "", {"sort": "date"}, {"_sort": "date"}),
    ("facet: status", "facets/", {"facet": "donor_status"}, {"_facet": "donor_status", "_size": 0}),
    ("facet: entity", "facets/", {"facet": "regulated_entity"}, {"_facet": "regulated_entity_id", "_size": 0}),
    ("facet: year", "facets/", {"facet": "year"}, {"_facet": "year", "_size": 0}),
    ("facets x3", "facets/", {"facet": ["donor_status", "regulated_entity", "year"]}, {"_facet": ["donor_status", "regulated_entity_id", "year"], "_size": 0}),
    ("facets x3 + text", "facets/", {"q": "harborne", "facet": ["donor_status", "regulated_entity", "year"]},
     {"_search": "harborne", "_facet": ["donor_status", "regulated_entity_id", "year"], "_size": 0}),
    ("facets x3 + entity", "facets/", {"regulated_entity": 910002, "facet": ["donor_status", "regulated_entity", "year"]},
     {"regulated_entity_id": 910002, "_facet": ["donor_status", "regulated_entity_id", "year"], "_size": 0}),
    ("deep page 20 (newest)", "deep", {"sort": "-date"}, {"_sort_desc": "date"}),
    ("deep page 20 (by value)", "deep", {"sort": "-value", "value_min": 500}, {"_sort_desc": "value", "value__gte": 500}),
]  # fmt: skip
DEEP = 20


def setup(database_url: str | None) -> str:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")
    os.environ.setdefault("API_RATE_ANON", "1000000/minute")
    os.environ.setdefault("API_QUERY_BUDGET_MS", "60000")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def build_datasette_db(path: Path, n: int) -> None:
    """The same published donations as one plain table, FTS5 and indexes."""
    from regulator.finance.models import Donation

    if path.exists():
        with sqlite3.connect(path) as db:
            if db.execute("SELECT count(*) FROM donations").fetchone()[0] == n:
                return
        path.unlink()
    started = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute(
        "CREATE TABLE donations (id INTEGER PRIMARY KEY, ec_ref TEXT, regulated_entity_id INTEGER,"
        " regulated_entity_name TEXT, donor_name TEXT, donor_status TEXT, donation_type TEXT,"
        " value REAL, date TEXT, year INTEGER, is_public_fund INTEGER, company_number TEXT)"
    )
    fields = ("pk", "ec_ref", "entity_id", "entity_name", "donor_name", "donor_status",
              "donation_type", "value", "date", "is_public_fund", "company_number")  # fmt: skip
    batch: list[tuple[Any, ...]] = []
    for row in Donation.objects.order_by("pk").values_list(*fields).iterator(chunk_size=20000):
        pk, ref, entity, entity_name, name, status, kind, value, day, public, number = row
        batch.append((pk, ref, entity, entity_name, name, status, kind, float(value),
                      day.isoformat(), day.year, int(public), number))  # fmt: skip
        if len(batch) >= 20000:
            db.executemany("INSERT INTO donations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    db.executemany("INSERT INTO donations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    for column in ("regulated_entity_id", "donor_status", "donation_type", "value", "date",
                   "year", "is_public_fund"):  # fmt: skip
        db.execute(f"CREATE INDEX donations_{column} ON donations ({column})")
    db.execute(
        'CREATE VIRTUAL TABLE donations_fts USING fts5(donor_name, regulated_entity_name, content="donations", content_rowid="id")'
    )
    db.execute(
        "INSERT INTO donations_fts (rowid, donor_name, regulated_entity_name)"
        " SELECT id, donor_name, regulated_entity_name FROM donations"
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()
    tmp.rename(path)
    print(f"Datasette database built in {time.perf_counter() - started:.0f} s: {path}")


def start_datasette(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = (ROOT / "var" / "bench" / "datasette.log").open("ab")
    process = subprocess.Popen(
        [str(BIN / "datasette"), "serve", "-i", str(path), "--host", "127.0.0.1",
         "--port", str(port), "--setting", "suggest_facets", "off",
         "--setting", "facet_time_limit_ms", "10000", "--setting", "sql_time_limit_ms", "30000",
         "--setting", "default_facet_size", "100", "--setting", "num_sql_threads", "4"],
        stdout=log, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/-/versions.json", process)
    return process, f"{base}/{path.stem}/donations.json"


def our_url(base: str, path: str, params: dict[str, Any]) -> str:
    return f"{base}/api/v1/donations/{path}?{urlencode(params, doseq=True)}"


def ds_url(base: str, params: dict[str, Any]) -> str:
    return f"{base}?{urlencode({'_shape': 'objects', **params}, doseq=True)}"


def deep_urls(client: httpx.Client, ours: str, theirs: str) -> tuple[str, str]:
    """The URL of page DEEP of each, found by following the next links (keyset both)."""
    for _ in range(DEEP - 1):
        answer = client.get(ours)
        if answer.status_code != 200 or not answer.json().get("next"):
            sys.exit(f"ours: no next page from {ours}: {answer.status_code} {answer.text[:300]}")
        ours = answer.json()["next"]
        body = client.get(theirs).json()
        theirs = body["next_url"]
    return ours, theirs


def framework_overhead(queries: list[tuple[str, str]], repeat: int) -> dict[str, Any]:
    """In-process: request time against the time of the SQL it ran."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    shares, totals, sqls = [], [], []
    per_query: dict[str, dict[str, list[float]]] = {}
    for _ in range(repeat):
        for name, url in queries:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                body = response.content
                total = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, url
            assert body, url
            sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            totals.append(total)
            sqls.append(sql)
            shares.append(max(total - sql, 0.0))
            times = per_query.setdefault(name, {"request": [], "sql": []})
            times["request"].append(total)
            times["sql"].append(sql)
    return {
        "per_query": {
            name: {
                "request_ms_p50": round(statistics.median(times["request"]), 2),
                "sql_ms_p50": round(statistics.median(times["sql"]), 2),
            }
            for name, times in per_query.items()
        },
        "requests": len(totals),
        "request_ms_p50": round(statistics.median(totals), 2),
        "sql_ms_p50": round(statistics.median(sqls), 2),
        "overhead_ms_p50": round(statistics.median(shares), 2),
        "overhead_ms_p95": round(percentile(shares, 0.95), 2),
        "overhead_share_of_time": round(sum(shares) / sum(totals), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--n",
        type=int,
        default=1_000_000,
        help="donations in the database (loaded by bench_import.py --rows N)",
    )
    parser.add_argument(
        "--repeat", type=int, default=10, help="times each query is sent to each side"
    )
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL database with the donations"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    url = setup(args.database_url)
    from django.db import connection

    from regulator.finance.models import Donation

    vendor = connection.vendor
    total = Donation.objects.count()
    if total != args.n:
        sys.exit(
            f"The database has {total} published donations, not {args.n}: run "
            f"`bench/bench_import.py --rows {args.n}` first (same DATABASE_URL)."
        )
    ds_path = ROOT / "var" / "bench" / f"datasette_{args.n}.db"
    build_datasette_db(ds_path, total)
    connection.close()

    ours_process, ours_base = start_gunicorn(url, args.workers, args.threads)
    ds_process, ds_base = start_datasette(ds_path)
    results: list[dict[str, Any]] = []
    try:
        with httpx.Client(timeout=120) as client:
            urls: list[tuple[str, str, str]] = []
            for name, path, ours, theirs in QUERIES:
                if path == "deep":
                    ours_u, theirs_u = deep_urls(
                        client, our_url(ours_base, "", ours), ds_url(ds_base, theirs)
                    )
                else:
                    ours_u, theirs_u = our_url(ours_base, path, ours), ds_url(ds_base, theirs)
                urls.append((name, ours_u, theirs_u))
            # Warm up both (page cache, FTS vocabulary, connections).
            for _name, ours_u, theirs_u in urls:
                client.get(ours_u)
                client.get(theirs_u)
            for name, ours_u, theirs_u in urls:
                times: dict[str, list[float]] = {"ours": [], "datasette": []}
                counts: dict[str, Any] = {}
                for _ in range(args.repeat):
                    for side, target in (("ours", ours_u), ("datasette", theirs_u)):
                        started = time.perf_counter()
                        response = client.get(target)
                        body = response.content
                        times[side].append((time.perf_counter() - started) * 1000)
                        if response.status_code != 200:
                            sys.exit(f"{side} {name}: HTTP {response.status_code} {body[:300]!r}")
                        data = response.json()
                        counts[side] = data.get("count", data.get("filtered_table_rows_count"))
                row = {"query": name, "ours_url": ours_u.removeprefix(ours_base),
                       "datasette_url": theirs_u.removeprefix(ds_base.rsplit("/", 2)[0]),
                       "count_ours": counts["ours"], "count_datasette": counts["datasette"]}  # fmt: skip
                for side, values in times.items():
                    for label, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
                        row[f"{side}_{label}_ms"] = round(percentile(values, share), 1)
                row["ratio_p50"] = round(row["ours_p50_ms"] / max(row["datasette_p50_ms"], 0.01), 2)
                results.append(row)
                print(
                    f"{name:28} ours p50 {row['ours_p50_ms']:8.1f} p95 {row['ours_p95_ms']:8.1f} p99 {row['ours_p99_ms']:8.1f} | "
                    f"datasette p50 {row['datasette_p50_ms']:8.1f} p95 {row['datasette_p95_ms']:8.1f} p99 {row['datasette_p99_ms']:8.1f} | "
                    f"x{row['ratio_p50']:5.2f}  counts {counts['ours']}/{counts['datasette']}",
                    flush=True,
                )
    finally:
        stop(ours_process)
        stop(ds_process)

    overhead = framework_overhead(
        [(name, u.removeprefix(ours_base)) for name, u, _ in urls], max(1, args.repeat // 3)
    )
    for row in results:
        measured = overhead["per_query"][row["query"]]
        row["raw_sql_p50_ms"] = measured["sql_ms_p50"]
        row["in_process_p50_ms"] = measured["request_ms_p50"]
        print(
            f"{row['query']:28} raw SQL p50 {measured['sql_ms_p50']:8.2f} ms, "
            f"in-process request p50 {measured['request_ms_p50']:8.2f} ms"
        )
    print(
        f"framework overhead (in-process, outside SQL): p50 {overhead['overhead_ms_p50']} ms, "
        f"p95 {overhead['overhead_ms_p95']} ms, {overhead['overhead_share_of_time']:.0%} of request time"
    )
    all_ours = [r["ours_p50_ms"] for r in results]
    all_ds = [r["datasette_p50_ms"] for r in results]
    summary = {
        "median_of_p50_ours_ms": round(statistics.median(all_ours), 1),
        "median_of_p50_datasette_ms": round(statistics.median(all_ds), 1),
        "geometric_mean_ratio_p50": round(
            statistics.geometric_mean([r["ratio_p50"] for r in results if r["ratio_p50"] > 0]), 2
        ),
    }
    print(summary)
    result = {
        "benchmark": "compare_search",
        "database": vendor,
        "donations": total,
        "repeat": args.repeat,
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "queries": results,
        "summary": summary,
        "framework_overhead": overhead,
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    out = ROOT / "bench" / "results" / f"compare-search-{vendor}-{total}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
