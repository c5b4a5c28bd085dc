"""Benchmark: the highest request rate gunicorn holds with p99 < 500 ms and no errors,
over a realistic mix of pages and API calls.

    .venv/bin/python bench/bench_load.py [--minutes 1] [--database-url postgres://...]
    .venv/bin/python bench/bench_load.py --minutes 3 --hold-minutes 10   # the full run

Serves the database bench/bench_import.py loaded (SQLite file under var/bench/ or the
PostgreSQL database given) with gunicorn on loopback (--workers x --threads). An open-loop
generator (a thread pool sending at fixed intervals; latency counted from the moment a
request was due, so a slow server cannot hide its queue) steps the rate up, a step of
--step-seconds at each rate, until a step misses p99 < 500 ms or has an error, or the time
is up; the answer is the highest rate that held. With --hold-minutes, that rate is then
held for that long, checked minute by minute (stepping down by a fifth on a miss). Loopback
only, bounded in requests and time. Prints each step (with each kind's p99) and writes JSON
under bench/results/; bench/plot_load.py draws the hold's minutes from it.

The mix (``MIX``): start page, searches by name, entity and facets, the register, entity
pages, the API's lists, facets and totals, and CSV exports of one entity's year from the
API and from the search page; the pages a quarter of the time in Welsh (``/cy/``).

    .venv/bin/python bench/bench_load.py --target datasette --minutes 3

sends the same mix, drawn from the same seed, to Datasette serving the same rows (each
request its equivalent JSON or CSV: ``theirs``), for the ratio.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _serve import percentile, start_gunicorn, stop  # noqa: E402
from bench_compare_search import build_datasette_db, setup, start_datasette  # noqa: E402

P99_LIMIT_MS = 500.0
DRAIN_SECONDS = 20.0


# The mix: (weight, kind). Page kinds are asked in Welsh a quarter of the time.
MIX: list[tuple[float, str]] = [
    (0.08, "home"),
    (0.15, "page_text"),
    (0.07, "page_entity"),
    (0.04, "page_facets"),
    (0.04, "register"),
    (0.05, "entity_page"),
    (0.18, "api_text"),
    (0.12, "api_entity_year"),
    (0.08, "api_big_gifts"),
    (0.06, "api_facets"),
    (0.06, "api_totals"),
    (0.05, "api_export"),
    (0.02, "page_download"),
]
PAGE_KINDS = {"home", "page_text", "page_entity", "page_facets", "register", "entity_page",
              "page_download"}  # fmt: skip
STATUSES = ["Individual", "Company", "Trade Union"]
YEARS = range(2019, 2025)


def draw(rng: random.Random, names: list[str], entities: list[int]) -> tuple[str, dict, bool]:
    """One request of the mix, as (kind, its values, in Welsh): what the public and API
    users do, in rough proportion. Exports and downloads ask for one smaller entity's
    year (hundreds to a few thousand rows), as journalists do."""
    kind = rng.choices([k for _, k in MIX], weights=[w for w, _ in MIX])[0]
    values = {
        "name": rng.choice(names),
        "entity": rng.choice(entities),
        "small_entity": rng.choice(entities[10:]),
        "year": rng.choice(YEARS),
        "status": rng.choice(STATUSES),
        "value_min": rng.choice([1000, 10000, 100000]),
    }
    welsh = kind in PAGE_KINDS and rng.random() < 0.25
    return kind, values, welsh


def ours(kind: str, v: dict, welsh: bool) -> str:
    """Our URL for one draw."""
    year = f"date_from={v['year']}-01-01&date_to={v['year']}-12-31"
    path = {
        "home": "/",
        "page_text": f"/search/?q={v['name']}",
        "page_entity": f"/search/?regulated_entity={v['entity']}",
        "page_facets": f"/search/?donor_status={v['status']}&regulated_entity={v['entity']}",
        "register": "/register/",
        "entity_page": f"/search/entities/{v['entity']}/",
        "api_text": f"/api/v1/donations/?q={v['name']}",
        "api_entity_year": f"/api/v1/donations/?regulated_entity={v['entity']}&{year}",
        "api_big_gifts": f"/api/v1/donations/?sort=-value&value_min={v['value_min']}",
        "api_facets": f"/api/v1/donations/facets/?facet=donor_status&facet=year&regulated_entity={v['entity']}",
        "api_totals": f"/api/v1/donations/totals/?group_by=year&regulated_entity={v['entity']}",
        "api_export": f"/api/v1/donations/?format=csv&regulated_entity={v['small_entity']}&{year}",
        "page_download": f"/search/download/donations/?format=csv&regulated_entity={v['small_entity']}&{year}",
    }[kind]
    return f"/cy{path}" if welsh else path


def theirs(kind: str, v: dict, database: str) -> str:
    """Datasette's equivalent JSON (or CSV) for one draw, over the same rows: a page is
    the query behind it; Welsh and English are the same query."""
    table = f"/{database}/donations"
    year = f"date__gte={v['year']}-01-01&date__lte={v['year']}-12-31"
    totals = quote(
        "select year, count(*) as donations, sum(value) as total from donations"
        " where regulated_entity_id = :entity group by year order by year"
    )
    return {
        "home": f"{table}.json?_sort_desc=date&_size=10",
        "page_text": f"{table}.json?_search={v['name']}",
        "page_entity": f"{table}.json?regulated_entity_id={v['entity']}&_sort_desc=date",
        "page_facets": f"{table}.json?donor_status={quote(v['status'])}&regulated_entity_id={v['entity']}"
        "&_sort_desc=date&_facet=year",
        "register": f"{table}.json?_facet=regulated_entity_id&_size=0",
        "entity_page": f"{table}.json?regulated_entity_id={v['entity']}&_facet=year&_facet=donor_status&_size=10",
        "api_text": f"{table}.json?_search={v['name']}",
        "api_entity_year": f"{table}.json?regulated_entity_id={v['entity']}&{year}&_sort_desc=date",
        "api_big_gifts": f"{table}.json?_sort_desc=value&value__gte={v['value_min']}",
        "api_facets": f"{table}.json?regulated_entity_id={v['entity']}&_facet=donor_status&_facet=year&_size=0",
        "api_totals": f"/{database}.json?sql={totals}&entity={v['entity']}",
        "api_export": f"{table}.csv?regulated_entity_id={v['small_entity']}&{year}&_size=max&_stream=on",
        "page_download": f"{table}.csv?regulated_entity_id={v['small_entity']}&{year}&_size=max&_stream=on",
    }[kind]


# What varies in each kind's URL; the rest of a draw's values are not used by it.
VARIES: dict[str, tuple[str, ...]] = {
    "home": (), "register": (),
    "page_text": ("name",), "api_text": ("name",),
    "page_entity": ("entity",), "entity_page": ("entity",), "api_facets": ("entity",),
    "api_totals": ("entity",), "page_facets": ("entity", "status"),
    "api_entity_year": ("entity", "year"), "api_big_gifts": ("value_min",),
    "api_export": ("small_entity", "year"), "page_download": ("small_entity", "year"),
}  # fmt: skip


def every_draw(names: list[str], entities: list[int]) -> list[tuple[str, dict, bool]]:
    """Every distinct request the mix can send: asked once before the ramp, so that the
    counts, facets and totals are remembered as they are on a running service (the
    periodic job and earlier visitors), and the ramp measures the steady state."""
    choices: dict[str, list[Any]] = {"name": names, "entity": entities, "small_entity": entities[10:],
               "year": list(YEARS), "status": STATUSES, "value_min": [1000, 10000, 100000]}  # fmt: skip
    first = {key: options[0] for key, options in choices.items()}
    draws = []
    for _, kind in MIX:
        keys = VARIES[kind]
        for combination in itertools.product(*(choices[key] for key in keys)):
            values = {**first, **dict(zip(keys, combination, strict=True))}
            for welsh in (False, True) if kind in PAGE_KINDS else (False,):
                draws.append((kind, values, welsh))
    return draws


def warm(client: httpx.Client, url: str) -> int | str:
    """One warm-up request: its status, or the error's name (a slow first answer is not
    an error of the measure; the steps count those)."""
    try:
        return client.get(url, timeout=600).status_code
    except httpx.HTTPError as exc:
        return type(exc).__name__


def run_step(
    client: httpx.Client,
    base: str,
    rate: float,
    seconds: float,
    next_request: Callable[[], tuple[str, str]],
    pool: ThreadPoolExecutor,
) -> dict:
    """Send ``rate`` requests a second for ``seconds``; latency from each due time."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    answered: dict[str, int] = {}  # X-Public-Cache: hit, stored, miss, or "-" (not kept)
    lock = threading.Lock()
    count = max(1, int(rate * seconds))
    interval = 1.0 / rate
    start = time.perf_counter() + 0.05

    by_kind: dict[str, list[float]] = {}

    def one(kind: str, path: str, due: float) -> None:
        try:
            response = client.get(base + path)
            status = response.status_code
            how = response.headers.get("X-Public-Cache", "-")
        except httpx.HTTPError as exc:
            status = type(exc).__name__  # type: ignore[assignment]  # the error's name stands for a status
            how = "-"
        elapsed = (time.perf_counter() - due) * 1000
        with lock:
            latencies.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
            answered[how] = answered.get(how, 0) + 1
            if status != 200:
                errors[str(status)] = errors.get(str(status), 0) + 1

    futures = []
    for k in range(count):
        due = start + k * interval
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        futures.append(pool.submit(one, *next_request(), due))
    for future in futures:
        future.result(timeout=120)
    return {
        "rate": rate,
        "requests": count,
        "achieved_rate": round(count / max(time.perf_counter() - start, 1e-9), 1),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "errors": errors,
        "public_cache": answered,
        "load_average": os.getloadavg()[0],
        "p99_ms_by_kind": {
            kind: round(percentile(values, 0.99), 1) for kind, values in sorted(by_kind.items())
        },
    }


