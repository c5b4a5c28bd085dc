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
held for that long, checked minute by minute (stepping down by a fifth on a miss). Loopback only, bounded in requests and
time. Prints each step and writes JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _serve import percentile, start_gunicorn, stop  # noqa: E402
from bench_compare_search import setup  # noqa: E402

P99_LIMIT_MS = 500.0


def mix(rng: random.Random, names: list[str], entities: list[int]) -> str:
    """One request of the mix: what the public and API users do, in rough proportion."""
    roll = rng.random()
    if roll < 0.10:
        return "/"
    if roll < 0.30:
        return f"/search/?q={rng.choice(names)}"
    if roll < 0.38:
        return f"/search/?regulated_entity={rng.choice(entities)}"
    if roll < 0.43:
        return "/register/"
    if roll < 0.48:
        return f"/search/entities/{rng.choice(entities)}/"
    if roll < 0.68:
        return f"/api/v1/donations/?q={rng.choice(names)}"
    if roll < 0.80:
        year = rng.randint(2019, 2024)
        return f"/api/v1/donations/?regulated_entity={rng.choice(entities)}&date_from={year}-01-01&date_to={year}-12-31"
    if roll < 0.88:
        return f"/api/v1/donations/?sort=-value&value_min={rng.choice([1000, 10000, 100000])}"
    if roll < 0.94:
        return f"/api/v1/donations/facets/?facet=donor_status&facet=year&regulated_entity={rng.choice(entities)}"
    return f"/api/v1/donations/totals/?group_by=year&regulated_entity={rng.choice(entities)}"


def every_url(names: list[str], entities: list[int]) -> list[str]:
    """Every distinct URL the mix can send: asked once before the ramp, so that the
    counts, facets and totals are remembered as they are on a running service (the
    periodic job and earlier visitors), and the ramp measures the steady state."""
    urls = ["/", "/register/"]
    for name in names:
        urls += [f"/search/?q={name}", f"/api/v1/donations/?q={name}"]
    for entity in entities:
        urls += [
            f"/search/?regulated_entity={entity}",
            f"/search/entities/{entity}/",
            f"/api/v1/donations/facets/?facet=donor_status&facet=year&regulated_entity={entity}",
            f"/api/v1/donations/totals/?group_by=year&regulated_entity={entity}",
        ]
        urls += [
            f"/api/v1/donations/?regulated_entity={entity}&date_from={year}-01-01&date_to={year}-12-31"
            for year in range(2019, 2025)
        ]
    urls += [f"/api/v1/donations/?sort=-value&value_min={v}" for v in (1000, 10000, 100000)]
    return urls


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
    rng: random.Random,
    names: list[str],
    entities: list[int],
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

    def one(path: str, due: float) -> None:
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
            answered[how] = answered.get(how, 0) + 1
            if status != 200:
                errors[str(status)] = errors.get(str(status), 0) + 1

    futures = []
    for k in range(count):
        due = start + k * interval
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        futures.append(pool.submit(one, mix(rng, names, entities), due))
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
    }


def hold(
    client: httpx.Client,
    base: str,
    rate: float,
    minutes: float,
    rng: random.Random,
    names: list[str],
    entities: list[int],
    pool: ThreadPoolExecutor,
) -> tuple[float | None, list[dict]]:
    """Hold ``rate`` for ``minutes``, one-minute windows that must each keep p99 under the
    limit with no error; on a miss, start again at 80 % of the rate (at most 3 tries)."""
    tries: list[dict] = []
    for _ in range(3):
        windows = []
        ok = True
        for minute in range(max(1, round(minutes))):
            window = run_step(client, base, rate, 60.0, rng, names, entities, pool)
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

    load_at_start = os.getloadavg()
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
            urls = every_url(names, entities)
            # As many at once as the server has threads, each with time to compute its
            # remembered answers (first time: a second or two each on a busy machine).
            statuses = list(warm_pool.map(lambda path: warm(client, base + path), urls))
            print(f"warmed {len(urls)} distinct URLs in {time.perf_counter() - started:.0f} s "
                  f"(statuses {sorted(set(map(str, statuses)))})", flush=True)  # fmt: skip
            deadline = time.monotonic() + args.minutes * 60
            rate = args.start_rate
            while time.monotonic() + args.step_seconds <= deadline:
                step = run_step(client, base, rate, args.step_seconds, rng, names, entities, pool)
                step["held"] = step["p99_ms"] < P99_LIMIT_MS and not step["errors"]
                steps.append(step)
                print(f"rate {rate:7.1f}/s  sent {step['requests']:5}  p50 {step['p50_ms']:7.1f}  p95 {step['p95_ms']:7.1f}  "
                      f"p99 {step['p99_ms']:7.1f} ms  errors {step['errors'] or 0}  {'held' if step['held'] else 'NOT held'}  "
                      f"cache {step['public_cache']}  load {step['load_average']:.1f}", flush=True)  # fmt: skip
                if not step["held"]:
                    break
                held = rate
                rate = round(rate * args.factor, 1)
            if held and args.hold_minutes > 0:
                sustained, holds = hold(
                    client, base, held, args.hold_minutes, rng, names, entities, pool
                )
    finally:
        stop(process)
    print(f"highest rate held with p99 < {P99_LIMIT_MS:.0f} ms and no errors: {held} requests/s")
    if args.hold_minutes > 0:
        print(f"rate held for {args.hold_minutes:g} minutes: {sustained} requests/s")
    result = {
        "benchmark": "load",
        "database": vendor,
        "donations": total,
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "public_cache": cache_on,
        "minutes": args.minutes,
        "step_seconds": args.step_seconds,
        "highest_rate_held": held,
        "hold_minutes": args.hold_minutes,
        "rate_held_for_hold_minutes": sustained,
        "holds": holds,
        "steps": steps,
        "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    suffix = "" if cache_on else "-cache-off"
    out = ROOT / "bench" / "results" / f"load-{vendor}-{total}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
