"""Benchmark: N synthetic donations in our CSV template (default 100,000; half a percent
of them with an error) uploaded to a draft return through the filing services:
``upload_receive`` (read, parse, check every row against the rules) then
``upload_keep_valid`` (store the valid rows in the draft).

    .venv/bin/python bench/bench_upload.py [--rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regulator_filings \\
        .venv/bin/python bench/bench_upload.py

SQLite: a fresh database file under var/bench/. PostgreSQL: the database in DATABASE_URL,
migrated. Prints rows per second (aim: 50,000/s), wall and CPU time of this process (the
machine is shared: CPU time is the steadier figure; on PostgreSQL the server's own time
is not in it) and the load average, and writes JSON under bench/results/.
``--profile PATH`` writes a cProfile of the timed part only (not the set-up):

    .venv/bin/python bench/bench_upload.py --rows 20000 --profile /tmp/up.prof
    .venv/bin/python -c "import pstats; pstats.Stats('/tmp/up.prof').sort_stats('tottime').print_stats(25)"
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_PATH = ROOT / "var" / "bench" / "filings-upload-bench.sqlite3"


def setup() -> str:
    if "DATABASE_URL" not in os.environ:
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return str(connection.vendor)


def make_csv(rows: int, bad_every: int) -> bytes:
    import csv
    import io

    from regulator.filings.parsing import TEMPLATES
    from regulator.filings.rules.inputs import TransactionKind

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TEMPLATES[TransactionKind.DONATION])
    writer.writeheader()
    for number in range(1, rows + 1):
        bad = bad_every and number % bad_every == 0
        writer.writerow(
            {
                "DonorName": f"Bench Donor {number}",
                "DonorStatus": "Individual",
                "OnElectoralRegister": "Yes",
                "IsIrishSource": "No",
                "Value": "lots" if bad else f"{11000 + number % 5000}.00",
                "DonationType": "Cash",
                "ReceivedDate": f"{1 + number % 28:02d}/{10 + number % 2:02d}/2026",
                "AcceptedDate": f"{1 + number % 28:02d}/{10 + number % 2:02d}/2026",
                "IsAggregation": "No",
            }
        )
    return buffer.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bad-every", type=int, default=200, help="0 for a clean file")
    parser.add_argument(
        "--profile", metavar="PATH", help="write a cProfile of the timed part (not the set-up)"
    )
    args = parser.parse_args()
    vendor = setup()

    import datetime as dt

    from regulator.audit.types import Actor
    from regulator.core import clock
    from regulator.filings import services
    from regulator.filings.rules.inputs import TransactionKind
    from regulator.identity.models import User
    from regulator.identity.types import UserKind
    from regulator.register.models import Membership
    from regulator.register.services import entity_ensure_published
    from regulator.register.types import MembershipRole

    clock.freeze(dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC))
    system = Actor.system("bench_upload")
    entity, _ = entity_ensure_published(
        entity_id=990001,
        name="Bench Party",
        entity_type="political-party",
        register="great-britain",
        actor=system,
    )
    user = User.objects.filter(email="bench-treasurer@example.org").first()
    if user is None:
        user = User.objects.create_user(
            username="bench-treasurer@example.org",
            email="bench-treasurer@example.org",
            password=None,
            kind=UserKind.FILER,
        )
    if not Membership.objects.filter(user=user, entity=entity, revoked_at__isnull=True).exists():
        from regulator.register.services import membership_grant

        membership_grant(
            user=user, entity=entity, role=MembershipRole.TREASURER, granted_by=None, actor=system
        )
    version = services.return_create(
        entity=entity, kind="quarterly-central", period_name="Q4 2026", actor=user
    ).current

    started = time.perf_counter()
    data = make_csv(args.rows, args.bad_every)
    generated = time.perf_counter() - started

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=data,
        file_name="bench.csv",
        actor=user,
    )
    received = time.perf_counter() - started
    cpu_received = time.process_time() - cpu_started
    started, cpu_started = time.perf_counter(), time.process_time()
    kept = (
        services.upload_keep_valid(upload=upload, actor=user)
        if upload.error_rows
        else upload.row_count
    )
    stored = time.perf_counter() - started
    cpu_stored = time.process_time() - cpu_started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    total = received + stored
    cpu_total = cpu_received + cpu_stored
    stored_rows = version.transactions.count()
    assert stored_rows == kept, (stored_rows, kept)

    result = {
        "benchmark": "bench_upload",
        "database": vendor,
        "rows": args.rows,
        "bad_every": args.bad_every,
        "rows_with_errors": len(upload.error_rows),
        "rows_stored": stored_rows,
        "file_bytes": len(data),
        "seconds_generate_csv": round(generated, 3),
        "seconds_upload_receive": round(received, 3),
        "seconds_upload_keep_valid": round(stored, 3),
        "seconds_total": round(total, 3),
        "rows_per_second": round(args.rows / total),
        "cpu_seconds_upload_receive": round(cpu_received, 3),
        "cpu_seconds_upload_keep_valid": round(cpu_stored, 3),
        "cpu_seconds_total": round(cpu_total, 3),
        "rows_per_cpu_second": round(args.rows / cpu_total),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "target_rows_per_second": 50_000,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / f"upload-{vendor}-{args.rows}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{result['rows_per_second']:,} rows/s wall, {result['rows_per_cpu_second']:,} rows per "
        f"CPU second of this process (aim 50,000/s; load average "
        f"{result['load_average_1min']}); written to {out}"
    )


if __name__ == "__main__":
    main()
