"""Template filters of the donors area."""

from __future__ import annotations

from decimal import Decimal

from django import template

from regulator.core.money import format_pounds

register = template.Library()


@register.filter
def donor_pounds(value: Decimal | None) -> str:
    return format_pounds(Decimal(value)) if value is not None else ""


@register.filter
def tidy_name(value: str) -> str:
    """Names as published carry stray spaces."""
    return " ".join(str(value).split())


@register.filter
def label_of(value: str, labels: dict[str, str]) -> str:
    return str(labels.get(value, value))
