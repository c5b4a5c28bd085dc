"""The arithmetic of enquiry clocks (no database): due dates in working days of the
right UK nation (``core.workdays`` over ``govuk-bank-holidays``), or in calendar months to
the corresponding date for subject access, and what pauses and extensions do to them.

- Working-day kinds (FOI, EIR, complaints, internal review, advice): the Nth working day
  after the day of receipt, which is day 0 (FOIA s.10(1), "the twentieth working day
  following the date of receipt"); a request received on a Saturday starts counting on
  Monday.
- Subject access (UK GDPR art. 12(3); ICO guidance): one month to the corresponding date
  (received 3 March, due 3 April); when the next month is shorter, its last day (31
  January: 28 or 29 February); then the next working day when that is a weekend or a
  bank holiday. An extension adds whole months to the same count.
- A pause (a fees notice unpaid, clarification sought) stops the clock: on resumption
  the due date moves on by the working days (calendar days for subject access) the clock
  stood still.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings

from regulator.contacts.types import CLOCK_RULES, NATIONS, ClockRule
from regulator.core import workdays


class ClockError(ValueError):
    pass


def rule_of(kind: str) -> ClockRule:
    try:
        return CLOCK_RULES[kind]
    except KeyError:
        raise ClockError(f"Unknown enquiry kind {kind!r}") from None


def target_working_days(rule: ClockRule) -> int:
    if rule.setting:
        return int(getattr(settings, rule.setting))
    return rule.working_days


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding date ``months`` later, or that month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_nation(nation: str) -> str:
    if nation not in NATIONS:
        raise ClockError(f"Unknown nation {nation!r}: one of {', '.join(NATIONS)}")
    return nation


def due_date(kind: str, received: dt.date, nation: str, *, extension: int = 0) -> dt.date:
    """When a reply to an enquiry of ``kind`` received on ``received`` is due, with
    ``extension`` (working days, or months for subject access) and no pause."""
    rule = rule_of(kind)
    check_nation(nation)
    if extension < 0 or extension > rule.max_extension:
        raise ClockError(f"An extension of {extension} is more than this kind allows")
    if rule.months:
        return workdays.next_working_day(add_months(received, rule.months + extension), nation)
    return workdays.working_days_after(received, target_working_days(rule) + extension, nation)


def after_pause(
    kind: str, due: dt.date, paused_on: dt.date, resumed_on: dt.date, nation: str
) -> dt.date:
    """The due date once a clock paused on ``paused_on`` runs again on ``resumed_on``."""
    if resumed_on <= paused_on:
        return due
    rule = rule_of(kind)
    if rule.months:
        stood = (resumed_on - paused_on).days
        return workdays.next_working_day(due + dt.timedelta(days=stood), nation)
    stood = workdays.working_days_between(paused_on, resumed_on, nation)
    return workdays.working_days_after(due, stood, nation)


def extended(kind: str, due: dt.date, by: int, nation: str) -> dt.date:
    """The due date moved on by an extension of ``by`` (working days; months for SAR)."""
    rule = rule_of(kind)
    if rule.months:
        return workdays.next_working_day(add_months(due, by), nation)
    return workdays.working_days_after(due, by, nation)


def working_days_left(due: dt.date, today: dt.date, nation: str) -> int:
    """Working days from ``today`` to ``due`` (negative once it is past)."""
    if due >= today:
        return workdays.working_days_between(today, due, nation)
    return -workdays.working_days_between(due, today, nation)
