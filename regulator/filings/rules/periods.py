"""Reporting periods by their published names: 'Q1 2025', 'November 2025', 'Accounts 2025'
(a statement of accounts for the financial year 2025),
'Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024', 'Pre-poll 1 - Third Party
(17/12/2023 - 16/03/2024) UK Parliamentary general election 2024',
'UK Parliamentary general election 12/12/2019'."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from regulator.filings.rules.inputs import ReportKind, ReportPeriod

_QUARTER = re.compile(r"^\s*Q([1-4])\s+(\d{4})\s*$", re.IGNORECASE)
_ACCOUNTS = re.compile(r"^\s*(?:statement of\s+)?accounts\s+(\d{4})\s*$", re.IGNORECASE)
_MONTH = re.compile(r"^\s*([A-Za-z]+)\s+(\d{4})\s*$")
_RANGE = re.compile(r"\((\d{1,2}/\d{1,2}/\d{2,4})\s*-\s*(\d{1,2}/\d{1,2}/\d{2,4})\)")
_POLL = re.compile(r"general election\s+(\d{1,2}/\d{1,2}/\d{4})\s*$", re.IGNORECASE)
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


def _date(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("/"))
    if year < 100:
        year += 2000
    return dt.date(year, month, day)


def quarter(year: int, number: int) -> ReportPeriod:
    start = dt.date(year, 3 * number - 2, 1)
    end_month = 3 * number
    end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
    return ReportPeriod(name=f"Q{number} {year}", kind=ReportKind.QUARTERLY, start=start, end=end)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=1024)
def parse_period(name: str) -> ReportPeriod | None:
    """The period a published name stands for, or None when it names none we know."""
    text = " ".join(name.split())
    if not text:
        return None
    try:
        if match := _QUARTER.match(text):
            return quarter(int(match.group(2)), int(match.group(1)))
        if match := _ACCOUNTS.match(text):
            year = int(match.group(1))
            return ReportPeriod(
                name=f"Accounts {year}",
                kind=ReportKind.ACCOUNTS,
                start=dt.date(year, 1, 1),
                end=dt.date(year, 12, 31),
            )
        if (match := _MONTH.match(text)) and match.group(1).lower() in _MONTHS:
            year, month = int(match.group(2)), _MONTHS[match.group(1).lower()]
            return ReportPeriod(
                name=text,
                kind=ReportKind.DONEE,
                start=dt.date(year, month, 1),
                end=dt.date(year, month, calendar.monthrange(year, month)[1]),
            )
        if text.lower().startswith("pre-poll") and (match := _RANGE.search(text)):
            start, end = _date(match.group(1)), _date(match.group(2))
            kind = ReportKind.PRE_POLL
            if "third party" in text.lower():
                # A non-party campaigner's weekly report covers at most 7 days (s.95B(2));
                # a longer one is a quarterly report of the pre-dissolution period (s.95A).
                weekly = (end - start).days < 7
                kind = (
                    ReportKind.THIRD_PARTY_PRE_POLL if weekly else ReportKind.THIRD_PARTY_QUARTERLY
                )
            return ReportPeriod(name=text, kind=kind, start=start, end=end)
        if match := _POLL.search(text):
            poll = _date(match.group(1))
            return ReportPeriod(
                name=text,
                kind=ReportKind.SPENDING,
                start=poll - dt.timedelta(days=364),
                end=poll,
                poll_date=poll,
            )
    except ValueError:
        return None
    return None
