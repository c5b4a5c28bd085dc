"""Template filters of cases: sums held in pence shown in pounds."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    if pence is None:
        return ""
    return f"£{pence / 100:,.2f}"
