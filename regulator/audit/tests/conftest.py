"""Fixtures of the audit tests: a private signing key and checkpoint store per test, and
a way to tamper with the log the way someone with database superuser rights would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from regulator.audit import triggers


@pytest.fixture(autouse=True)
def _audit_files(settings, tmp_path: Path) -> None:
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit-signing-key.pem"
    settings.AUDIT_CHECKPOINT_STORE = tmp_path / "store" / "audit-checkpoints.jsonl"


@contextmanager
def superuser_bypass() -> Iterator[None]:
    """Switch the append-only triggers off in this connection, as an attacker with
    superuser rights could: PostgreSQL's replica mode skips ordinary triggers; on SQLite
    the triggers are dropped (and put back afterwards)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = origin")
    else:
        triggers.uninstall(connection)
        try:
            yield
        finally:
            triggers.install(connection)


@pytest.fixture
def tamper():
    return superuser_bypass
