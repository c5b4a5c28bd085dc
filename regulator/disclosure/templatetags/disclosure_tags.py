from __future__ import annotations

from decimal import Decimal

from django import template

from regulator.core.money import format_pounds

register = template.Library()


@register.filter
def pounds(value: Decimal | None) -> str:
    return format_pounds(Decimal(value)) if value is not None else ""


@register.filter
def tidy(value: str) -> str:
    """Names as published carry stray spaces."""
    return " ".join(str(value).split())
