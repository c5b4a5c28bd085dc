"""The query budget: an over-expensive query is stopped and answered with a clear 4xx
instead of hanging a worker. PostgreSQL: ``SET LOCAL statement_timeout`` (each statement,
each fetch of a streamed cursor among them, has the budget); SQLite: a progress handler
that interrupts the statement once the time is spent.

The API's lists, facets and totals, the public search pages and the exports all run
under it. A stream (an export) calls ``Budget.restart()`` before each fetch, so the budget
bounds each step of the database's work and not the time a slow client takes to read."""

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


class Budget:
    """A running budget; ``restart()`` gives the next step the whole budget again."""

    def __init__(self, milliseconds: int) -> None:
        self.milliseconds = milliseconds
        self.deadline = time.monotonic() + milliseconds / 1000

    def restart(self) -> None:
        self.deadline = time.monotonic() + self.milliseconds / 1000


def is_budget_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and (
        "interrupted" in text or "statement timeout" in text or "canceling statement" in text
    )


@contextmanager
def query_budget(milliseconds: int | None = None) -> Iterator[Budget]:
    limit = milliseconds if milliseconds is not None else budget_ms()
    budget = Budget(limit)
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # 0 would mean "no limit" to PostgreSQL: the smallest budget is 1 ms.
                    cursor.execute("SET LOCAL statement_timeout = %s", [max(1, int(limit))])
                yield budget
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            raw = connection.connection

            def handler() -> int:
                return 1 if time.monotonic() > budget.deadline else 0

            raw.set_progress_handler(handler, 10_000)
            try:
                yield budget
            finally:
                raw.set_progress_handler(None, 0)
        else:  # pragma: no cover - only the two supported databases
            yield budget
    except OperationalError as exc:
        if is_budget_error(exc):
            raise ApiError(
                TOO_EXPENSIVE, code=ApiErrorCode.QUERY_TOO_EXPENSIVE, status_code=400
            ) from exc
        raise
