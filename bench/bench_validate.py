"""Benchmark: parse and validate 100,000 synthetic donation rows (our CSV template).

    .venv/bin/python bench/bench_validate.py [--rows 100000] [--layout template|commission]

Runs against a fresh SQLite database under a temporary directory (migrated, with the
statutory figures and a synthetic Companies House snapshot loaded), so it never touches
var/. Prints rows per second and writes JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATUSES = ["Individual"] * 6 + ["Company"] * 2 + ["Trade Union", "Unincorporated Association"]
FIRST = ["Anna", "Bryn", "Carys", "Dafydd", "Elin", "Gareth", "Hywel", "Iona", "Jac", "Lowri"]
LAST = ["Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis"]


def synthetic_template_csv(rows: int, companies: list[str], seed: int = 7) -> bytes:
    from regulator.filings.parsing import TEMPLATES
    from regulator.filings.rules.inputs import TransactionKind

    generator = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATES[TransactionKind.DONATION])
    for _ in range(rows):
        status = generator.choice(STATUSES)
        received = dt.date(2025, 1, 1) + dt.timedelta(days=generator.randint(0, 85))
        accepted = received + dt.timedelta(days=generator.randint(0, 5))
        number = generator.choice(companies) if status == "Company" else ""
        name = (
            f"{generator.choice(FIRST)} {generator.choice(LAST)}"
            if status == "Individual"
            else f"{generator.choice(LAST)} {status}"
        )
        value = generator.choice(["£2,500.00", "12000", "750.50", "11180.01", "25000.00", "600"])
        writer.writerow(
            [
                name,
                status,
                number,
                "True" if status == "Individual" else "",
                "False",
                value,
                "Cash",
                "",
                received.strftime("%d/%m/%Y"),
                accepted.strftime("%d/%m/%Y"),
                "False",
                "",
                "",
                "Q1 2025",
            ]
        )
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from regulator.audit.types import Actor
    from regulator.filings.companies_fixture import synthetic_companies, write_snapshot
    from regulator.filings.rules.inputs import TransactionKind
    from regulator.filings.services import companies_import
    from regulator.filings.validation import context_for, validate_file

    companies = synthetic_companies(2000)
    started = time.perf_counter()
    summary = companies_import(
        path=write_snapshot(workdir / "snapshot.csv", companies), actor=Actor.system("bench")
    )
    import_seconds = time.perf_counter() - started
    data = synthetic_template_csv(args.rows, [c.number for c in companies[9:]])

    timings = []
    cpu_timings = []
    findings = 0
    for _ in range(args.repeat):
        ctx = context_for(
            kind=TransactionKind.DONATION,
            entity_type="Political Party",
            accounting_unit="central",
            today=dt.date(2025, 4, 20),
        )
        started, cpu_started = time.perf_counter(), time.process_time()
        result = validate_file(data, ctx=ctx)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu_started)
        findings = len(result.findings)
        assert len(result.parsed.items) == args.rows
    best = min(timings)
    best_cpu = min(cpu_timings)
    load = os.getloadavg()[0]
    report = {
        "benchmark": "bench_validate",
        "rows": args.rows,
        "seconds_best": round(best, 3),
        "seconds_all": [round(t, 3) for t in timings],
        "rows_per_second": round(args.rows / best),
        "cpu_seconds_best": round(best_cpu, 3),
        "rows_per_cpu_second": round(args.rows / best_cpu),
        "load_average_1min": round(load, 2),
        "findings": findings,
        "companies_imported": summary.rows,
        "companies_import_rows_per_second": round(summary.rows / import_seconds),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "bench_validate.json").write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"parsed and validated {args.rows:,} rows in {best:.2f}s: "
        f"{report['rows_per_second']:,} rows/s wall, {report['rows_per_cpu_second']:,} rows per "
        f"CPU second ({findings:,} findings; load average {load:.1f} on {os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main()
