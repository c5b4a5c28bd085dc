"""Crash safety, on a SQLite file database, or on PostgreSQL when the suite runs there.

- The import of a published file killed with SIGKILL at seeded points (after a seeded
  number of chunks has been written inside its transaction, and at a seeded moment)
  leaves nothing half imported; the app, also killed and restarted, serves the same
  answer; a full import afterwards gives every row once and the audit chain verifies.
- A return's submission through the real server (gunicorn), killed with SIGKILL (master
  and workers) at each named point of ``version_submit`` (paused there by the test-only
  ``TESTING_CRASH_POINTS``), in a seeded order and after a seeded delay: after a restart
  each return is either fully submitted (status, receipt reference, one status change,
  one audit event) or still declared with nothing of a submission; submitting again,
  twice, gives exactly one submission; the audit chain verifies.
See docs/operations.md, "Reliability tests".
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from regulator.disclosure import synthetic
from regulator.finance.services import CHUNK_ROWS
from tests.reliability.support import (
    ROOT,
    Browser,
    Server,
    database_url,
    environment,
    get_json,
    manage,
    query,
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
        while chunk := stream.read1(4096):  # type: ignore[attr-defined]  # a buffered pipe of the server process
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


# --- Submission ---------------------------------------------------------------------------

# The named points of ``version_submit``: inside its transaction (after the lock, after
# the receipt is written, after the status change) and after the commit (before the
# response): the first three must leave nothing, the last a whole submission.
SUBMIT_POINTS = {
    "submit.locked": "declared",
    "submit.receipt_saved": "declared",
    "submit.status_changed": "declared",
    "submit.committed": "submitted",
}
PAUSE_MS = 30_000  # far longer than the test waits: the kill always lands in the pause


def _declared_returns(count: int) -> tuple[Any, list[int]]:
    """A treasurer and ``count`` declared returns, made through the services."""
    from regulator.core import clock
    from regulator.filings import services
    from regulator.filings.models import ReturnKind
    from regulator.filings.rules.inputs import TransactionKind
    from regulator.filings.tests.factories import TEMPLATE_DONATION, filing_world

    world = filing_world()
    treasurer = world["treasurer"]
    versions = []
    clock.freeze(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))
    try:
        for number in range(count):
            # One return per period: Q4 2026, then the quarters after it (the gift of
            # October 2026 reported late in a later quarter is a warning, not an error).
            quarter = 3 + number
            filed = services.return_create(
                entity=world["entity"],
                kind=ReturnKind.QUARTERLY_CENTRAL,
                period_name=f"Q{quarter % 4 + 1} {2026 + quarter // 4}",
                actor=treasurer,
            )
            version = filed.current
            services.transaction_add(
                version=version,
                kind=TransactionKind.DONATION,
                data=dict(TEMPLATE_DONATION, DonorName=f"Donor {number}"),
                actor=treasurer,
            )
            version = services.version_validate(version=version, actor=treasurer)
            services.version_declare(version=version, user=treasurer)
            versions.append(version.pk)
    finally:
        clock.freeze(None)
    return treasurer, versions


def _session_cookies(user: Any) -> dict[str, str]:
    from regulator.identity.testing import sign_in

    client = Client()
    sign_in(client, user)
    return {"sessionid": client.cookies["sessionid"].value}


def _submission(url: str, version_id: int) -> dict[str, Any]:
    ((status, receipt, submitted_at, key, return_id),) = query(
        url,
        "SELECT status, receipt_reference, submitted_at, idempotency_key, filed_return_id"
        " FROM filings_returnversion WHERE id = %s",
        (version_id,),
    )
    ((changes,),) = query(
        url,
        "SELECT count(*) FROM filings_statuschange WHERE version_id = %s"
        " AND to_status = 'submitted'",
        (version_id,),
    )
    ((events,),) = query(
        url,
        "SELECT count(*) FROM audit_auditevent WHERE action = 'filings.return_submitted'"
        " AND subject_type = 'filings.returnversion' AND subject_id = %s",
        (str(version_id),),
    )
    tasks = query(
        url,
        "SELECT args_kwargs FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
        ("%receipt_email_send",),
    )
    receipts_queued = sum(
        1
        for (args_kwargs,) in tasks
        if (json.loads(args_kwargs) if isinstance(args_kwargs, str) else args_kwargs)["kwargs"][
            "version_id"
        ]
        == version_id
    )
    return {
        "status": status,
        "receipt": receipt,
        "submitted_at": submitted_at,
        "key": key,
        "return": return_id,
        "status_changes": changes,
        "events": events,
        "receipt_emails_queued": receipts_queued,
    }


def _whole_or_nothing(state: dict[str, Any]) -> str:
    """'submitted' or 'declared'; anything in between fails."""
    if state["status"] == "submitted":
        assert state["receipt"], state
        assert state["submitted_at"], state
        assert state["key"], state
        assert state["status_changes"] == 1, state
        assert state["events"] == 1, state
        # the receipt email was queued with the submission: never lost, never twice
        assert state["receipt_emails_queued"] == 1, state
        return "submitted"
    assert state["status"] == "declared", state
    assert state["receipt"] is None, state
    assert state["submitted_at"] is None, state
    assert state["key"] is None, state
    assert state["status_changes"] == 0, state
    assert state["events"] == 0, state
    assert state["receipt_emails_queued"] == 0, state
    return "declared"


def _form(browser: Browser, return_id: int) -> dict[str, str]:
    status, html, _location = browser.request(f"/filing/returns/{return_id}/submit/")
    assert status == 200, html[-2000:]
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|idempotency_key)" value="([^"]+)"', html))
    assert set(fields) == {"csrfmiddlewaretoken", "idempotency_key"}, html[-2000:]
    return fields


def _wait_for(server: Server, text: str, since: int, deadline: float = 30) -> None:
    log = server.tmp_path / "gunicorn.log"
    until = time.monotonic() + deadline
    while time.monotonic() < until:
        if text in log.read_text(errors="replace")[since:]:
            return
        time.sleep(0.02)
    raise AssertionError(f"{text!r} not reached\n{server.log()}")


def test_killed_submission_is_all_or_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    points = list(SUBMIT_POINTS)
    rng.shuffle(points)
    treasurer, versions = _declared_returns(len(points))
    cookies = _session_cookies(treasurer)
    url = database_url(tmp_path)  # after the data: SQLite copies the database here
    returns = {v: _submission(url, v)["return"] for v in versions}
    log = tmp_path / "gunicorn.log"
    log.touch()
    tokens: dict[int, str] = {}

    for point, version_id in zip(points, versions, strict=True):
        server = Server(url, tmp_path, workers=1, threads=2,
                        env={"TESTING_CRASH_POINTS": f"{point}={PAUSE_MS}"})  # fmt: skip
        server.start()
        browser = Browser(server.base, cookies)
        fields = _form(browser, returns[version_id])
        since = log.stat().st_size
        tokens[version_id] = fields["csrfmiddlewaretoken"]
        posting = threading.Thread(
            target=_post_ignoring_the_crash,
            args=(browser, returns[version_id], fields),
            daemon=True,
        )
        posting.start()
        _wait_for(server, f"crash point {point} reached", since)
        time.sleep(rng.uniform(0.0, 0.3))
        server.kill()
        posting.join(timeout=10)
        cookies = browser.cookies
        state = _submission(url, version_id)
        assert _whole_or_nothing(state) == SUBMIT_POINTS[point], (point, state)

    # Back up without pauses: every return is whole or untouched, and submitting again
    # (twice, as a retry or a second press would) gives exactly one submission each.
    server = Server(url, tmp_path, workers=1, threads=2)
    server.start()
    try:
        browser = Browser(server.base, cookies)
        before = {v: _submission(url, v) for v in versions}
        for version_id in versions:
            _whole_or_nothing(before[version_id])
            key = f"retry-{version_id}"
            for _press in range(2):
                status, html, location = browser.request(
                    f"/filing/returns/{returns[version_id]}/submit/",
                    {"csrfmiddlewaretoken": tokens[version_id], "idempotency_key": key},
                )
                assert status == 302, html[-2000:]
                assert location.endswith(f"/filing/returns/{returns[version_id]}/receipt/1/")
            after = _submission(url, version_id)
            assert _whole_or_nothing(after) == "submitted"
            if before[version_id]["status"] == "submitted":
                assert after["receipt"] == before[version_id]["receipt"]
                assert after["key"] == before[version_id]["key"]
            status, html, _location = browser.request(
                f"/filing/returns/{returns[version_id]}/receipt/1/"
            )
            assert status == 200
            assert after["receipt"] in html
    finally:
        server.stop()

    verify = manage(["manage.py", "audit_verify"], url, tmp_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Audit chain valid" in verify.stdout


def _post_ignoring_the_crash(browser: Browser, return_id: int, fields: dict[str, str]) -> None:
    """POST the submission; the server dies under it, so no answer is expected."""
    try:
        browser.request(f"/filing/returns/{return_id}/submit/", fields, timeout=60)
    except OSError:
        return
