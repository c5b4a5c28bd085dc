"""Showing a measure's value with its unit, and its status as a GOV.UK tag."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()

TAGS = {
    "green": "govuk-tag--green",
    "amber": "govuk-tag--yellow",
    "red": "govuk-tag--red",
}


def _number(value: Any) -> str:
    number = Decimal(str(value))
    text = f"{number:,}"
    return text


@register.filter
def with_unit(value: Any, unit: str) -> str:
    if value is None or value == "":
        return "\u2013"
    if unit == "%":
        return f"{_number(value)}%"
    if unit == "GBP":
        return f"£{_number(value)}"
    if unit == "days":
        return _("%(value)s days") % {"value": _number(value)}
    if unit == "ms":
        return _("%(value)s ms") % {"value": _number(value)}
    if unit == "rps":
        return _("%(value)s a second") % {"value": _number(value)}
    return _number(value)


@register.filter
def measure_value(result: Any) -> str:
    if not result.available:
        return _("Not yet available")
    if result.value is None:
        return _("No data")
    return with_unit(result.value, result.unit)


@register.filter
def status_class(status: str) -> str:
    return TAGS.get(status, "govuk-tag--grey")


@register.filter
def hours(seconds: float) -> str:
    return f"{seconds / 3600:,.2f}"
