"""Benchmark: open-data API searches over the donations loaded by bench_import.py.

    .venv/bin/python bench/bench_search.py [--requests 400]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regulator_disclosure \\
        .venv/bin/python bench/bench_search.py

Sends a seeded mix of realistic requests (free-text names with misspellings, entity,
status, date and value filters, each sort order, the next page, facets and totals)
through the full Django stack in-process, and reports p50/p95/max per kind of request
and overall. Writes JSON under bench/results/.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    from bench_import import setup

    vendor = setup(fresh=False)
    from django.test import Client

    from regulator.disclosure import synthetic
    from regulator.finance.models import Donation

    total = Donation.objects.count()
    if not total:
        sys.exit("No donations: run bench/bench_import.py first.")
    rng = random.Random(7)
    client = Client()
    names = [synthetic.donor(k).name for k in range(200)]
    entities = [entity[0] for entity in synthetic.ENTITIES[:20]]

    def misspell(name: str) -> str:
        word = rng.choice(name.split())
        if len(word) > 5:
            k = rng.randrange(1, len(word) - 1)
            word = word[:k] + word[k + 1 :]
        return word.lower()

    def request() -> tuple[str, str, dict[str, Any]]:
        kind = rng.choice(
            ["name", "name", "filters", "filters", "sorted", "page2", "facets", "totals"]
        )
        params: dict[str, Any] = {}
        if kind == "name":
            params["q"] = rng.choice([rng.choice(names), misspell(rng.choice(names))])
        if kind in ("filters", "facets", "totals", "page2"):
            params["regulated_entity"] = rng.choice(entities)
            if rng.random() < 0.5:
                params["donor_status"] = rng.choice(["individual", "Company", "trade-union"])
            if rng.random() < 0.5:
                year = rng.randint(2019, 2024)
                params["date_from"], params["date_to"] = f"{year}-01-01", f"{year}-12-31"
            if rng.random() < 0.3:
                params["value_min"] = rng.choice([1000, 10000, 100000])
        if kind == "sorted":
            params["sort"] = rng.choice(["date", "-date", "value", "-value"])
            params["is_public_fund"] = rng.choice(["true", "false"])
        url = "/api/v1/donations/"
        if kind == "facets":
            url += "facets/"
            params["facet"] = ["donor_status", "regulated_entity", "year"]
        if kind == "totals":
            url += "totals/"
            params["group_by"] = rng.choice(["regulated_entity", "donor_status", "year", "quarter"])
        return kind, url, params

    # Warm up (caches, the FTS vocabulary, connections).
    for _ in range(10):
        _kind, url, params = request()
        client.get(url, params)
    timings: dict[str, list[float]] = {}
    statuses: dict[int, int] = {}
    for _ in range(args.requests):
        kind, url, params = request()
        started = time.perf_counter()
        response = client.get(url, params)
        if kind == "page2" and response.status_code == 200 and response.json().get("next"):
            nxt = response.json()["next"]
            started = time.perf_counter()
            response = client.get(nxt)
        elapsed = (time.perf_counter() - started) * 1000
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        timings.setdefault(kind, []).append(elapsed)
    everything = [value for values in timings.values() for value in values]
    summary = {
        kind: {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "max_ms": round(max(values), 1),
        }
        for kind, values in sorted(timings.items())
    }
    summary["all"] = {
        "n": len(everything),
        "p50_ms": round(statistics.median(everything), 1),
        "p95_ms": round(percentile(everything, 0.95), 1),
        "max_ms": round(max(everything), 1),
    }
    for kind, figures in summary.items():
        print(
            f"{kind:8} n={figures['n']:4}  p50 {figures['p50_ms']:8.1f} ms  p95 {figures['p95_ms']:8.1f} ms  max {figures['max_ms']:8.1f} ms"
        )
    print(f"statuses: {statuses}")
    result = {
        "benchmark": "search",
        "database": vendor,
        "donations_in_database": total,
        "requests": args.requests,
        "statuses": statuses,
        "latency": summary,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    out = ROOT / "bench" / "results" / f"search-{vendor}-{total}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
