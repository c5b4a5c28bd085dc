from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import NoReverseMatch, reverse

from regulator.core.money import format_pounds
from regulator.donors import selectors as donors_selectors
from regulator.finance import types as finance_types

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


@register.simple_tag
def record_url(kind: str, ec_ref: str) -> str:
    """A published record's own page; "" for a reference no address can carry."""
    try:
        return reverse("disclosure:record", kwargs={"kind": kind, "ec_ref": ec_ref})
    except NoReverseMatch:
        return ""


KNOWN_LABELS = {
    "donor_status": finance_types.DONOR_STATUSES,
    "lender_type": finance_types.LENDER_TYPES,
    "expense_category": finance_types.EXPENSE_CATEGORIES,
    "nature": finance_types.NATURES,
    "donation_type": finance_types.DONATION_TYPES,
}


@register.filter
def published_label(value: str, field: str) -> str:
    """A published label (a donor status, a lender type, an expense category) in the
    reader's language; a value outside the known set as published."""
    known = KNOWN_LABELS.get(field)
    if not value or known is None:
        return value or ""
    return finance_types.display(known, finance_types.resolve_label(known, value) or value)
