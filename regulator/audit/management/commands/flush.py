"""manage.py flush, made to work with the append-only audit tables.

Django's flush (also run by every transactional test between tests) empties every table
with TRUNCATE (PostgreSQL) or DELETE (SQLite), which the audit triggers reject. This
override lifts the triggers for the duration of the flush and puts them back in the same
transaction. Only someone who can already drop triggers (the tables' owner) can run it,
and production settings refuse it outright: wiping a regulator's audit log is not a
maintenance task.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from regulator.audit import triggers


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        if str(getattr(settings, "SETTINGS_MODULE", "") or "").endswith(".production"):
            raise CommandError("flush is refused in production: the audit log is append-only.")
        database = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[database]
        present = set(triggers.APPEND_ONLY_TABLES) <= set(connection.introspection.table_names())
        if not present:
            super().handle(**options)
            return
        with transaction.atomic(using=database):
            triggers.uninstall(connection)
            super().handle(**options)
            triggers.install(connection)
