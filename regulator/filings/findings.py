"""Stored findings (code, row, column, parameters) as the reader sees them: each with its
rule's message in the reader's language, for the pages and the filing API alike.

Parameters are stored as text; an amount among them (``15000.00``) is shown as money
(``£15,000.00``), as the rule's own message shows it when it is first found, except in a
message about a cell as typed (which quotes the cell exactly)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from regulator.core.money import format_pounds
from regulator.filings.rules.base import REGISTRY, RuleCode, Scope

# The parameters the rules' messages fill with an amount of money.
MONEY_PARAMS = frozenset({"value", "threshold", "total", "limit", "minimum", "sum", "amount"})
_STORED_AMOUNT = re.compile(r"^-?\d+\.\d{2}$")


def _shown(params: dict[str, Any], *, as_typed: bool) -> dict[str, Any]:
    if as_typed:
        return params
    return {
        key: format_pounds(Decimal(str(value)))
        if key in MONEY_PARAMS and _STORED_AMOUNT.match(str(value))
        else value
        for key, value in params.items()
    }


def finding_message(finding: dict[str, Any]) -> str:
    entry = REGISTRY.get(RuleCode(finding["code"]))
    if entry is None:
        return str(finding["code"])
    template = str(entry.message)
    params = finding.get("params") or {}
    if not params:
        return template
    as_typed = entry.scope == Scope.CELL or "column" in params
    try:
        return template % _shown(params, as_typed=as_typed)
    except (KeyError, TypeError, ValueError):
        return template


def findings_for_reader(findings: list[dict[str, Any]], limit: int = 500) -> list[dict[str, Any]]:
    return [dict(f, message=finding_message(f)) for f in findings[:limit]]
