"""Benchmark: the framework's share of the open-data API's request time on the fixed mix
(issue 22, aim 6), DRF against a plain Django view, and a profile of the top costs.

    .venv/bin/python bench/bench_overhead.py [--repeat 15] [--profile 20]
    .venv/bin/python bench/bench_overhead.py --database-url postgres://postgres@127.0.0.1:5432/regulator_json_bench
    .venv/bin/python bench/bench_overhead.py --code /tmp/before   # measure another checkout's code

Data: the donations loaded by bench/bench_import.py (SQLite file var/bench/ of this
checkout, or the PostgreSQL database given). ``--code`` puts another checkout (e.g. a
worktree of main, "before") first on the import path, so the same script and the same
data measure two versions of the code.

The mix is bench_compare_search.py's fixed 24 queries (free text, filters, ranges, sorts,
facets, page 20 by date and by value), sent in-process through the whole Django stack
(test client, every middleware) with the public response cache off (it would replay a
kept answer without running the view) and rates raised. Every query is sent once to warm
up: remembered counts, facets and totals are then read, as on a running service. Then
``--repeat`` rounds of the mix.

Method (as issue 8's measure in bench_compare_search.py: request time minus SQL time),
with one difference: the SQL is timed by a ``connection.execute_wrapper`` around each
statement instead of ``CaptureQueriesContext``, whose debug cursor formats every
statement's SQL and parameters and so adds its own cost to the "framework" side
(``--method capture`` measures issue 8's way). Rows fetched after ``execute`` returns
(SQLite steps through them as Python iterates) count as framework on both. Reported:

- request p50, SQL p50 (and of it the statements on the database cache, where the API's
  rate limits count each request when there is no Redis), overhead p50 (median of
  request minus SQL per request);
- **overhead share at p50**: overhead p50 ÷ request p50 (the issue's measure);
- the median of the per-request shares, and the share of the summed time (issue 8's
  "% of request time");
- DRF against plain: the list, facets and totals views of the mix called directly
  (no middleware) as DRF views and as plain Django functions doing the same work with
  the same selectors, pagination and item representation and returning
  ``orjson.dumps`` of the same data: p50 of each and the ratio;
- ``--profile N``: cProfile over N rounds of the mix, timed by the process's CPU time
  (on a shared machine wall time charges another process's turn to whatever function
  was running), the top functions by own time and the time by package; cProfile's own
  cost makes each request several times slower, so read the shares, not the times.

Prints the figures and writes JSON under bench/results/ (``--label`` names the file).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _serve import percentile  # noqa: E402
from bench_compare_search import DEEP, QUERIES  # noqa: E402

SQLITE_PATH = ROOT / "var" / "bench" / "finance-bench.sqlite3"


def setup(database_url: str | None, code: Path) -> str:
    sys.path.insert(0, str(code))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{SQLITE_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")
    os.environ.setdefault("API_RATE_ANON", "1000000/minute")
    os.environ.setdefault("API_QUERY_BUDGET_MS", "60000")
    os.environ["PUBLIC_CACHE_ENABLED"] = "false"
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


def mix_urls() -> list[tuple[str, str]]:
    """(name, path and query) of each of the 24 queries; deep pages found by following
    the next links."""
    from django.test import Client

    client = Client()
    urls = []
    for name, path, params, _theirs in QUERIES:
        if path == "deep":
            url = f"/api/v1/donations/?{urlencode(params, doseq=True)}"
            for _ in range(DEEP - 1):
                answer = client.get(url)
                assert answer.status_code == 200, (url, answer.content[:300])
                link = answer.json()["next"]
                assert link, url
                parts = urlsplit(link)
                url = f"{parts.path}?{parts.query}"
        else:
            url = f"/api/v1/donations/{path}?{urlencode(params, doseq=True)}"
        urls.append((name, url))
    return urls


class SqlTimer:
    """Time of every SQL statement run while installed (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.statements = 0
        self.cache_seconds = 0.0  # of it, the rate limits' counters in the database cache

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.statements += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.seconds += elapsed
            if "core_cache" in sql:
                self.cache_seconds += elapsed


def measure(urls: list[tuple[str, str]], repeat: int, method: str) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for _name, url in urls:  # warm-up: remembered answers, connections, imports
        assert client.get(url).status_code == 200, url
    totals: list[float] = []
    sqls: list[float] = []
    cache_sqls: list[float] = []
    cpus: list[float] = []  # the request's CPU time in this process (a shared machine's
    # neighbours slow the wall clock, not this; SQLite's work is in it, PostgreSQL's not)
    queries: list[int] = []
    per_query: dict[str, dict[str, list[float]]] = {}
    for _ in range(repeat):
        for name, url in urls:
            if method == "capture":
                with CaptureQueriesContext(connection) as captured:
                    cpu, started = time.thread_time(), time.perf_counter()
                    response = client.get(url)
                    body = response.content
                    total = time.perf_counter() - started
                    cpu = time.thread_time() - cpu
                sql = sum(float(q["time"]) for q in captured.captured_queries)
                cache_sql = sum(
                    float(q["time"]) for q in captured.captured_queries if "core_cache" in q["sql"]
                )
                count = len(captured.captured_queries)
            else:
                timer = SqlTimer()
                with connection.execute_wrapper(timer):
                    cpu, started = time.thread_time(), time.perf_counter()
                    response = client.get(url)
                    body = response.content
                    total = time.perf_counter() - started
                    cpu = time.thread_time() - cpu
                sql, cache_sql = timer.seconds, timer.cache_seconds
                count = timer.statements
            assert response.status_code == 200, url
            assert body, url
            totals.append(total * 1000)
            sqls.append(sql * 1000)
            cache_sqls.append(cache_sql * 1000)
            cpus.append(cpu * 1000)
            queries.append(count)
            times = per_query.setdefault(name, {"request": [], "sql": []})
            times["request"].append(total * 1000)
            times["sql"].append(sql * 1000)
    overheads = [max(t - s, 0.0) for t, s in zip(totals, sqls, strict=True)]
    # The stricter reading: the rate limits' counters are framework, not the search.
    strict = [o + c for o, c in zip(overheads, cache_sqls, strict=True)]
    request_p50 = statistics.median(totals)
    overhead_p50 = statistics.median(overheads)
    return {
        "method": method,
        "requests": len(totals),
        "request_ms_p50": round(request_p50, 2),
        "request_ms_p95": round(percentile(totals, 0.95), 2),
        "request_cpu_ms_p50": round(statistics.median(cpus), 2),
        "sql_ms_p50": round(statistics.median(sqls), 2),
        "cache_sql_ms_p50": round(statistics.median(cache_sqls), 2),
        "queries_per_request": round(statistics.mean(queries), 2),
        "overhead_ms_p50": round(overhead_p50, 2),
        "overhead_ms_p95": round(percentile(overheads, 0.95), 2),
        "overhead_share_at_p50": round(overhead_p50 / request_p50, 3),
        "median_of_shares": round(
            statistics.median(o / t for o, t in zip(overheads, totals, strict=True)), 3
        ),
        "share_of_summed_time": round(sum(overheads) / sum(totals), 3),
        "overhead_with_cache_sql_ms_p50": round(statistics.median(strict), 2),
        "overhead_with_cache_sql_share_at_p50": round(statistics.median(strict) / request_p50, 3),
        "per_query": {
            name: {
                "request_ms_p50": round(statistics.median(t["request"]), 2),
                "sql_ms_p50": round(statistics.median(t["sql"]), 2),
            }
            for name, t in per_query.items()
        },
    }


def plain_views() -> dict[str, Callable[[Any], Any]]:
    """Plain Django views doing the DRF views' work with the same parts: the same
    selectors, keyset pagination and item representation, the JSON made by orjson.
    No content negotiation, authentication, throttling, Request wrapper or renderer."""
    import orjson
    from django.http import HttpResponse

    from regulator.disclosure import selectors
    from regulator.disclosure.api.pagination import TransactionPagination
    from regulator.disclosure.api.serializers import SERIALIZERS

    class Shim:
        """What the pagination reads of a DRF request."""

        def __init__(self, request: Any) -> None:
            self.query_params = request.GET
            self.build_absolute_uri = request.build_absolute_uri

    def answer(data: Any) -> HttpResponse:
        return HttpResponse(orjson.dumps(data), content_type="application/json")

    # The parameters validated once a request where the code can (issue 22's
    # ``transactions_selected``), as its DRF views do; twice or three times before.
    selected = getattr(selectors, "transactions_selected", None)

    def chosen(request: Any) -> dict[str, Any]:
        if selected is None:
            return {}
        return {"selection": selected(kind="donations", params=request.GET)}

    def listing(request: Any) -> HttpResponse:
        shim: Any = Shim(request)  # what the pagination reads of a DRF request
        paginator = TransactionPagination()
        paginator.kind = "donations"
        if selected is None:
            queryset, holder = (
                selectors.transactions_filtered(kind="donations", params=request.GET),
                None,
            )
        else:
            selection = selected(kind="donations", params=request.GET)
            queryset = selection.queryset
            holder = types.SimpleNamespace(kind="donations", selection=lambda: selection)
        rows = paginator.paginate_queryset(queryset.select_related("period"), shim, holder)
        data = SERIALIZERS["donations"](rows, many=True).data
        return answer(paginator.envelope(data))

    def facets(request: Any) -> HttpResponse:
        wanted = request.GET.getlist("facet") or selectors.facet_names("donations")
        found = selectors.transaction_facets(
            kind="donations", params=request.GET, wanted=wanted, **chosen(request)
        )
        return answer({"facets": found})

    def totals(request: Any) -> HttpResponse:
        group_by = request.GET.get("group_by") or "regulated_entity"
        results = selectors.transaction_totals(
            kind="donations", params=request.GET, group_by=group_by, **chosen(request)
        )
        return answer({"group_by": group_by, "results": results})

    return {"": listing, "facets/": facets, "totals/": totals}


def drf_against_plain(repeat: int) -> dict[str, Any]:
    """The hot list, facets and totals URLs of the mix through each kind of view, called
    directly (no middleware), alternating."""
    from django.test import RequestFactory

    from regulator.disclosure.api import views

    drf = {
        "": views.DonationList.as_view(),
        "facets/": views.DonationFacets.as_view(),
        "totals/": views.DonationTotals.as_view(),
    }
    plain = plain_views()
    factory = RequestFactory()
    cases = [(name, path, params) for name, path, params, _ in QUERIES if path != "deep"]
    cases += [
        ("totals: entity", "totals/", {}),
        (
            "totals: year + entity filter",
            "totals/",
            {"group_by": "year", "regulated_entity": 910001},
        ),
    ]
    results: dict[str, Any] = {}
    for group in ("", "facets/", "totals/"):
        times: dict[str, list[float]] = {"drf": [], "plain": []}
        bodies: dict[str, bytes] = {}
        same = True
        for _ in range(repeat + 1):
            for _name, path, params in cases:
                if path != group:
                    continue
                for side, view in (("drf", drf[group]), ("plain", plain[group])):
                    request = factory.get(f"/api/v1/donations/{path}", params)
                    started = time.perf_counter()
                    response = view(request)
                    if hasattr(response, "render"):
                        response.render()
                    body = response.content
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200, (side, path, params)
                    assert body, (side, path, params)
                    times[side].append(elapsed)
                    bodies[side] = body
                # the two kinds of view must give the same answer to be compared
                same = same and bodies["drf"] == bodies["plain"]
        for side in times:  # the first round warmed up
            times[side] = times[side][len(times[side]) // (repeat + 1) :]
        drf_p50, plain_p50 = statistics.median(times["drf"]), statistics.median(times["plain"])
        results[group.rstrip("/") or "list"] = {
            "requests": len(times["drf"]),
            "drf_ms_p50": round(drf_p50, 2),
            "plain_ms_p50": round(plain_p50, 2),
            "drf_over_plain": round(drf_p50 / plain_p50, 2),
            "same_bytes": same,
        }
    return results


def _package(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    for marker, name in (
        ("/rest_framework/", "rest_framework"),
        ("/django_filters/", "django_filters"),
        ("/drf_spectacular/", "drf_spectacular"),
        ("/django/db/", "django.db (ORM)"),
        ("/django/", "django (other)"),
        ("/psycopg/", "psycopg"),
        ("/structlog/", "structlog"),
        ("/django_structlog/", "structlog"),
        ("/allauth/", "allauth"),
        ("/csp/", "django-csp"),
        ("/django_prometheus/", "django-prometheus"),
        ("/regulator/", "regulator (ours)"),
        ("/config/", "regulator (ours)"),
        ("/site-packages/", "other packages"),
    ):
        if marker in filename:
            return name
    return "stdlib"


def profile(urls: list[tuple[str, str]], rounds: int, top: int = 25) -> dict[str, Any]:
    from django.test import Client

    client = Client()
    for _name, url in urls:
        client.get(url)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(rounds):
        for _name, url in urls:
            _body = client.get(url).content  # the body is part of the request's cost
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    entries: dict[Any, Any] = vars(stats)["stats"]  # not in typeshed's Stats
    total = sum(row[2] for row in entries.values())
    by_package: dict[str, float] = {}
    rows = []
    for (filename, line, function), (_cc, calls, own, cumulative, _callers) in entries.items():
        by_package[_package(filename)] = by_package.get(_package(filename), 0.0) + own
        rows.append((own, cumulative, calls, f"{_short(filename)}:{line}({function})"))
    rows.sort(reverse=True)
    requests = rounds * len(urls)
    return {
        "requests": requests,
        "profiled_ms_per_request": round(total * 1000 / requests, 2),
        "by_package_share": {
            name: round(seconds / total, 3)
            for name, seconds in sorted(by_package.items(), key=lambda item: -item[1])
        },
        "top_own_time": [
            {
                "function": where,
                "calls_per_request": round(calls / requests, 1),
                "own_ms_per_request": round(own * 1000 / requests, 3),
                "cumulative_ms_per_request": round(cumulative * 1000 / requests, 3),
            }
            for own, cumulative, calls, where in rows[:top]
        ],
    }


def _short(filename: str) -> str:
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.removeprefix(str(ROOT) + "/")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=15, help="rounds of the 24-query mix")
    parser.add_argument("--profile", type=int, default=10, help="rounds under cProfile (0: none)")
    parser.add_argument("--method", choices=("wrapper", "capture"), default="wrapper")
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL database with the donations"
    )
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="the checkout whose code is measured"
    )
    parser.add_argument("--label", default="", help="suffix of the JSON file's name")
    args = parser.parse_args()

    load = os.getloadavg()
    vendor = setup(args.database_url, args.code.resolve())
    from regulator.finance.models import Donation

    commit = subprocess.run(
        ["git", "-C", str(args.code), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    donations = Donation.objects.count()
    if not donations:
        sys.exit("No donations: run bench/bench_import.py first (same database).")
    print(f"{vendor}, {donations:,} donations, code {args.code} at {commit}, load {load}")
    urls = mix_urls()
    overhead = measure(urls, args.repeat, args.method)
    for name, figures in overhead["per_query"].items():
        print(
            f"{name:28} request p50 {figures['request_ms_p50']:8.2f} ms  SQL p50 {figures['sql_ms_p50']:8.2f} ms"
        )
    print(
        f"overhead ({overhead['method']}): request p50 {overhead['request_ms_p50']} ms "
        f"(CPU {overhead['request_cpu_ms_p50']} ms), SQL p50 "
        f"{overhead['sql_ms_p50']} ms (of it the rate limits' cache {overhead['cache_sql_ms_p50']} ms), "
        f"{overhead['queries_per_request']} statements a request, overhead p50 {overhead['overhead_ms_p50']} ms = "
        f"{overhead['overhead_share_at_p50']:.0%} of request time at p50 (median of shares "
        f"{overhead['median_of_shares']:.0%}, of summed time {overhead['share_of_summed_time']:.0%}); counting the cache's SQL as "
        f"framework: {overhead['overhead_with_cache_sql_ms_p50']} ms = "
        f"{overhead['overhead_with_cache_sql_share_at_p50']:.0%}"
    )
    compared = drf_against_plain(max(3, args.repeat // 3))
    for group, figures in compared.items():
        print(
            f"DRF against plain, {group:7}: DRF p50 {figures['drf_ms_p50']} ms, plain p50 "
            f"{figures['plain_ms_p50']} ms, ratio {figures['drf_over_plain']}, "
            f"{'the same bytes' if figures['same_bytes'] else 'DIFFERENT BYTES'}"
        )
    profiled = profile(urls, args.profile) if args.profile else None
    if profiled:
        print(
            f"profile: {profiled['requests']} requests, {profiled['profiled_ms_per_request']} ms each under cProfile"
        )
        for name, share in profiled["by_package_share"].items():
            print(f"  {share:6.1%}  {name}")
        for row in profiled["top_own_time"]:
            print(
                f"  {row['own_ms_per_request']:7.3f} own {row['cumulative_ms_per_request']:7.3f} cum ms/req "
                f"{row['calls_per_request']:7.1f} calls  {row['function']}"
            )
    result = {
        "benchmark": "overhead",
        "database": vendor,
        "donations": donations,
        "code": str(args.code),
        "commit": commit,
        "overhead": overhead,
        "drf_against_plain": compared,
        "profile": profiled,
        "load_average_at_start": load,
        "load_average_at_end": os.getloadavg(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    out = (
        ROOT
        / "bench"
        / "results"
        / f"overhead-{vendor}-{donations}{'-' + args.label if args.label else ''}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
