"""Benchmark: the restore drill on the benchmark dataset (1,000,000 donations by default).

    .venv/bin/python bench/bench_restore.py                      # SQLite (var/bench/)
    .venv/bin/python bench/bench_restore.py \\
        --database-url postgres://postgres@127.0.0.1:5432/regulator_bench

Backs the benchmark database up with ``manage.py core_backup`` (database, uploaded files,
checkpoints, manifest), restores it with ``manage.py core_restore`` into a new, empty
database (a new SQLite file, or a new PostgreSQL database) and an empty MEDIA_ROOT, which
checks every checksum, every table's row count and the audit chain against the
checkpoints. Prints the time of each step and writes JSON under bench/results/. The
database is first given an audit checkpoint (``audit_checkpoint``) so that the restore
has something to verify against. Load it first with bench/bench_import.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "var" / "bench" / "finance-bench.sqlite3"
WORK = ROOT / "var" / "bench" / "restore-drill"


def _manage(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}")
    return elapsed, run.stdout


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql, "postgres"], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=None, help="PostgreSQL benchmark database")
    args = parser.parse_args()

    source_url = args.database_url or f"sqlite:///{SQLITE_PATH}"
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    (WORK / "media-source").mkdir()
    base = dict(os.environ)
    base.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    base["LOG_LEVEL"] = "WARNING"
    base["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"
    base["AUDIT_CHECKPOINT_STORE"] = str(WORK / "checkpoints.jsonl")
    base["AUDIT_SIGNING_KEY_FILE"] = str(WORK / "signing-key.pem")
    source_env = {**base, "DATABASE_URL": source_url, "MEDIA_ROOT": str(WORK / "media-source")}

    if args.database_url:
        target_name = "regulator_restore_drill"
        _psql(f"DROP DATABASE IF EXISTS {target_name}")
        _psql(f"CREATE DATABASE {target_name}")
        target_url = args.database_url.rsplit("/", 1)[0] + f"/{target_name}"
    else:
        target_url = f"sqlite:///{WORK / 'restored.sqlite3'}"
    target_env = {**base, "DATABASE_URL": target_url, "MEDIA_ROOT": str(WORK / "media-restored")}

    timings: dict[str, float] = {}
    timings["audit_checkpoint_s"], _ = _manage(["audit_checkpoint"], source_env)
    timings["backup_s"], _ = _manage(["core_backup", str(WORK / "backup")], source_env)
    size = sum(path.stat().st_size for path in (WORK / "backup").iterdir())
    timings["restore_and_verify_s"], restore_out = _manage(
        ["core_restore", str(WORK / "backup")], target_env
    )
    manifest: dict[str, Any] = json.loads((WORK / "backup" / "manifest.json").read_text())
    rows = sum(manifest["table_counts"].values())
    donations = manifest["table_counts"].get("finance_donation", 0)
    result = {
        "benchmark": "restore",
        "database": "postgresql" if args.database_url else "sqlite",
        "donations": donations,
        "rows_in_all_tables": rows,
        "backup_bytes": size,
        "timings": {name: round(value, 1) for name, value in timings.items()},
        "restore_output": restore_out.strip().splitlines()[-3:],
        "load_average_at_end": os.getloadavg(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    for name, value in result["timings"].items():
        print(f"{name:24} {value:8.1f} s")
    print(f"backup size {size / 1e6:.0f} MB; {rows} rows in all tables ({donations} donations)")
    print("\n".join(result["restore_output"]))
    out = ROOT / "bench" / "results" / f"restore-{result['database']}-{donations}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")
    if args.database_url:
        _psql("DROP DATABASE IF EXISTS regulator_restore_drill")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
