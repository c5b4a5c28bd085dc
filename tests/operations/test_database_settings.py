"""The settings' database: a SQLite file described by ``DATABASE_URL`` opens in WAL mode
with foreign keys on (``config.settings.base.database_from_url`` with core's
``wal_on_connect``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_a_file_database_opened_through_django_is_in_wal_mode(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    """Whatever database the suite runs on: a SQLite file as the settings describe one."""
    from django.db.utils import ConnectionHandler

    from config.settings.base import database_from_url

    handler = ConnectionHandler(
        {"default": database_from_url(f"sqlite:///{tmp_path / 'w.sqlite3'}")}
    )
    wrapper = handler["default"]
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    finally:
        wrapper.close()
