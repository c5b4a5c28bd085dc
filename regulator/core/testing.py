"""Helpers for tests in every area (not used by the running service)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from regulator.core import clock

T = TypeVar("T")


def clock_frozen_at(when: dt.datetime, *, autouse: bool = True) -> Any:
    """A fixture holding the platform clock at ``when`` for each test of the module that
    assigns it (``_frozen = clock_frozen_at(...)``); the root conftest lets it go after."""

    @pytest.fixture(autouse=autouse)
    def _frozen() -> None:
        clock.freeze(when)

    return _frozen


def database_url_for_processes(tmp_path: Path, *, scheme: str = "postgres") -> str:
    """The test database as a URL other processes (servers, commands, a stand-alone
    verifier) can open: on SQLite a file copy of the migrated test database (tables and
    triggers), on PostgreSQL the test database itself."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = tmp_path / "processes.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    assert connection.vendor == "postgresql"
    params = connection.settings_dict
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return f"{scheme}://{params['USER']}{password}@{host}:{port}/{params['NAME']}"


def kept_for_the_module(django_db_blocker: Any, make: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture (``yield from``): what ``make`` writes, made once in a
    transaction held open until the module ends. Each test's own transaction is a
    savepoint inside it and rolls back to what ``make`` wrote, so the module's tests share
    it without rebuilding it. Only for modules whose database tests all ask for it and
    none is transactional (a live server or a real process cannot see uncommitted rows)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
        try:
            made = make()
        except BaseException:
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)
            raise
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)
