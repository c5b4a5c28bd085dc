"""``{{ value|money }}`` and ``{{ kind|kind_words }}``: amounts as money (£15,000.00) and
kinds of transaction in the reader's words on every filing page, never the stored text
(``15000.00``, ``donations``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from regulator.core.errors import InvalidValueError
from regulator.core.money import format_pounds, parse_money
from regulator.filings.review import kind_name

register = template.Library()


@register.filter
def money(value: Any) -> str:
    """An amount (a Decimal, or a row's text as typed) as £15,000.00; text that is not an
    amount is shown as typed (the checks report it), a blank as nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal | int):
        return format_pounds(Decimal(value))
    try:
        return format_pounds(parse_money(str(value)))
    except (InvalidValueError, InvalidOperation):
        return str(value)


@register.filter
def signed_money(value: Any) -> str:
    """A difference: +£1,000.00, -£250.00, £0.00."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    return ("+" if amount > 0 else "") + format_pounds(amount)


@register.filter
def kind_words(kind: Any) -> str:
    return kind_name(str(kind))
