"""Stored findings (code, row, column, parameters) as the reader sees them: each with its
rule's message in the reader's language, for the pages and the filing API alike."""

from __future__ import annotations

from typing import Any

from regulator.filings.rules.base import REGISTRY, RuleCode


def finding_message(finding: dict[str, Any]) -> str:
    entry = REGISTRY.get(RuleCode(finding["code"]))
    if entry is None:
        return str(finding["code"])
    template = str(entry.message)
    try:
        return template % finding.get("params", {}) if finding.get("params") else template
    except (KeyError, TypeError, ValueError):
        return template


def findings_for_reader(findings: list[dict[str, Any]], limit: int = 500) -> list[dict[str, Any]]:
    return [dict(f, message=finding_message(f)) for f in findings[:limit]]
