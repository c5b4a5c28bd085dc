"""Money is exact: Decimal pounds with two places, never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from regulator.core.errors import InvalidValueError

PENNY = Decimal("0.01")
_MONEY_TEXT = re.compile(r"^-?£?-?[\d,]*\.?\d*$")


def parse_money(text: str) -> Decimal:
    """Read an amount as people and published files write it: '£10,000.00', '10000', '-£5'."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned or not _MONEY_TEXT.match(cleaned) or not re.search(r"\d", cleaned):
        raise InvalidValueError(f"{text!r} is not an amount of money")
    if cleaned.count("-") > 1:
        raise InvalidValueError(f"{text!r} is not an amount of money")
    negative = cleaned.count("-") == 1
    digits = cleaned.replace("-", "").replace("£", "").replace(",", "")
    try:
        amount = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above already filters
        raise InvalidValueError(f"{text!r} is not an amount of money") from exc
    if amount != amount.quantize(PENNY):
        raise InvalidValueError(f"{text!r} has fractions of a penny")
    return -amount if negative else amount


def to_pence(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_pence(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(PENNY)


def format_pounds(amount: Decimal) -> str:
    """The published convention: £10,000.00."""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
