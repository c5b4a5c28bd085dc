"""8 writers, each with its own connection, writing at once leave one valid chain: on a
SQLite file database and on PostgreSQL (whichever the suite runs on)."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from regulator.audit.models import AuditEvent
from regulator.core.testing import database_url_for_processes

WRITERS = 8
EVENTS_EACH = 25

pytestmark = pytest.mark.django_db(transaction=True)


def _run(args: list[str], url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        REGULATOR_VAR_DIR=str(tmp_path / "var"),
        AUDIT_SIGNING_KEY_FILE=str(tmp_path / "key.pem"),
        AUDIT_CHECKPOINT_STORE=str(tmp_path / "store.jsonl"),
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_eight_concurrent_writers_leave_one_valid_chain(tmp_path: Path) -> None:
    url = database_url_for_processes(tmp_path)
    writers = _run(
        ["-m", "regulator.audit.tests.concurrent_writer", str(WRITERS), str(EVENTS_EACH)],
        url,
        tmp_path,
    )
    assert writers.returncode == 0, writers.stderr

    # Exactly 200 events, seq 1..200, each writer's 25 in its own order.
    if connection.vendor == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            rows = db.execute(
                "SELECT seq, json_extract(payload, '$.writer'), json_extract(payload, '$.index')"
                " FROM audit_auditevent ORDER BY seq"
            ).fetchall()
    else:
        rows = [
            (e.seq, e.payload["writer"], e.payload["index"])
            for e in AuditEvent.objects.order_by("seq")
        ]
    assert [row[0] for row in rows] == list(range(1, WRITERS * EVENTS_EACH + 1))
    for number in range(WRITERS):
        assert [i for _, w, i in rows if w == number] == list(range(EVENTS_EACH))
    # The writers really overlapped rather than taking turns one after another.
    switches = sum(1 for a, b in itertools.pairwise(rows) if a[1] != b[1])
    assert switches >= 2 * WRITERS

    # The real command, in a process of its own, finds one valid chain.
    verify = _run(["manage.py", "audit_verify"], url, tmp_path)
    assert verify.returncode == 0, verify.stderr
    assert f"Audit chain valid: {WRITERS * EVENTS_EACH} events" in verify.stdout
