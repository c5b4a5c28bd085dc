"""Template filters of monitoring: sums held in pence shown in pounds, severity tags."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

SEVERITY_TAGS = {"high": "govuk-tag--red", "medium": "govuk-tag--orange", "low": "govuk-tag--grey"}
STATE_TAGS = {
    "open": "govuk-tag--blue",
    "watching": "govuk-tag--yellow",
    "dismissed": "govuk-tag--grey",
    "advice": "govuk-tag--green",
    "case": "govuk-tag--purple",
}


@register.filter
def monitoring_pounds(pence: int | None) -> str:
    if pence is None:
        return ""
    return f"£{pence / 100:,.2f}"


@register.filter
def severity_tag(severity: str) -> str:
    return SEVERITY_TAGS.get(severity, "govuk-tag--grey")


@register.filter
def state_tag(state: str) -> str:
    return STATE_TAGS.get(state, "govuk-tag--grey")


@register.filter
def evidence_value(value: Any) -> str:
    """A value of an alert's evidence as text (lists joined, None as a dash)."""
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return " to ".join(evidence_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {evidence_value(v)}" for k, v in value.items())
    return str(value)
