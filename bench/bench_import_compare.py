"""Benchmark: ``disclosure_import_ec``'s importer before and after a change, on SQLite and
PostgreSQL in one run, as side-by-side ratios (the same file, the same machine, the same
minutes; the load average is recorded before every run).

    .venv/bin/python bench/bench_import_compare.py [--rows 200000] [--before main]

"Before" is the code of the git ref ``--before`` (extracted with ``git archive`` under
var/bench/), "after" is this working tree; both run with this tree's venv. Each side
imports the same synthetic file (``regulator/disclosure/synthetic.py``) into a fresh,
migrated database (SQLite files under var/bench/; PostgreSQL databases
``bench_import_before`` / ``bench_import_after`` on ``--pg``), then imports it again
(nothing changes). Reports rows/s wall, CPU seconds (the importer process's, plus on PostgreSQL its
server backend's, read from /proc) and after ÷ before of each: on a machine shared with
other work the CPU ratio is the steadier figure. JSON: bench/results/import-compare-<rows>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"

WORKER = r"""
import json, os, resource, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE finance_donation, finance_loan, finance_spendingitem CASCADE")
from regulator.audit.types import Actor
from regulator.finance.services import ec_file_import


def server_cpu():
    # PostgreSQL's backend serving this connection: its CPU seconds from /proc (same
    # machine). Parallel index-build workers are not counted.
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


runs = []
for label in ("first", "again"):
    load = os.getloadavg()[0]
    cpu = time.process_time()
    server = server_cpu()
    started = time.perf_counter()
    summary = ec_file_import(kind="donations", path=sys.argv[1], actor=Actor.system("bench"))
    seconds = time.perf_counter() - started
    server = server_cpu() - server
    assert summary.ok, summary.error
    runs.append({"run": label, "seconds": seconds, "cpu_seconds": time.process_time() - cpu,
                 "server_cpu_seconds": server,
                 "rows": summary.read, "created": summary.created,
                 "unchanged": summary.unchanged, "load_before": load})
print("RESULT " + json.dumps(runs))
"""


def before_tree(ref: str) -> Path:
    sha = subprocess.check_output(["git", "rev-parse", ref], cwd=ROOT, text=True).strip()
    tree = BENCH / f"before-{sha[:12]}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", sha, "config", "regulator", "manage.py", "templates", "locale"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def database_url(vendor: str, side: str, pg: str) -> str:
    if vendor == "sqlite":
        path = BENCH / f"import-{side}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"bench_import_{side}"
    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{pg}/{name}"


def run_side(tree: Path, url: str, csv_path: Path) -> list[dict[str, float]]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "DATABASE_STATEMENT_TIMEOUT_MS": "0",
        "PYTHONPATH": str(tree),
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(csv_path)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"{tree} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    runs: list[dict[str, float]] = json.loads(line[7:])
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--before", default="main", help="git ref of the code to compare with")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from regulator.disclosure import synthetic

    BENCH.mkdir(parents=True, exist_ok=True)
    csv_path = BENCH / f"donations-synthetic-{args.rows}.csv"
    if not csv_path.exists():
        synthetic.write_csv(csv_path, "donations", args.rows)
    trees = {"before": before_tree(args.before), "after": ROOT}
    results = []
    for vendor in args.databases.split(","):
        for side, tree in trees.items():
            runs = run_side(tree, database_url(vendor, side, args.pg), csv_path)
            for run in runs:
                results.append({"database": vendor, "side": side, **run})
                cpu = run["cpu_seconds"] + run["server_cpu_seconds"]
                print(
                    f"{vendor:10} {side:6} {run['run']:5} {run['rows'] / run['seconds']:>9,.0f} rows/s"
                    f"  {run['seconds']:6.1f} s wall  {cpu:6.1f} s CPU"
                    f" ({run['rows'] / cpu:>9,.0f} rows per CPU s; server {run['server_cpu_seconds']:.1f})"
                    f"  load {run['load_before']:.1f}",
                    flush=True,
                )
    print("\nafter ÷ before (wall; CPU seconds of the importer and its PostgreSQL backend)")
    for vendor in args.databases.split(","):
        for label in ("first", "again"):
            pick = {r["side"]: r for r in results if r["database"] == vendor and r["run"] == label}
            speed = pick["before"]["seconds"] / pick["after"]["seconds"]
            cpu = (pick["before"]["cpu_seconds"] + pick["before"]["server_cpu_seconds"]) / (
                pick["after"]["cpu_seconds"] + pick["after"]["server_cpu_seconds"]
            )
            print(f"{vendor:10} {label:5} {speed:5.1f}x faster wall, {cpu:5.1f}x less CPU")
    out = ROOT / "bench" / "results" / f"import-compare-{args.rows}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "benchmark": "import-compare",
                "rows": args.rows,
                "before": args.before,
                "results": results,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
