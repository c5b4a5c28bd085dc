from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse

from regulator.core.money import format_pounds
from regulator.donors import selectors as donors_selectors

register = template.Library()


@register.filter
def pounds(value: Decimal | None) -> str:
    return format_pounds(Decimal(value)) if value is not None else ""


@register.filter
def tidy(value: str) -> str:
    """Names as published carry stray spaces."""
    return " ".join(str(value).split())


@register.filter
def donor_url(number: int | None) -> str:
    """The public page of the resolved donor with this number (a record's ``donor_id``)."""
    if number is None:
        return ""
    return reverse(
        "donors:donor_detail", kwargs={"donor_id": donors_selectors.donor_id_format(number)}
    )
