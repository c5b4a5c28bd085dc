"""Benchmark: searches never asked before. A seeded generator makes N distinct random
combinations of free text, filters, ranges and sorts over the donations; each is sent
once to our API and once to Datasette's equivalent URL (alternating which goes first),
so no answer is remembered by either side. Reports p50/p95/p99 of each, the ratio, the
answers whose counts differ, and writes JSON under bench/results/.

    .venv/bin/python bench/bench_cold_search.py [--n 1000000] [--queries 300] [--seed 22]
    .venv/bin/python bench/bench_cold_search.py --database-url postgres://postgres@127.0.0.1:5432/regulator_bench

The rows are the ones bench/bench_import.py --rows N loaded (SQLite under var/bench/, or
the PostgreSQL database given); Datasette serves the same rows as in
bench/bench_compare_search.py (one table, FTS5, an index on every filtered column).
"Cold" means the combination is new to both servers; the operating system's page cache
is warm for both, as it would be on a server that has been up for a while.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _serve import percentile, start_gunicorn, stop  # noqa: E402
from bench_compare_search import (  # noqa: E402
    build_datasette_db,
    ds_url,
    our_url,
    setup,
    start_datasette,
)

SORTS = [("-date", {"_sort_desc": "date"}), ("date", {"_sort": "date"}),
         ("-value", {"_sort_desc": "value"}), ("value", {"_sort": "value"})]  # fmt: skip
VALUE_STEPS = [0, 100, 500, 1000, 2500, 5000, 10000, 50000, 100000]


def vocabulary(rng: random.Random) -> dict[str, list[Any]]:
    """What the generator draws from, read from the rows themselves."""
    from django.db.models import Count, Max, Min

    from regulator.finance.models import Donation

    rows = Donation.objects.all()
    bounds = rows.aggregate(low=Min("pk"), high=Max("pk"))
    names = []
    for _ in range(400):
        start = rng.randint(bounds["low"], bounds["high"])
        name = rows.filter(pk__gte=start).order_by("pk").values_list("donor_name", flat=True)[0]
        names.append([word for word in name.lower().split() if len(word) >= 3 and word.isalpha()])
    entities = list(
        rows.values("entity_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("entity_id", flat=True)[:200]
    )
    span = rows.aggregate(first=Min("date"), last=Max("date"))
    return {
        "names": [words for words in names if words],
        "statuses": sorted(set(rows.values_list("donor_status", flat=True).distinct())),
        "entities": entities,
        "years": list(range(span["first"].year, span["last"].year + 1)),
    }


def generate(
    rng: random.Random, vocab: dict[str, list[Any]], n: int
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """N distinct (our parameters, Datasette's parameters) pairs."""
    seen: set[str] = set()
    queries: list[tuple[dict[str, Any], dict[str, Any]]] = []
    while len(queries) < n:
        ours: dict[str, Any] = {}
        theirs: dict[str, Any] = {}
        if rng.random() < 0.5:
            words = rng.choice(vocab["names"])
            text = " ".join(rng.sample(words, min(len(words), rng.choice([1, 1, 2]))))
            ours["q"], theirs["_search"] = text, text
        if rng.random() < 0.3:
            status = rng.choice(vocab["statuses"])
            ours["donor_status"] = theirs["donor_status"] = status
        if rng.random() < 0.4:
            entity = rng.choice(vocab["entities"])
            ours["regulated_entity"] = theirs["regulated_entity_id"] = entity
        if rng.random() < 0.5:
            year = rng.choice(vocab["years"])
            first, last = sorted(rng.sample(range(1, 13), 2)) if rng.random() < 0.5 else (1, 12)
            start, end = f"{year}-{first:02d}-01", f"{year}-{last:02d}-28"
            ours.update(date_from=start, date_to=end)
            theirs.update({"date__gte": start, "date__lte": end})
        if rng.random() < 0.4:
            low = rng.choice(VALUE_STEPS[:-1])
            ours["value_min"] = theirs["value__gte"] = low
            if rng.random() < 0.5:
                high = rng.choice([v for v in VALUE_STEPS if v > low])
                ours["value_max"] = theirs["value__lte"] = high
        if rng.random() < 0.1:
            ours["is_public_fund"], theirs["is_public_fund"] = "true", 1
        sort, their_sort = rng.choice(SORTS)
        ours["sort"] = sort
        theirs.update(their_sort)
        key = json.dumps(ours, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        queries.append((ours, theirs))
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--n", type=int, default=1_000_000, help="donations loaded by bench_import.py"
    )
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--database-url", default=None)
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
            f"The database has {total} donations, not {args.n}: run bench/bench_import.py --rows {args.n} first."
        )
    rng = random.Random(args.seed)
    queries = generate(rng, vocabulary(rng), args.queries)
    ds_path = ROOT / "var" / "bench" / f"datasette_{args.n}.db"
    build_datasette_db(ds_path, total)
    connection.close()

    ours_process, ours_base = start_gunicorn(url, args.workers, args.threads)
    ds_process, ds_base = start_datasette(ds_path)
    times: dict[str, list[float]] = {"ours": [], "datasette": []}
    errors: dict[str, list[str]] = {"ours": [], "datasette": []}
    slowest: list[tuple[float, str]] = []
    differing: list[tuple[dict[str, Any], Any, Any]] = []
    try:
        with httpx.Client(timeout=120) as client:
            client.get(our_url(ours_base, "", {}))  # connections and the first worker's start
            client.get(ds_url(ds_base, {}))
            for number, (ours, theirs) in enumerate(queries):
                targets = [
                    ("ours", our_url(ours_base, "", ours)),
                    ("datasette", ds_url(ds_base, theirs)),
                ]
                if number % 2:
                    targets.reverse()
                counts = {}
                for side, target in targets:
                    started = time.perf_counter()
                    response = client.get(target)
                    body = response.content
                    elapsed = (time.perf_counter() - started) * 1000
                    times[side].append(elapsed)
                    if response.status_code != 200:
                        errors[side].append(f"{response.status_code} {target}")
                        continue
                    data = json.loads(body)
                    counts[side] = data.get("count", data.get("filtered_table_rows_count"))
                    if side == "ours":
                        slowest.append((elapsed, target.removeprefix(ours_base)))
                if len(counts) == 2 and counts["ours"] != counts["datasette"]:
                    differing.append((ours, counts["ours"], counts["datasette"]))
    finally:
        stop(ours_process)
        stop(ds_process)

    summary: dict[str, Any] = {}
    for side, values in times.items():
        summary[side] = {label: round(percentile(values, share), 1)
                         for label, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))}  # fmt: skip
        summary[side]["errors"] = len(errors[side])
        print(f"{side:10} p50 {summary[side]['p50']:8.1f} ms  p95 {summary[side]['p95']:8.1f} ms  "
              f"p99 {summary[side]['p99']:8.1f} ms  errors {len(errors[side])}")  # fmt: skip
    ratio = summary["ours"]["p95"] / max(summary["datasette"]["p95"], 0.01)
    print(
        f"ratio of p95 (ours / Datasette): {ratio:.2f}; "
        f"counts differ on {len(differing)} of {len(queries)}"
    )
    with_text = sum(1 for params, _ours, _theirs in differing if "q" in params)
    print(f"  of those, {with_text} search by name")
    for params, ours_count, theirs_count in differing[:10]:
        print(f"  ours {ours_count} / Datasette {theirs_count}: {params}")
    print("slowest of ours:")
    for elapsed, target in sorted(slowest, reverse=True)[:8]:
        print(f"  {elapsed:8.1f} ms  {target}")
    for side in errors:
        for line in errors[side][:5]:
            print(f"  error ({side}): {line}")
    result = {
        "benchmark": "cold_search", "database": vendor, "donations": total,
        "queries": len(queries), "seed": args.seed, "summary": summary,
        "ratio_p95": round(ratio, 2), "counts_differ": differing,
        "slowest_ours": sorted(slowest, reverse=True)[:20],
        "median_ours_ms": round(statistics.median(times["ours"]), 1),
        "load_average_at_end": os.getloadavg(), "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }  # fmt: skip
    out = ROOT / "bench" / "results" / f"cold-search-{vendor}-{total}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
