"""Reporting periods: a month (``2025-04``), a calendar quarter (``2025-Q1``, January to
March) or a financial year April to March (``2025-26``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
FINANCIAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str  # "month" | "quarter" | "year"
    code: str
    start: dt.date
    end: dt.date  # the last day, inclusive

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%m/%Y")
        if self.kind == "quarter":
            return _("%(code)s (%(start)s to %(end)s)") % {
                "code": self.code,
                "start": self.start.strftime("%d/%m/%Y"),
                "end": self.end.strftime("%d/%m/%Y"),
            }
        return _("Financial year %(code)s") % {"code": self.code}

    def previous(self) -> Period:
        return period_containing(self.kind, self.start - dt.timedelta(days=1))

    def months(self) -> list[Period]:
        months = []
        day = self.start
        while day <= self.end:
            months.append(period_containing("month", day))
            day = months[-1].end + dt.timedelta(days=1)
        return months


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def period_containing(kind: str, day: dt.date) -> Period:
    if kind == "month":
        return Period(
            "month",
            f"{day.year}-{day.month:02d}",
            day.replace(day=1),
            _month_end(day.year, day.month),
        )
    if kind == "quarter":
        quarter = (day.month - 1) // 3 + 1
        first = dt.date(day.year, 3 * quarter - 2, 1)
        return Period("quarter", f"{day.year}-Q{quarter}", first, _month_end(day.year, 3 * quarter))
    if kind == "year":
        year = day.year if day.month >= 4 else day.year - 1
        return Period(
            "year",
            f"{year}-{(year + 1) % 100:02d}",
            dt.date(year, 4, 1),
            dt.date(year + 1, 3, 31),
        )
    raise PeriodError(_("Unknown kind of period: %(kind)s") % {"kind": kind})


def period_parse(code: str) -> Period:
    """A period from its code; PeriodError (with a message saying what to write) if not."""
    text = code.strip()
    if text.upper().startswith("FY") and (match := FINANCIAL_YEAR.match(text[2:])):
        year = int(match[1])
        if int(match[2]) == (year + 1) % 100:
            return period_containing("year", dt.date(year, 4, 1))
    if match := QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        return period_containing("quarter", dt.date(year, 3 * quarter, 1))
    if match := MONTH.match(text):
        year, second = int(match[1]), int(match[2])
        if 1 <= second <= 12:
            return period_containing("month", dt.date(year, second, 1))
        if second == (year + 1) % 100:
            return period_containing("year", dt.date(year, 4, 1))
    raise PeriodError(
        _(
            "“%(code)s” is not a period. Write a month as 2025-04, a quarter as 2025-Q1 "
            "or a financial year (April to March) as 2025-26 or FY2025-26."
        )
        % {"code": code}
    )
