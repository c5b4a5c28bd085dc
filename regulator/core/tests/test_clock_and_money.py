from datetime import UTC, datetime
from decimal import Decimal

import pytest

from regulator.core import clock
from regulator.core.errors import InvalidValueError
from regulator.core.money import format_pounds, from_pence, parse_money, to_pence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£10,000.00", Decimal("10000.00")),
        ("10000", Decimal("10000")),
        (" 500.01 ", Decimal("500.01")),
        ("-£5.50", Decimal("-5.50")),
        ("£-5.50", Decimal("-5.50")),
    ],
)
def test_parse_money_reads_published_amounts(text: str, expected: Decimal) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["", "ten pounds", "£1.001", "1.2.3", "--5", "£"])
def test_parse_money_refuses_what_is_not_money(text: str) -> None:
    with pytest.raises(InvalidValueError):
        parse_money(text)


def test_pence_round_trip_and_published_format() -> None:
    assert to_pence(Decimal("11180.01")) == 1118001
    assert from_pence(1118001) == Decimal("11180.01")
    assert format_pounds(Decimal("10000")) == "£10,000.00"
    assert format_pounds(Decimal("-2.5")) == "-£2.50"


def test_clock_is_aware_and_local_time_is_london() -> None:
    clock.freeze(datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    assert clock.now().tzinfo is not None
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    assert clock.local_today().isoformat() == "2026-07-01"
    with pytest.raises(ValueError, match="naive"):
        clock.to_local(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.freeze(datetime(2026, 1, 1))


@pytest.mark.parametrize("text", ["1,50", "15,00", ",500", "1,5000", "12,34,567", "1,500,00"])
def test_a_comma_only_separates_thousands(text: str) -> None:
    """'1,50' is not £150: a comma anywhere but between groups of three digits is refused."""
    with pytest.raises(InvalidValueError, match="comma"):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,500", Decimal("1500")), ("£1,234,567.89", Decimal("1234567.89")), ("999", Decimal(999))],
)
def test_commas_in_thousands_position_are_read(text: str, expected: Decimal) -> None:
    assert parse_money(text) == expected
