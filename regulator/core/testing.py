"""Helpers for tests in every area (not used by the running service)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from regulator.core import clock


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
