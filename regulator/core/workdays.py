"""Working days and working hours in England and Wales: Monday to Friday, less the bank
holidays of ``govuk-bank-holidays``' cached data (never fetched online)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from govuk_bank_holidays.bank_holidays import BankHolidays

DIVISION = BankHolidays.ENGLAND_AND_WALES


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[dt.date]:
    """England and Wales bank holidays known to the package's cached data."""
    data = BankHolidays(use_cached_holidays=True)
    return frozenset(day["date"] for day in data.get_holidays(division=DIVISION))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start):
    a decision on the next working day took 1 working day."""
    days = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days
