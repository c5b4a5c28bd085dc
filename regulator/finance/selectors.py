"""Reads of the finance tables shared by the public pages and the API."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import ExtractQuarter, ExtractYear


class SumPence(models.Aggregate):
    """Exact totals on both databases: SQLite keeps decimals as floating point, so sum
    whole pence (each value rounded back to its pence) and turn them into pounds after."""

    function = "SUM"
    template = "SUM(CAST(ROUND(%(expressions)s * 100) AS BIGINT))"
    output_field = models.BigIntegerField()

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, output_field=models.BigIntegerField(), **extra)


class Year(ExtractYear):
    """The year of a date. On SQLite Django's ExtractYear calls a Python function per
    row (2.9 s over a million rows); SQLite's own strftime does it in C (~0.2 s)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


class Quarter(ExtractQuarter):
    """The quarter (1-4) of a date; in C on SQLite, as ``Year``."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"((CAST(strftime('%%m', {sql}) AS INTEGER) + 2) / 3)", params
