"""Reads of the finance tables shared by the public pages and the API."""

from __future__ import annotations

from typing import Any

from django.db import models


class SumPence(models.Aggregate):
    """Exact totals on both databases: SQLite keeps decimals as floating point, so sum
    whole pence (each value rounded back to its pence) and turn them into pounds after."""

    function = "SUM"
    template = "SUM(CAST(ROUND(%(expressions)s * 100) AS BIGINT))"
    output_field = models.BigIntegerField()

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, output_field=models.BigIntegerField(), **extra)
