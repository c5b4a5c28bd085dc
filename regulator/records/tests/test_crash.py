"""A disposal killed with SIGKILL at seeded moments (paused at its named points by the
test-only ``TESTING_CRASH_POINTS``) leaves every record either intact (its bytes stored
and matching) or certified destroyed, never in between; a run killed between a record's commit and the
deletion of its bytes leaves them for ``records_verify`` to remove; running again finishes
the batch, and the audit chain verifies.
Real processes on a SQLite file database, or on PostgreSQL when the suite runs there."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from regulator.records import services
from regulator.records.models import DisposalBatch
from regulator.records.services.store import blob_name
from regulator.records.testing import plan_ensure, record_make, records_manager
from regulator.records.types import Decision
from tests.reliability.support import ROOT, database_url, environment, manage, query

pytestmark = pytest.mark.django_db(transaction=True)

SEED = 16
RECORDS = 8
FAR = "2100-01-01"


def _batch_approved_twice() -> str:
    import datetime as dt

    plan_ensure()
    for number in range(RECORDS):
        record_make(
            record_class="AUD-CHK", source_id=f"crash-{number}", content=f"bytes {number}".encode()
        )
    first, second = records_manager("crash-one"), records_manager("crash-two")
    batch = services.disposal_batch_create(as_of=dt.date.fromisoformat(FAR), actor=first)
    assert batch is not None
    for item in batch.items.all():
        services.disposal_item_decide(item=item, decision=Decision.APPROVE, actor=first)
    services.disposal_batch_approve(batch=batch, actor=first)
    # The second approval committed; the run after it is what the test kills.
    DisposalBatch.objects.filter(pk=batch.pk).update(second_approved_by=second)
    return batch.reference


def _check_each_record_whole(url: str, store_root: Path) -> int:
    """Every record is intact or certified destroyed; returns how many are destroyed."""
    rows = query(
        url,
        "SELECT r.reference, r.state, r.sha256, r.blob_id, "
        "(SELECT COUNT(*) FROM records_disposalcertificate c WHERE c.record_id = r.id) "
        "FROM records_record r WHERE r.source = 'tests.document'",
    )
    assert len(rows) == RECORDS
    destroyed = 0
    for reference, state, sha256, blob_id, certificates in rows:
        path = store_root / blob_name(sha256)
        if state == "declared":
            assert blob_id is not None, reference
            assert certificates == 0, reference
            assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256, reference
        else:
            assert state == "destroyed", reference
            assert blob_id is None, reference
            assert certificates == 1, reference
            destroyed += 1
    return destroyed


def _destroyed(url: str) -> int:
    rows = query(
        url,
        "SELECT COUNT(*) FROM records_record WHERE state = 'destroyed' AND source = 'tests.document'",
    )
    return int(rows[0][0])


def _run_and_kill(
    url: str, tmp_path: Path, reference: str, after_s: float, env: dict[str, str]
) -> None:
    process = subprocess.Popen(
        [sys.executable, "manage.py", "records_disposal_run", "--batch", reference],
        cwd=ROOT,
        env=environment(url, tmp_path, env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after_s)
    assert process.poll() is None, "the disposal finished before it could be killed"
    process.kill()
    process.wait(timeout=10)


def _command(
    args: list[str], url: str, tmp_path: Path, store_root: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(url, tmp_path, {"RECORDS_STORE_ROOT": str(store_root)}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_killed_disposal_leaves_records_intact_or_certified(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    reference = _batch_approved_twice()
    url = database_url(tmp_path)
    store_root = Path(settings.MEDIA_ROOT)
    env = {
        "RECORDS_STORE_ROOT": str(store_root),
        "TESTING_CRASH_POINTS": "records.dispose.before_item=250,records.dispose.committed=250",
    }
    seen: list[int] = []
    for _attempt in range(2):
        _run_and_kill(url, tmp_path, reference, rng.uniform(2.0, 3.5), env)
        seen.append(_check_each_record_whole(url, store_root))
    assert seen[-1] < RECORDS, "every record was gone before the kill"

    # Killed between a record's commit and the deletion of its bytes: certified
    # destroyed, its bytes still stored until the next run or records_verify.
    process = subprocess.Popen(
        [sys.executable, "manage.py", "records_disposal_run", "--batch", reference],
        cwd=ROOT,
        env=environment(
            url, tmp_path, {**env, "TESTING_CRASH_POINTS": "records.dispose.committed=8000"}
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _destroyed(url) == seen[-1] and time.monotonic() < deadline:
        assert process.poll() is None, "the disposal ended before it destroyed a record"
        time.sleep(0.05)
    process.kill()
    process.wait(timeout=10)
    assert _check_each_record_whole(url, store_root) == seen[-1] + 1
    left = [
        sha256
        for (sha256,) in query(
            url,
            "SELECT sha256 FROM records_record WHERE state = 'destroyed' AND source = 'tests.document'",
        )
        if (store_root / blob_name(sha256)).exists()
    ]
    assert left, "the kill did not land between the commit and the deletion"

    verify = _command(["records_verify"], url, tmp_path, store_root)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    for sha256 in left:
        assert not (store_root / blob_name(sha256)).exists()
    done = _command(["records_disposal_run", "--batch", reference], url, tmp_path, store_root)
    assert done.returncode == 0, done.stderr
    assert _check_each_record_whole(url, store_root) == RECORDS
    for (sha256,) in query(
        url, "SELECT sha256 FROM records_record WHERE source = 'tests.document'"
    ):
        assert not (store_root / blob_name(sha256)).exists()
    assert query(url, "SELECT state FROM records_disposalbatch") == [("disposed",)]
    audit = manage(["manage.py", "audit_verify"], url, tmp_path)
    assert audit.returncode == 0, audit.stdout + audit.stderr
