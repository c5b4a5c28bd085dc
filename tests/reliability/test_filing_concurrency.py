"""Concurrent filing against real processes (tests/reliability/filers.py): 50 filers
submitting, double-clicking, retrying and amending while analysts review them, and two
analysts racing on one return. Nothing lost, nothing twice, every loser refused with a
clean FilingError, one valid audit chain. On a SQLite file database, or on PostgreSQL
when the suite runs there."""

from __future__ import annotations

import json
import queue
import random
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regulator.audit.types import Actor
from regulator.filings import services
from regulator.filings.models import ReturnKind, ReturnVersion
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.tests.factories import donations_csv, filing_world
from regulator.identity.tests.factories import FilerFactory, StaffFactory
from regulator.identity.types import StaffRole
from regulator.register.services import membership_grant
from regulator.register.tests.factories import EntityFactory
from regulator.register.types import MembershipRole
from tests.reliability.support import ROOT, database_url, environment, manage, query, table_count

pytestmark = pytest.mark.django_db(transaction=True)

FILERS = 50
PROCESSES = 5
RACES = 8
SEED = 20261130
DEADLINE = 90


class Worker:
    """A filers.py process: its stdout read line by line into a queue by a thread, so
    every wait for it has a deadline."""

    def __init__(self, args: list[str], url: str, tmp_path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.filers", *args],
            cwd=ROOT,
            env=environment(url, tmp_path, {"NOTIFY_BACKEND": "memory"}),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        threading.Thread(
            target=self._read, args=(self.process.stdout, self.lines), daemon=True
        ).start()
        self.drain = threading.Thread(target=self._drain, daemon=True)
        self.drain.start()

    @staticmethod
    def _read(stream: Any, lines: queue.Queue[str]) -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put("")  # end of output

    def _drain(self) -> None:
        assert self.process.stderr is not None
        self.errors.append(self.process.stderr.read())

    def line(self) -> str:
        try:
            line = self.lines.get(timeout=DEADLINE)
        except queue.Empty:
            raise AssertionError(f"worker silent for {DEADLINE} s") from None
        assert line, f"worker ended early: {self.finish()}"
        return line

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self) -> str:
        """Wait for the end; its stderr (a failure's traceback)."""
        try:
            self.process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.drain.join(timeout=10)
        return "".join(self.errors)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def started() -> Iterator[list[Worker]]:
    """The workers a test starts: none outlives it, whatever it asserts."""
    workers: list[Worker] = []
    yield workers
    for worker in workers:
        worker.stop()


def _declared(entity: Any, treasurer: Any, start: int) -> ReturnVersion:
    """A declared Q4 2026 return of three donations, made through the services."""
    filed = services.return_create(
        entity=entity, kind=ReturnKind.QUARTERLY_CENTRAL, period_name="Q4 2026", actor=treasurer
    )
    version = filed.current
    services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(3, start=start),
        file_name="donations.csv",
        actor=treasurer,
    )
    version = services.version_validate(version=version, actor=treasurer)
    services.version_declare(version=version, user=treasurer)
    return version


def _treasurers(world: dict[str, Any], count: int) -> list[tuple[Any, Any]]:
    """``count`` entities, each with a treasurer of its own (the world's first)."""
    pairs = [(world["entity"], world["treasurer"])]
    system = Actor.system("tests")
    for _ in range(count - 1):
        entity: Any = EntityFactory()
        treasurer: Any = FilerFactory()
        membership_grant(
            user=treasurer,
            entity=entity,
            role=MembershipRole.TREASURER,
            granted_by=None,
            actor=system,
        )
        pairs.append((entity, treasurer))
    return pairs


def _audit_counts(url: str) -> Counter[str]:
    return Counter(
        dict(query(url, "SELECT action, count(*) FROM audit_auditevent GROUP BY action"))
    )


def _history(url: str, version: int) -> list[str]:
    rows = query(
        url,
        "SELECT to_status FROM filings_statuschange WHERE version_id = %s ORDER BY id",
        (version,),
    )
    return [row[0] for row in rows]


