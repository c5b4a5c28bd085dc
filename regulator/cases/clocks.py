"""The clocks of enforcement, as pure functions of dates (domain-staff.md §1).

- Deemed receipt of a notice: by hand or email on the working day it is sent (the next
  working day when sent on a weekend or bank holiday); by first class post on the second
  working day after posting (the usual Civil Procedure Rules reading; *our rule*, to be
  confirmed by the Commission's lawyers).
- Fixed monetary penalty (£200): the person may discharge liability by paying within 28
  days of receiving the notice of intent; otherwise a final notice, payable within 28
  days of receipt; +25% if paid late; the original +50% if still unpaid 56 days after
  receipt. An appeal within 28 days of the final notice suspends it; after the appeal is
  determined the clocks run again from the determination.
- Variable penalty: 28 days for representations after the notice of proposed
  requirement; the final notice is payable within 28 days, with the +25% uplift observed
  when late (the full ladder is unverified; we apply +25% only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regulator.cases.types import SanctionKind, Service
from regulator.core.workdays import next_working_day, working_days_after

FIXED_PENALTY_PENCE = 20_000
DISCHARGE_DAYS = 28
REPRESENTATIONS_DAYS = 28
PAYMENT_DAYS = 28
SECOND_UPLIFT_DAYS = 56
APPEAL_DAYS = 28


def deemed_receipt(sent_on: dt.date, served_by: str, nation: str = "england-and-wales") -> dt.date:
    if served_by == Service.POST:
        return working_days_after(sent_on, 2, nation)
    return next_working_day(sent_on, nation)


@dataclass(frozen=True)
class PenaltyClock:
    """Where a monetary penalty's clock stands on ``today``: what is owed and by when."""

    original_pence: int
    owed_pence: int
    pay_by: dt.date | None
    next_uplift_on: dt.date | None
    appeal_by: dt.date | None
    late: bool
    stage: str  # "discharge" | "final" | "late" | "late-50" | "appeal" | "paid"


def _pence_with(original: int, percent: int) -> int:
    return original + original * percent // 100


def uplifted(kind: str, original_pence: int, final_received_on: dt.date, paid_on: dt.date) -> int:
    """What a final notice's penalty amounts to when paid on ``paid_on``."""
    late_days = (paid_on - final_received_on).days
    if late_days <= PAYMENT_DAYS:
        return original_pence
    if kind == SanctionKind.FIXED and late_days > SECOND_UPLIFT_DAYS:
        return _pence_with(original_pence, 50)
    return _pence_with(original_pence, 25)


def penalty_clock(
    *,
    kind: str,
    original_pence: int,
    intent_received_on: dt.date | None,
    final_received_on: dt.date | None,
    appeal_lodged_on: dt.date | None,
    appeal_determined_on: dt.date | None,
    paid_on: dt.date | None,
    today: dt.date,
) -> PenaltyClock:
    if paid_on is not None:
        return PenaltyClock(original_pence, 0, None, None, None, False, "paid")
    if final_received_on is None:
        pay_by = (
            intent_received_on + dt.timedelta(days=DISCHARGE_DAYS)
            if intent_received_on is not None and kind == SanctionKind.FIXED
            else None
        )
        return PenaltyClock(original_pence, original_pence, pay_by, None, None, False, "discharge")
    appeal_by = final_received_on + dt.timedelta(days=APPEAL_DAYS)
    if appeal_lodged_on is not None and appeal_determined_on is None:
        return PenaltyClock(original_pence, original_pence, None, None, None, False, "appeal")
    start = appeal_determined_on or final_received_on
    pay_by = start + dt.timedelta(days=PAYMENT_DAYS)
    owed = uplifted(kind, original_pence, start, today)
    late = today > pay_by
    second = start + dt.timedelta(days=SECOND_UPLIFT_DAYS)
    if not late:
        return PenaltyClock(
            original_pence, owed, pay_by, pay_by + dt.timedelta(days=1), appeal_by, False, "final"
        )
    if kind == SanctionKind.FIXED and today <= second:
        return PenaltyClock(
            original_pence, owed, pay_by, second + dt.timedelta(days=1), appeal_by, True, "late"
        )
    return PenaltyClock(original_pence, owed, pay_by, None, appeal_by, True, "late-50")


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)
