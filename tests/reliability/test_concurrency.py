"""Concurrency against real processes: an import while threads search through gunicorn
(no errors, no deadlock, every answer consistent), and 50 concurrent writers of
registrations and audit events (no lost update: 50 distinct ids, one valid chain). On a
SQLite file database, or on PostgreSQL when the suite runs there."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from regulator.disclosure import synthetic
from tests.reliability.support import (
    ROOT,
    database_url,
    environment,
    get_json,
    manage,
    serving,
    table_count,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 3000
SEARCHERS = 4
WRITERS = 50


def test_searches_during_an_import_all_succeed(tmp_path: Path) -> None:
    url = database_url(tmp_path)
    csv = synthetic.write_csv(tmp_path / "donations.csv", "donations", ROWS)
    rng = random.Random(11)
    names = [synthetic.donor(k).name.split()[-1].lower() for k in range(40)]
    queries = [
        {"q": rng.choice(names)} if k % 3 == 0 else
        {"sort": rng.choice(["date", "-date", "value", "-value"]), "value_min": "500"}
        if k % 3 == 1 else {"date_from": "2020-01-01", "date_to": "2023-12-31"}
        for k in range(59)
    ]  # fmt: skip
    queries.append({})
    with serving(url, tmp_path, workers=2, threads=4) as server:
        importer = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "disclosure_import_ec",
                "donations",
                str(csv),
                "--no-progress",
            ],
            cwd=ROOT,
            env=environment(url, tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        results: list[tuple[int, float, int, int]] = []
        lock = threading.Lock()

        def search(number: int) -> None:
            k = number
            while importer.poll() is None or k < number + 3:
                params = urlencode(queries[k % len(queries)])
                started = time.monotonic()
                status, body = get_json(f"{server.base}/api/v1/donations/?{params}")
                count = int(body["count"]) if status == 200 else -1
                with lock:
                    results.append((status, time.monotonic() - started, count, k % len(queries)))
                k += SEARCHERS

        threads = [threading.Thread(target=search, args=(n,)) for n in range(SEARCHERS)]
        for thread in threads:
            thread.start()
        _out, err = importer.communicate(timeout=120)
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads), "a search is stuck"
        assert importer.returncode == 0, err
        statuses = {status for status, _, _, _ in results}
        assert statuses == {200}, (statuses, server.log())
        assert len(results) >= SEARCHERS * 3
        assert max(seconds for _, seconds, _, _ in results) < 30
        # Each answer saw the file all or nothing: its count is either the count before
        # the import (0) or the count after it, never a part.
        final = {}
        for index, params in enumerate(queries):
            status, body = get_json(f"{server.base}/api/v1/donations/?{urlencode(params)}")
            assert status == 200
            final[index] = int(body["count"])
        assert final[len(queries) - 1] == ROWS
        for _, _, count, index in results:
            assert count in (0, final[index]), (queries[index], count, final[index])
    assert table_count(url, "finance_donation") == ROWS


def test_fifty_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    url = database_url(tmp_path)
    entities = table_count(url, "register_regulatedentity")
    events = table_count(url, "audit_auditevent")
    run = manage(["-m", "tests.reliability.writers", str(WRITERS)], url, tmp_path, timeout=180)
    assert run.returncode == 0, run.stderr[-4000:]
    assert table_count(url, "register_regulatedentity") == entities + WRITERS
    # Every registration got its own id from the shared counter: none lost, none reused.
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            ids = [row[0] for row in db.execute(
                "SELECT id FROM register_regulatedentity WHERE name LIKE 'Concurrent Writers Party %'"
            )]  # fmt: skip
    else:
        from regulator.register.models import RegulatedEntity

        ids = list(
            RegulatedEntity.objects.filter(
                name__startswith="Concurrent Writers Party "
            ).values_list("pk", flat=True)
        )
    assert len(ids) == len(set(ids)) == WRITERS
    assert max(ids) - min(ids) == WRITERS - 1
    # Two events each (the registration and the writer's own), in one valid chain.
    assert table_count(url, "audit_auditevent") == events + 2 * WRITERS
    verify = manage(["manage.py", "audit_verify"], url, tmp_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert f"Audit chain valid: {events + 2 * WRITERS} events" in verify.stdout
