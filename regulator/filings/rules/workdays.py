"""Working days: a deadline that the Commission's guidance moves off a weekend or a bank
holiday ("If this date falls on a weekend, Bank Holiday or other public holiday it is
moved to the next working day": campaign spending claims and payments) moves to the next
working day of the recipient's part of the UK.

Bank holidays come from ``govuk-bank-holidays``' own cached copy of GOV.UK's list (no
network): England and Wales, Scotland and Northern Ireland differ (Scotland's summer bank
holiday is the first Monday of August; Northern Ireland has 17 March and 12 July). The
cached list runs from 2012 to 2028; outside it only weekends are known.
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


@lru_cache(maxsize=4096)
def next_working_day(day: dt.date, nation: str) -> dt.date:
    """``day`` itself when it is a working day in ``nation``, else the next one. An unknown
    nation ("") takes the latest of the three: nobody is told they are late when their
    own nation's holidays would have kept them in time."""
    if nation not in NATIONS:
        return max(next_working_day(day, known) for known in NATIONS)
    calendar = _calendar()
    while not calendar.is_work_day(day, division=nation):
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
