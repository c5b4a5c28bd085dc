"""Money is exact: Decimal pounds with two places, never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from regulator.core.errors import InvalidValueError

PENNY = Decimal("0.01")
_MONEY_TEXT = re.compile(r"^-?£?-?[\d,]*\.?\d*$")
# The whole pounds: plain digits, or digits grouped in threes by commas ('1,234,567').
_POUNDS = re.compile(r"^(\d*|\d{1,3}(,\d{3})+)$")


def parse_money(text: str) -> Decimal:
    """Read an amount as people and published files write it: '£10,000.00', '10000', '-£5'.

    A comma separates thousands and nothing else: '1,500' is £1,500, but '1,50' (a decimal
    comma, or a slip) and '15,00' are refused rather than read as £150 or £1,500."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned or not _MONEY_TEXT.match(cleaned) or not re.search(r"\d", cleaned):
        raise InvalidValueError(f"{text!r} is not an amount of money")
    if cleaned.count("-") > 1:
        raise InvalidValueError(f"{text!r} is not an amount of money")
    negative = cleaned.count("-") == 1
    unsigned = cleaned.replace("-", "").replace("£", "")
    if not _POUNDS.match(unsigned.partition(".")[0]):
        raise InvalidValueError(
            f"{text!r} is not an amount of money: a comma may only separate thousands, "
            "as in 1,500.00"
        )
    digits = unsigned.replace(",", "")
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