def hold(
    client: httpx.Client,
    base: str,
    rate: float,
    minutes: float,
    next_request: Callable[[], tuple[str, str]],
    pool: ThreadPoolExecutor,
) -> tuple[float | None, list[dict]]:
    """Hold ``rate`` for ``minutes``, one-minute windows that must each keep p99 under the
    limit with no error; on a miss, start again at 80 % of the rate (at most 3 tries)."""
    tries: list[dict] = []
    for _ in range(3):
        # Let the server finish what a missed rate (the ramp's last step, or the try
        # before) left queued: each try starts from an empty queue.
        time.sleep(DRAIN_SECONDS)
        windows = []
        ok = True
        for minute in range(max(1, round(minutes))):
            window = run_step(client, base, rate, 60.0, next_request, pool)
            window["minute"] = minute + 1
            window["held"] = window["p99_ms"] < P99_LIMIT_MS and not window["errors"]
            windows.append(window)
            print(f"  hold {rate:7.1f}/s minute {minute + 1:2}: p50 {window['p50_ms']:7.1f}  "
                  f"p95 {window['p95_ms']:7.1f}  p99 {window['p99_ms']:7.1f} ms  errors {window['errors'] or 0}  "
                  f"{'held' if window['held'] else 'NOT held'}  cache {window['public_cache']}  "
                  f"load {window['load_average']:.1f}", flush=True)  # fmt: skip
            if not window["held"]:
                ok = False
                break
        tries.append({"rate": rate, "held": ok, "windows": windows})
        if ok:
            return rate, tries
        rate = round(rate * 0.8, 1)
    return None, tries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=1.0, help="time budget for the whole ramp")
    parser.add_argument("--step-seconds", type=float, default=10.0)
    parser.add_argument("--start-rate", type=float, default=2.0)
    parser.add_argument("--factor", type=float, default=1.5, help="rate multiplier per step")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-in-flight", type=int, default=128)
    parser.add_argument(
        "--hold-rate",
        type=float,
        default=0.0,
        help="hold this rate (e.g. the aim's 250) instead of the highest the ramp held",
    )
    parser.add_argument(
        "--target",
        choices=["ours", "datasette"],
        default="ours",
        help="datasette: the same mix as Datasette's JSON (and CSV) over the same rows "
        "(SQLite only: a plain table with FTS5 and an index per filtered column, built "
        "from the benchmark database if missing), served by `datasette serve -i`",
    )
    parser.add_argument(
        "--hold-minutes",
        type=float,
        default=0.0,
        help="then hold the highest rate found this long, minute by minute, stepping down "
        "(x0.8, at most 3 tries) when a minute misses; 0: the ramp only",
    )
    args = parser.parse_args()
    url = setup(args.database_url)

    from django.db import connection

    from regulator.disclosure import synthetic
    from regulator.finance.models import Donation

    vendor = connection.vendor
    total = Donation.objects.count()
    # The public response cache (regulator/core/public_cache.py) is on unless the
    # environment turns it off (PUBLIC_CACHE_ENABLED=false: the "before" figures).
    cache_on = os.environ.get("PUBLIC_CACHE_ENABLED", "true").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }
    connection.close()
    rng = random.Random(5)
    names = [synthetic.donor(k).name.split()[-1].lower() for k in range(300)]
    entities = [entity[0] for entity in synthetic.ENTITIES[:30]]

    if args.target == "datasette":
        ds_path = ROOT / "var" / "bench" / f"datasette_{total}.db"
        build_datasette_db(ds_path, total)
        cache_on = False

    def url_of(draw: tuple[str, dict, bool]) -> str:
        kind, values, welsh = draw
        if args.target == "datasette":
            return theirs(kind, values, ds_path.stem)
        return ours(kind, values, welsh)

    def next_request() -> tuple[str, str]:
        drawn = draw(rng, names, entities)
        return drawn[0], url_of(drawn)

    load_at_start = os.getloadavg()
    if args.target == "datasette":
        process, ds_base = start_datasette(ds_path)
        base = ds_base.split(f"/{ds_path.stem}/", 1)[0]
    else:
        process, base = start_gunicorn(url, args.workers, args.threads)
    steps = []
    held = None
    sustained: float | None = None
    holds: list[dict] = []
    deadline = 0.0  # set once the warm-up is done: --minutes is the ramp's own budget
    try:
        limits = httpx.Limits(
            max_connections=args.max_in_flight, max_keepalive_connections=args.max_in_flight
        )
        with (
            httpx.Client(timeout=60, limits=limits) as client,
            ThreadPoolExecutor(args.max_in_flight) as pool,
            ThreadPoolExecutor(args.workers * args.threads) as warm_pool,
        ):
            started = time.perf_counter()
            urls = list(dict.fromkeys(url_of(drawn) for drawn in every_draw(names, entities)))
            # As many at once as the server has threads, each with time to compute its
            # remembered answers (first time: a second or two each on a busy machine).
            statuses = list(warm_pool.map(lambda path: warm(client, base + path), urls))
            print(f"warmed {len(urls)} distinct URLs in {time.perf_counter() - started:.0f} s "
                  f"(statuses {sorted(set(map(str, statuses)))})", flush=True)  # fmt: skip
            deadline = time.monotonic() + args.minutes * 60
            rate = args.start_rate
            while time.monotonic() + args.step_seconds <= deadline:
                step = run_step(client, base, rate, args.step_seconds, next_request, pool)
                step["held"] = step["p99_ms"] < P99_LIMIT_MS and not step["errors"]
                steps.append(step)
                print(f"rate {rate:7.1f}/s  sent {step['requests']:5}  p50 {step['p50_ms']:7.1f}  p95 {step['p95_ms']:7.1f}  "
                      f"p99 {step['p99_ms']:7.1f} ms  errors {step['errors'] or 0}  {'held' if step['held'] else 'NOT held'}  "
                      f"cache {step['public_cache']}  load {step['load_average']:.1f}", flush=True)  # fmt: skip
                if not step["held"]:
                    break
                held = rate
                rate = round(rate * args.factor, 1)
            hold_rate = args.hold_rate or held
            if hold_rate and args.hold_minutes > 0:
                sustained, holds = hold(
                    client, base, hold_rate, args.hold_minutes, next_request, pool
                )
    finally:
        stop(process)
    print(f"highest rate held with p99 < {P99_LIMIT_MS:.0f} ms and no errors: {held} requests/s")
    if args.hold_minutes > 0:
        print(f"rate held for {args.hold_minutes:g} minutes: {sustained} requests/s")
    result = {
        "benchmark": "load",
        "target": args.target,
        "mix": MIX,
        "database": vendor,
        "donations": total,
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "public_cache": cache_on,
        "minutes": args.minutes,
        "step_seconds": args.step_seconds,
        "highest_rate_held": held,
        "hold_minutes": args.hold_minutes,
        "hold_rate_asked": args.hold_rate or None,
        "rate_held_for_hold_minutes": sustained,
        "holds": holds,
        "steps": steps,
        "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    suffix = "-datasette" if args.target == "datasette" else "" if cache_on else "-cache-off"
    out = ROOT / "bench" / "results" / f"load-{vendor}-{total}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