def _audit_valid(url: str, tmp_path: Path) -> None:
    verify = manage(["manage.py", "audit_verify"], url, tmp_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    events = table_count(url, "audit_auditevent")
    assert f"Audit chain valid: {events} events" in verify.stdout, verify.stdout


PREPARED = ["draft", "validated", "declared"]


def test_fifty_filers_submit_and_amend_while_analysts_review(
    tmp_path: Path, started: list[Worker]
) -> None:
    world = filing_world()
    filers = []
    for number, (entity, treasurer) in enumerate(_treasurers(world, FILERS)):
        version = _declared(entity, treasurer, start=10 * number)
        filers.append(
            {
                "return": version.filed_return_id,
                "version": version.pk,
                "user": treasurer.pk,
                # A double click (one key), a retry (a new key, at once) or one press:
                # 50 filers and 17 second presses stay within PostgreSQL's 100 connections.
                "submit": ("double", "once", "once", "retry", "once", "once")[number % 6],
                "key": f"filer-{number}-{random.Random(SEED + number).getrandbits(64):x}",
                # Queried then amended, accepted then amended, left under review, left.
                "analyst": ("query", "accept", "review", "none", "none")[number % 5],
                "question": f"Question {number}: who is Donor {10 * number + 2}?",
            }
        )
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps({"analyst": world["analyst"].pk, "filers": filers}))
    url = database_url(tmp_path)
    before = _audit_counts(url)
    changes = table_count(url, "filings_statuschange")
    versions = table_count(url, "filings_returnversion")

    share = FILERS // PROCESSES
    workers = [
        Worker(["file", str(plan_path), str(k * share), str(share)], url, tmp_path)
        for k in range(PROCESSES)
    ]
    started += workers
    for worker in workers:
        assert worker.line() == "ready"
    for worker in workers:
        worker.go()
    seen: list[dict[str, Any]] = []
    for worker in workers:
        seen += json.loads(worker.line())
        errors = worker.finish()
        assert worker.process.returncode == 0, errors[-6000:]
    assert len(seen) == FILERS

    by_version = {s["version"]: s for s in seen}
    amended = [f for f in filers if f["analyst"] in {"query", "accept"}]
    receipts: list[str] = []
    for spec in filers:
        mine = by_version[spec["version"]]
        rows = query(
            url,
            "SELECT id, number, amends_id, status, receipt_reference, idempotency_key "
            "FROM filings_returnversion WHERE filed_return_id = %s ORDER BY number",
            (spec["return"],),
        )
        first = rows[0]
        # Every press of the one submission saw the one receipt reference it stored.
        assert first[4], first
        assert set(mine["receipts"]) == {first[4]}, (spec, mine, first)
        assert first[5] in {spec["key"], f"{spec['key']}-retry"}
        receipts.append(first[4])
        after = {
            "query": ["under-review", "queried", "amended"],
            "accept": ["under-review", "accepted"],
            "review": ["under-review"],
            "none": [],
        }[spec["analyst"]]
        assert _history(url, first[0]) == [*PREPARED, "submitted", *after]
        assert first[3] == (after[-1] if after else "submitted")
        if spec["analyst"] not in {"query", "accept"}:
            assert len(rows) == 1
            continue
        # Two presses of "start an amendment": exactly one amendment, the other refused.
        assert sorted(mine["amend"]) == ["ok", "wrong_status"], mine
        assert len(rows) == 2, rows
        second = rows[1]
        assert (second[0], second[1], second[2]) == (mine["amendment"], 2, first[0])
        assert second[3] == "submitted"
        assert second[4], second
        assert set(mine["amendment_receipts"]) == {second[4]}
        assert _history(url, second[0]) == [*PREPARED, "submitted"]
        receipts.append(second[4])
        rows_of = query(
            url, "SELECT count(*) FROM filings_drafttransaction WHERE version_id = %s", (second[0],)
        )
        assert rows_of[0][0] == 4
    assert len(receipts) == len(set(receipts)) == FILERS + len(amended)
    assert table_count(url, "filings_returnversion") == versions + len(amended)
    questions = query(
        url,
        "SELECT v.filed_return_id, q.question, q.answer FROM filings_query q "
        "JOIN filings_returnversion v ON v.id = q.version_id",
    )
    asked = {f["return"]: f["question"] for f in filers if f["analyst"] == "query"}
    assert {row[0]: row[1] for row in questions} == asked
    assert len(questions) == len(asked)
    assert all(row[2].startswith("Amendment press ") for row in questions)

    count = Counter(f["analyst"] for f in filers)
    reviewed = count["query"] + count["accept"] + count["review"]
    expected = Counter(
        {
            "filings.return_submitted": FILERS + len(amended),
            "filings.return_under_review": reviewed,
            "filings.return_queried": count["query"],
            "filings.return_amended": count["query"],
            "filings.return_accepted": count["accept"],
            "finance.filed_return_recorded": count["accept"],
            "filings.amendment_started": len(amended),
            "filings.transaction_added": len(amended),
            "filings.return_checked": len(amended),
            "filings.return_validated": len(amended),
            "filings.return_declared": len(amended),
        }
    )
    assert _audit_counts(url) - before == expected
    # Status changes: each submission, each analyst's step, each amendment's
    # draft, checked, declared, submitted, and the queried originals' "amended".
    assert table_count(url, "filings_statuschange") == changes + (
        FILERS + reviewed + count["query"] + count["accept"] + len(amended) * 4 + count["query"]
    )
    _audit_valid(url, tmp_path)


