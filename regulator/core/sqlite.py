"""SQLite connections: write-ahead logging, set as each connection opens.

``PRAGMA journal_mode=WAL`` is persistent, but a new connection does not know the file's
mode until it has read it, so it asks again; when another connection commits in that
instant, SQLite answers "database is locked" at once, without waiting on the busy
timeout (seen with eight writers starting together). So the pragma is retried here for
a few seconds instead of being part of ``init_command``."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

WAL_ATTEMPTS = 50


def wal_on_connect(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    for attempt in range(1, WAL_ATTEMPTS + 1):
        try:
            connection.connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS:
                raise
            time.sleep(min(0.01 * attempt, 0.2))
