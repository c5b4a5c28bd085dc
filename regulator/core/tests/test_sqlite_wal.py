"""SQLite files are used in write-ahead-logging mode, set as each connection opens, and a
connection that opens while another commits waits instead of failing."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from regulator.core.sqlite import WAL_ATTEMPTS, wal_on_connect


class _Opening:
    """A connection being opened that is told "locked" a number of times first."""

    vendor = "sqlite"

    def __init__(self, locked_times: int, error: str = "database is locked") -> None:
        self.left, self.error, self.calls = locked_times, error, 0
        self.connection = self

    def execute(self, sql: str) -> None:
        assert sql == "PRAGMA journal_mode=WAL"
        self.calls += 1
        if self.left:
            self.left -= 1
            raise sqlite3.OperationalError(self.error)


def test_a_locked_answer_is_retried_until_it_goes_through(monkeypatch: Any) -> None:
    monkeypatch.setattr("regulator.core.sqlite.time.sleep", lambda _seconds: None)
    opening = _Opening(locked_times=3)
    wal_on_connect(sender=None, connection=opening)
    assert opening.calls == 4


def test_it_gives_up_after_its_attempts_and_other_errors_are_not_retried(monkeypatch: Any) -> None:
    monkeypatch.setattr("regulator.core.sqlite.time.sleep", lambda _seconds: None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        wal_on_connect(sender=None, connection=_Opening(locked_times=WAL_ATTEMPTS))
    other = _Opening(locked_times=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        wal_on_connect(sender=None, connection=other)
    assert other.calls == 1
