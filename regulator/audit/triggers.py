"""Database triggers that make the audit tables append-only.

PostgreSQL: a plpgsql function raises an error for every UPDATE and DELETE (per row) and
TRUNCATE (per statement) on the events and checkpoints tables. SQLite (defence in depth):
``RAISE(ABORT, ...)`` triggers for UPDATE and DELETE (SQLite has no TRUNCATE). The chain
head row is deliberately left updatable: writers move it forward on every append.

Installed by migration 0003. A later migration that rebuilds one of these tables on
SQLite (Django copies the table for most ALTERs there) loses its triggers and must call
``install`` again; ``test_triggers_*`` fail if the triggers are missing.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_auditcheckpoint")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING HINT = 'Audit events and checkpoints can only be added. See docs/audit.md.';
END;
$$;
"""


def _pg_install(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION audit_reject_change();",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();",
    ]


def _pg_uninstall(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table};",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
    ]


def _sqlite_install(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {op} on {table} "
        "is not allowed'); END;"
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_uninstall(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op} ;" for op in ("update", "delete")]


def install_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [PG_FUNCTION] + [sql for t in APPEND_ONLY_TABLES for sql in _pg_install(t)]
    if vendor == "sqlite":
        return [sql for t in APPEND_ONLY_TABLES for sql in _sqlite_install(t)]
    return []


def uninstall_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [sql for t in APPEND_ONLY_TABLES for sql in _pg_uninstall(t)]
    if vendor == "sqlite":
        return [sql for t in APPEND_ONLY_TABLES for sql in _sqlite_uninstall(t)]
    return []


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in install_statements(connection.vendor):
            cursor.execute(sql)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in uninstall_statements(connection.vendor):
            cursor.execute(sql)


def installed(connection: BaseDatabaseWrapper) -> set[str]:
    """Names of the append-only triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN "
                "(SELECT oid FROM pg_class WHERE relname = ANY(%s))",
                [list(APPEND_ONLY_TABLES)],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                list(APPEND_ONLY_TABLES),
            )
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}
