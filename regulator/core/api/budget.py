"""The query budget: an over-expensive query is stopped and answered with a clear 4xx
instead of hanging a worker. PostgreSQL: ``SET LOCAL statement_timeout``; SQLite: a
progress handler that interrupts the statement once the time is spent."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

from regulator.core.api.errors import ApiError, ApiErrorCode

TOO_EXPENSIVE = (
    "This query takes too long to answer. Narrow it with more filters, for example a "
    "date range, an entity or a value range, or use the bulk download files."
)


def budget_ms() -> int:
    return int(getattr(settings, "API_QUERY_BUDGET_MS", 5000))


@contextmanager
def query_budget(milliseconds: int | None = None) -> Iterator[None]:
    limit = milliseconds if milliseconds is not None else budget_ms()
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # 0 would mean "no limit" to PostgreSQL: the smallest budget is 1 ms.
                    cursor.execute("SET LOCAL statement_timeout = %s", [max(1, int(limit))])
                yield
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            raw = connection.connection
            deadline = time.monotonic() + limit / 1000

            def handler() -> int:
                return 1 if time.monotonic() > deadline else 0

            raw.set_progress_handler(handler, 10_000)
            try:
                yield
            finally:
                raw.set_progress_handler(None, 0)
        else:  # pragma: no cover - only the two supported databases
            yield
    except OperationalError as exc:
        text = str(exc).lower()
        if "interrupted" in text or "statement timeout" in text or "canceling statement" in text:
            raise ApiError(
                TOO_EXPENSIVE, code=ApiErrorCode.QUERY_TOO_EXPENSIVE, status_code=400
            ) from exc
        raise
