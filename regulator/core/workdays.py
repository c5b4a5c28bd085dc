"""Working days, the one calendar of the platform: Monday to Friday, less the bank
holidays of the part of the UK concerned.

Bank holidays come from ``govuk-bank-holidays``' own cached copy of GOV.UK's list (never
fetched online): England and Wales, Scotland and Northern Ireland differ (Scotland's
summer bank holiday is the first Monday of August; Northern Ireland has 17 March and
12 July). The cached list runs from 2012 to 2028; outside it only weekends are known.

A deadline that the Commission's guidance moves off a weekend or a bank holiday ("If this
date falls on a weekend, Bank Holiday or other public holiday it is moved to the next
working day": campaign spending claims and payments) uses ``next_working_day`` with the
recipient's nation; clocks counted in working days (registration decisions, enquiries)
use ``working_days_between`` in England and Wales unless told otherwise.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from govuk_bank_holidays.bank_holidays import BankHolidays

ENGLAND_AND_WALES = "england-and-wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"
NATIONS = (ENGLAND_AND_WALES, SCOTLAND, NORTHERN_IRELAND)


@lru_cache(maxsize=1)
def _calendar() -> BankHolidays:
    return BankHolidays(use_cached_holidays=True)


@lru_cache(maxsize=len(NATIONS))
def bank_holidays(nation: str = ENGLAND_AND_WALES) -> frozenset[dt.date]:
    """The bank holidays of ``nation`` known to the package's cached data."""
    return frozenset(day["date"] for day in _calendar().get_holidays(division=nation))


def is_working_day(day: dt.date, nation: str = ENGLAND_AND_WALES) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(nation)


def working_days_between(start: dt.date, end: dt.date, nation: str = ENGLAND_AND_WALES) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start):
    a decision on the next working day took 1 working day."""
    days = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, nation):
            days += 1
    return days


def working_days_after(start: dt.date, count: int, nation: str = ENGLAND_AND_WALES) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself when count is 0):
    FOIA's "the twentieth working day following the date of receipt" (contacts' clocks)."""
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, nation):
            remaining -= 1
    return day


@lru_cache(maxsize=4096)
def next_working_day(day: dt.date, nation: str) -> dt.date:
    """``day`` itself when it is a working day in ``nation``, else the next one. An unknown
    nation ("") takes the latest of the three: nobody is told they are late when their
    own nation's holidays would have kept them in time."""
    if nation not in NATIONS:
        return max(next_working_day(day, known) for known in NATIONS)
    while not is_working_day(day, nation):
        day += dt.timedelta(days=1)
    return day


def nation_of(register: str, holiday_nation: str = "") -> str:
    """Whose holidays apply: the nation given, else Northern Ireland's for that register,
    England and Wales' for Great Britain, and "" (unknown) when the register is not known."""
    if holiday_nation in NATIONS:
        return holiday_nation
    if register == NORTHERN_IRELAND:
        return NORTHERN_IRELAND
    if register == "great-britain":
        return ENGLAND_AND_WALES
    return ""
