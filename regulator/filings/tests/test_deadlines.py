"""When each report is due, in Europe/London."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from regulator.filings.rules.deadlines import (
    deadline_instant,
    donee_due_date,
    is_late,
    report_due_date,
)
from regulator.filings.rules.periods import parse_period, quarter
from regulator.filings.selectors import figure_table

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.mark.parametrize(
    ("number", "year", "due"),
    [
        (1, 2025, dt.date(2025, 4, 30)),
        (2, 2025, dt.date(2025, 7, 30)),
        (3, 2025, dt.date(2025, 10, 30)),
        (4, 2025, dt.date(2026, 1, 30)),
    ],
)
def test_quarterly_reports_are_due_30_days_after_the_quarter(
    number: int, year: int, due: dt.date
) -> None:
    assert report_due_date(quarter(year, number), figure_table()) == due


def test_pre_poll_reports_are_due_7_days_after_the_week() -> None:
    week = parse_period("Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024")
    assert week is not None
    assert report_due_date(week, figure_table()) == dt.date(2024, 6, 12)


def test_spending_returns_are_due_3_or_6_months_after_the_poll() -> None:
    poll = parse_period("UK Parliamentary general election 04/07/2024")
    assert poll is not None
    figures = figure_table()
    assert report_due_date(poll, figures, total_spending=Decimal("250000")) == dt.date(2024, 10, 4)
    assert report_due_date(poll, figures, total_spending=Decimal("250000.01")) == dt.date(
        2025, 1, 4
    )


def test_donee_reports_are_due_within_30_days_beginning_with_acceptance() -> None:
    """Sch. 7 para 10: "within the period of 30 days beginning with" the date of
    acceptance: that date is day 1, so accepted on 12 February, due by 13 March."""
    assert donee_due_date(dt.date(2025, 2, 12), figure_table()) == dt.date(2025, 3, 13)
    assert donee_due_date(dt.date(2025, 1, 1), figure_table()) == dt.date(2025, 1, 30)


@pytest.mark.parametrize(
    ("due", "in_time_utc", "late_utc"),
    [
        # Winter (GMT = UTC): 23:55 in time, 00:05 next day late.
        (
            dt.date(2026, 1, 30),
            dt.datetime(2026, 1, 30, 23, 55, tzinfo=UTC),
            dt.datetime(2026, 1, 31, 0, 5, tzinfo=UTC),
        ),
        # Summer (BST = UTC+1): 23:55 London is 22:55 UTC; 00:05 London is 23:05 UTC.
        (
            dt.date(2025, 7, 30),
            dt.datetime(2025, 7, 30, 22, 55, tzinfo=UTC),
            dt.datetime(2025, 7, 30, 23, 5, tzinfo=UTC),
        ),
    ],
)
def test_deadlines_are_evaluated_in_london(
    due: dt.date, in_time_utc: dt.datetime, late_utc: dt.datetime
) -> None:
    assert not is_late(in_time_utc, due)
    assert is_late(late_utc, due)
    assert deadline_instant(due).utcoffset() in {dt.timedelta(0), dt.timedelta(hours=1)}


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        is_late(dt.datetime(2025, 7, 30, 12), dt.date(2025, 7, 30))
