"""The one raw bulk insert: many rows in one statement stream, for imports and uploads of
hundreds of thousands of rows. Django's ``bulk_create`` prepares every value through its
field and builds a statement per batch (SQLite's variable limit allows ~25 rows of a wide
model per statement); here PostgreSQL takes the rows as one ``COPY`` and SQLite as one
``executemany``. Values are plain Python values both drivers adapt."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

from regulator.core import clock

SQLITE_BATCH = 5000


def rows_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (values in the order of ``columns``) into ``table``; return how
    many. Runs in the caller's transaction."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 - names only
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= SQLITE_BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def objects_insert(model: type[models.Model], objects: Sequence[models.Model]) -> int:
    """Insert new model instances (no primary key yet) through ``rows_insert``; empty
    ``created_at``/``updated_at`` are set to now. Timestamps go through the backend's own
    adapter (SQLite keeps them as text)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = clock.now()
    for obj in objects:
        for stamp in ("created_at", "updated_at"):
            if hasattr(obj, stamp) and getattr(obj, stamp) is None:
                setattr(obj, stamp, now)
    timestamps = {f.attname for f in fields if f.get_internal_type() == "DateTimeField"}
    adapt = connection.ops.adapt_datetimefield_value
    sqlite = connection.vendor == "sqlite"

    def row(obj: models.Model) -> list[Any]:
        values = []
        for f in fields:
            value = getattr(obj, f.attname)
            if sqlite and f.attname in timestamps and value is not None:
                value = adapt(value)
            values.append(value)
        return values

    return rows_insert(model._meta.db_table, [f.column for f in fields], map(row, objects))
