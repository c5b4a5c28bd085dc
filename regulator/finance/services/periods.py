"""Reporting periods and the returns transactions belong to."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from regulator.finance.models import ReportingPeriod, Return
from regulator.finance.types import PeriodKind, ReturnKind

_QUARTER = re.compile(r"^Q([1-4])\s+(\d{4})$", re.IGNORECASE)
_MONTH = re.compile(r"^([A-Za-z]+)\s+(\d{4})$")
_RANGE = re.compile(r"\((\d{1,2}/\d{1,2}/\d{2,4})\s*-\s*(\d{1,2}/\d{1,2}/\d{2,4})\)")
_ELECTION = re.compile(r"election\s+(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december",
        ],
        start=1,
    )
}  # fmt: skip


def _short_date(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("/"))
    return dt.date(year + 2000 if year < 100 else year, month, day)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def period_shape(name: str) -> tuple[str, dt.date | None, dt.date | None]:
    """Kind, start and end of a reporting period from its published name."""
    text = name.strip()
    if match := _QUARTER.match(text):
        quarter, year = int(match.group(1)), int(match.group(2))
        start = dt.date(year, 3 * quarter - 2, 1)
        return PeriodKind.QUARTER, start, _month_end(year, 3 * quarter)
    if (match := _MONTH.match(text)) and match.group(1).lower() in _MONTHS:
        month, year = _MONTHS[match.group(1).lower()], int(match.group(2))
        return PeriodKind.MONTH, dt.date(year, month, 1), _month_end(year, month)
    if text.lower().startswith("pre-poll") and (match := _RANGE.search(text)):
        try:
            return PeriodKind.PRE_POLL, _short_date(match.group(1)), _short_date(match.group(2))
        except ValueError:
            return PeriodKind.PRE_POLL, None, None
    if match := _ELECTION.search(text):
        try:
            polling_day = _short_date(match.group(1))
        except ValueError:
            return PeriodKind.ELECTION, None, None
        return PeriodKind.ELECTION, polling_day - dt.timedelta(days=365), polling_day
    return PeriodKind.OTHER, None, None


def period_ensure(*, name: str) -> ReportingPeriod:
    """The reporting period with this published name, created on first sight."""
    name = " ".join(name.split())
    period = ReportingPeriod.objects.filter(name=name).first()
    if period is not None:
        return period
    kind, start, end = period_shape(name)
    # Another transaction may be creating the same period at this moment (two analysts
    # accepting returns of a new period): get_or_create then takes its row, not a 500.
    period, _created = ReportingPeriod.objects.get_or_create(
        name=name, defaults={"kind": kind, "start_date": start, "end_date": end}
    )
    return period


def imported_return_ensure(*, entity: Any, period: ReportingPeriod) -> Return:
    """The one "imported" return of an entity for a period (history files)."""
    found = Return.objects.filter(kind=ReturnKind.IMPORTED, entity=entity, period=period).first()
    if found is not None:
        return found
    return Return.objects.create(kind=ReturnKind.IMPORTED, entity=entity, period=period)