RACE_PAIRS = [
    ("review", "review"),
    ("query", "query"),
    ("query", "accept"),
    ("accept", "accept"),
]
WINNER_STATUS = {"review": "under-review", "query": "queried", "accept": "accepted"}
WINNER_EVENT = {
    "review": "filings.return_under_review",
    "query": "filings.return_queried",
    "accept": "filings.return_accepted",
}


def test_two_analysts_racing_on_one_return(tmp_path: Path, started: list[Worker]) -> None:
    world = filing_world()
    second_analyst: Any = StaffFactory(roles=[StaffRole.FINANCE_ANALYST])
    rng = random.Random(SEED)
    races: list[dict[str, Any]] = []
    for number, (entity, treasurer) in enumerate(_treasurers(world, RACES)):
        version = _declared(entity, treasurer, start=10 * number)
        services.version_submit(version=version, user=treasurer, idempotency_key=f"race-{number}")
        actions = list(RACE_PAIRS[number % len(RACE_PAIRS)])
        rng.shuffle(actions)
        in_review = "review" not in actions and rng.random() < 0.5
        if in_review:  # query and accept also race on a return already under review
            services.version_review_start(version=version, analyst=world["analyst"])
        races.append(
            {
                "version": version.pk,
                "actions": actions,
                "in_review": in_review,
                "questions": [f"Race {number}: analyst {side} asks" for side in (0, 1)],
            }
        )
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(
        json.dumps({"analysts": [world["analyst"].pk, second_analyst.pk], "races": races})
    )
    url = database_url(tmp_path)
    before = _audit_counts(url)

    sides = [Worker(["race", str(plan_path), str(side)], url, tmp_path) for side in (0, 1)]
    started += sides
    outcomes: list[list[dict[str, Any]]] = [[], []]
    for _race in races:
        for side in sides:
            assert side.line() == "ready"
        for side in sides:  # both released together: the test is the barrier
            side.go()
        for index, side in enumerate(sides):
            outcomes[index].append(json.loads(side.line()))
    for side in sides:
        errors = side.finish()
        assert side.process.returncode == 0, errors[-6000:]

    events = Counter[str]()
    for number, spec in enumerate(races):
        got = [outcomes[0][number]["outcome"], outcomes[1][number]["outcome"]]
        # Exactly one side wins; the other is refused cleanly, the lifecycle's way.
        assert sorted(got) == ["ok", "wrong_status"], (spec, got)
        winner = got.index("ok")
        action = spec["actions"][winner]
        rows = query(
            url, "SELECT status FROM filings_returnversion WHERE id = %s", (spec["version"],)
        )
        assert rows[0][0] == WINNER_STATUS[action]
        history = _history(url, spec["version"])
        prior = ["under-review"] if spec["in_review"] else []
        assert history == [*PREPARED, "submitted", *prior, WINNER_STATUS[action]], spec
        by = query(
            url,
            "SELECT actor_id FROM filings_statuschange WHERE version_id = %s ORDER BY id DESC",
            (spec["version"],),
        )[0][0]
        assert by == [world["analyst"].pk, second_analyst.pk][winner]
        stored = query(
            url, "SELECT question FROM filings_query WHERE version_id = %s", (spec["version"],)
        )
        # No lost update: the winner's question is the one stored, and only it.
        assert [row[0] for row in stored] == (
            [spec["questions"][winner]] if action == "query" else []
        )
        events[WINNER_EVENT[action]] += 1
        if action == "accept":
            events["finance.filed_return_recorded"] += 1
    assert _audit_counts(url) - before == events
    _audit_valid(url, tmp_path)
