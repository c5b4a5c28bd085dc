"""manage.py flush, made to work with the append-only audit tables.

Django's flush (also run by every transactional test between tests) empties every table
with TRUNCATE (PostgreSQL) or DELETE (SQLite), which the audit triggers reject. This
override lifts the triggers for the duration of the flush and puts them back in the same
transaction. Only someone who can already drop triggers (the tables' owner) can run it,
and production settings refuse it outright: wiping a regulator's audit log is not a
maintenance task.

The test runner's flush (no prompt, sequences kept) on PostgreSQL deletes the rows of the
tables that hold any instead of truncating all of them: TRUNCATE gives each of the ~800
tables, indexes and TOAST tables a new file, about 0.75 s a test, while a test leaves rows
in a handful. Django's foreign keys are deferred to the commit, so the order of the
deletes does not matter; `test_triggers.py` proves the fast path empties every table.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

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
        if _deletes_suffice(connection, options):
            # One transaction, post-migrate rows included: one commit instead of ~45.
            with transaction.atomic(using=database):
                triggers.uninstall(connection)
                _delete_every_row(connection)
                triggers.install(connection)
                if not options.get("inhibit_post_migrate", False):
                    emit_post_migrate_signal(options["verbosity"], False, database)
            return
        with transaction.atomic(using=database):
            triggers.uninstall(connection)
            super().handle(**options)
            triggers.install(connection)


def _deletes_suffice(connection: BaseDatabaseWrapper, options: dict[str, Any]) -> bool:
    """Deleting rows leaves sequences where they were, as the test runner asks; a person
    running the command (prompted, sequences reset) gets Django's own flush."""
    return (
        connection.vendor == "postgresql"
        and not options.get("interactive", True)
        and not options.get("reset_sequences", True)
    )


def _delete_every_row(connection: BaseDatabaseWrapper) -> None:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if not tables:
        return
    quote = connection.ops.quote_name
    # One query asks every table whether it holds a row (~10 ms for all of them).
    holding = " UNION ALL ".join(
        f"SELECT {number} WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608  # names from the schema
        for number, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(holding)
        for (number,) in cursor.fetchall():
            cursor.execute(f"DELETE FROM {quote(tables[number])}")  # noqa: S608
