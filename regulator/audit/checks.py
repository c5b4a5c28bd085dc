"""System checks: the audit chain relies on serialised writers."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.db import connections


@register("database")
def sqlite_immediate_transactions(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """On SQLite the chain is serialised by IMMEDIATE transactions (the write lock is
    taken at BEGIN); without them two writers can read the same head."""
    errors: list[CheckMessage] = []
    for alias in kwargs.get("databases") or ():
        connection = connections[alias]
        if connection.vendor != "sqlite":
            continue
        mode = (connection.settings_dict.get("OPTIONS") or {}).get("transaction_mode")
        if str(mode or "").upper() != "IMMEDIATE":
            errors.append(
                Error(
                    f"Database {alias!r} is SQLite without transaction_mode IMMEDIATE.",
                    hint="Set OPTIONS['transaction_mode'] = 'IMMEDIATE' so that audit "
                    "chain writers are serialised.",
                    id="audit.E001",
                )
            )
    return errors
