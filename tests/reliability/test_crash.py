"""Crash safety: the import of a published file killed with SIGKILL at seeded points
(after a seeded number of chunks has been written inside its transaction, and at a
seeded moment) leaves nothing half imported; the app, also killed and restarted, serves
the same answer; a full import afterwards gives every row once and the audit chain
verifies. On a SQLite file database, or on PostgreSQL when the suite runs there.

Return submission (regulator/filings) has no lifecycle yet: when it has, add the same
kill-and-restart check here (see docs/operations.md, "Reliability tests").
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from regulator.disclosure import synthetic
from regulator.disclosure.importing import CHUNK_ROWS
from tests.reliability.support import (
    ROOT,
    Server,
    database_url,
    environment,
    get_json,
    manage,
    table_count,
)

pytestmark = pytest.mark.django_db(transaction=True)

SEED = 8
ROWS = CHUNK_ROWS * 3


def _import_and_kill(url: str, tmp_path: Path, csv: Path, after_rows: int | None, after_s: float):
    """Start the import; SIGKILL it once ``after_rows`` rows have been written (inside its
    transaction) or ``after_s`` seconds have passed. Returns the rows it had reported."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "disclosure_import_ec", "donations", str(csv)],
        cwd=ROOT,
        env=environment(url, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seen = [0]
    assert process.stderr is not None
    stream = process.stderr

    def watch() -> None:
        buffer = b""
        while chunk := stream.read1(4096):  # type: ignore[attr-defined]
            buffer = (buffer + chunk)[-400:]
            found = re.findall(rb"(\d+)/\d+ \[", buffer)
            if found:
                seen[0] = int(found[-1])

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < 60:
        if (after_rows is not None and seen[0] >= after_rows) or (
            after_rows is None and time.monotonic() - started >= after_s
        ):
            break
        time.sleep(0.01)
    assert process.poll() is None, "the import finished before it could be killed"
    process.kill()
    process.wait(timeout=10)
    watcher.join(timeout=5)
    return seen[0]


def _api_count(server: Server) -> int:
    status, body = get_json(f"{server.base}/api/v1/donations/?page_size=1")
    assert status == 200, body
    return int(body["count"])


def test_killed_import_leaves_nothing_half_done(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    url = database_url(tmp_path)
    csv = synthetic.write_csv(tmp_path / "donations.csv", "donations", ROWS)
    events_before = table_count(url, "audit_auditevent")
    server = Server(url, tmp_path)
    server.start()
    try:
        # Seeded kill points: after 1 or 2 whole chunks are written, and at a moment
        # early in the run (while it reads, converts or writes the first chunk).
        points = [(CHUNK_ROWS * rng.randint(1, 2), 0.0), (None, rng.uniform(1.0, 2.5))]
        for after_rows, after_s in points:
            reached = _import_and_kill(url, tmp_path, csv, after_rows, after_s)
            if after_rows is not None:
                assert reached >= after_rows  # killed mid-transaction, with rows written
            assert table_count(url, "finance_donation") == 0
            assert table_count(url, "audit_auditevent") == events_before
            assert _api_count(server) == 0

        # The app itself crashes and comes back.
        server.kill()
        server = Server(url, tmp_path)
        server.start()
        assert _api_count(server) == 0

        done = manage(
            ["manage.py", "disclosure_import_ec", "donations", str(csv), "--no-progress"],
            url,
            tmp_path,
        )
        assert done.returncode == 0, done.stderr
        assert table_count(url, "finance_donation") == ROWS
        assert _api_count(server) == ROWS
    finally:
        server.stop()

    verify = manage(["manage.py", "audit_verify"], url, tmp_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Audit chain valid" in verify.stdout
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
