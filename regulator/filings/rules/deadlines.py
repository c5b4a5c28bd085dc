"""Deadlines: when each report is due, evaluated in Europe/London.

The Act's periods are calendar days: a report due on a date is in time until the end of
that date in London (23:55 on the due date is in time; 00:05 the next day is late). A
period of "30 days beginning with" a date counts that date as day 1, so it ends on the
29th day after it (Sch. 7 para 10 and 11; s.56(2)). Quarterly and weekly reports follow
the Commission's published due dates (the end of the quarter + 30 days: 30 April ...).
An audited statement of accounts is due 7 days after the six months allowed for its
audit (s.45(2) with s.43(3)(a)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from regulator.core import clock
from regulator.filings.figures import FigureCode, FigureNotInForceError, FigureTable
from regulator.filings.rules.base import (
    ALL_GIFTS,
    EVERY_KIND,
    RuleCode,
    RuleResult,
    Scope,
    rule,
)
from regulator.filings.rules.inputs import (
    GiftFacts,
    GiftInput,
    ReportKind,
    ReportPeriod,
    ReturnContext,
    Severity,
)
from regulator.filings.rules.periods import add_months

FAMILY = "deadlines"


def report_due_date(
    period: ReportPeriod,
    figures: FigureTable,
    *,
    total_spending: Decimal | None = None,
    audited: bool = False,
) -> dt.date | None:
    """The last day to deliver the report of a period (None for donee batches).
    ``audited``: a statement of accounts that must be audited has longer."""
    if period.kind == ReportKind.QUARTERLY:
        days = figures.days(FigureCode.QUARTERLY_REPORT_DAYS, period.end)
        return period.end + dt.timedelta(days=days)
    if period.kind in {ReportKind.PRE_POLL, ReportKind.THIRD_PARTY_PRE_POLL}:
        days = figures.days(FigureCode.PREPOLL_REPORT_DAYS, period.end)
        return period.end + dt.timedelta(days=days)
    if period.kind == ReportKind.THIRD_PARTY_QUARTERLY:
        days = figures.days(FigureCode.THIRD_PARTY_QUARTERLY_REPORT_DAYS, period.end)
        return period.end + dt.timedelta(days=days)
    if period.kind == ReportKind.SPENDING and period.poll_date is not None:
        poll = period.poll_date
        audit = figures.at(FigureCode.SPENDING_AUDIT_THRESHOLD, poll)
        code = (
            FigureCode.SPENDING_RETURN_MONTHS_AUDITED
            if total_spending is not None and total_spending > audit
            else FigureCode.SPENDING_RETURN_MONTHS
        )
        return add_months(poll, figures.days(code, poll))
    if period.kind == ReportKind.ACCOUNTS:
        if not audited:
            months = figures.days(FigureCode.ACCOUNTS_REPORT_MONTHS, period.end)
            return add_months(period.end, months)
        # s.45(2): no later than 7 days after the end of the period allowed under
        # s.43(3)(a) for the audit (six months from the end of the financial year).
        audit_end = add_months(
            period.end, figures.days(FigureCode.ACCOUNTS_REPORT_MONTHS_AUDITED, period.end)
        )
        delivery = figures.days(FigureCode.ACCOUNTS_AUDITED_DELIVERY_DAYS, period.end)
        return audit_end + dt.timedelta(days=delivery)
    return None


def days_beginning_with(day: dt.date, days: int) -> dt.date:
    """The last day of the period of ``days`` days beginning with ``day`` (``day`` is
    day 1)."""
    return day + dt.timedelta(days=days - 1)


def donee_due_date(accepted: dt.date, figures: FigureTable) -> dt.date:
    """Sch. 7 para 10: within the period of 30 days beginning with the date of acceptance."""
    return days_beginning_with(accepted, figures.days(FigureCode.DONEE_REPORT_DAYS, accepted))


def deadline_instant(due: dt.date) -> dt.datetime:
    """The last instant of the due date in Europe/London, as an aware datetime."""
    return dt.datetime.combine(due, dt.time.max, tzinfo=clock.local_zone())


def is_late(delivered_at: dt.datetime, due: dt.date) -> bool:
    return clock.to_local(delivered_at) > deadline_instant(due)


@rule(
    RuleCode.REPORT_LATE,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.65, s.82 and s.45(2); s.95A and s.95B(7)",
    message=_(
        "The report for %(period)s was due by %(due)s (UK time) and is late. Submit it as "
        "soon as you can."
    ),
    applies_to=EVERY_KIND,
    field="period",
    scope=Scope.RETURN,
)
def report_late(
    items: Sequence[Any], ctx: ReturnContext, facts: Sequence[Any]
) -> list[tuple[int | None, dict[str, Any]]]:
    periods: dict[str, ReportPeriod] = {}
    totals: dict[str, Decimal] = {}
    for item, fact in zip(items, facts, strict=True):
        period = fact.period
        if period is None:
            continue
        periods.setdefault(period.name, period)
        total = getattr(item, "total", None)
        if total is not None:
            totals[period.name] = totals.get(period.name, Decimal(0)) + total
    found: list[tuple[int | None, dict[str, Any]]] = []
    for name, period in periods.items():
        try:
            due = report_due_date(period, ctx.figures, total_spending=totals.get(name))
        except FigureNotInForceError:  # no figure for the period: nothing to say
            continue
        if due is not None and ctx.today > due:
            found.append((None, {"period": name, "due": due}))
    return found


@rule(
    RuleCode.DONEE_REPORT_LATE,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 Sch. 7 para 10 and Sch. 7A para 9(7)",
    message=_(
        "This was accepted on %(accepted)s, so it had to be reported by %(due)s. It is late: "
        "report it now."
    ),
    applies_to=ALL_GIFTS,
    field="accepted",
    needs_figures=True,
    entity_types=frozenset({"regulated-donee"}),
)
def donee_report_late(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if ctx.entity_type != "regulated-donee" or item.accepted is None:
        return None
    due = donee_due_date(item.accepted, ctx.figures)
    if ctx.today > due:
        return {"accepted": item.accepted, "due": due}
    return None


@rule(
    RuleCode.DONEE_DEALT_WITH_REPORT_LATE,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 Sch. 7 para 11(1)(b)",
    message=_(
        "This gift was dealt with on %(date)s, so it had to be reported by %(due)s. It is "
        "late: report it now."
    ),
    applies_to=ALL_GIFTS,
    field="outcome_date",
    needs_figures=True,
    needs=("outcome", "outcome_date"),
    entity_types=frozenset({"regulated-donee"}),
)
def donee_dealt_with_report_late(
    item: GiftInput, ctx: ReturnContext, facts: GiftFacts
) -> RuleResult:
    """An impermissible or unidentifiable gift to a donee is reported within 30 days
    beginning with the date it was dealt with (returned or sent to the Commission)."""
    if ctx.entity_type != "regulated-donee" or item.outcome_date is None:
        return None
    if item.outcome.strip().lower() not in {"returned", "sent to the commission"}:
        return None
    day = item.outcome_date
    due = days_beginning_with(day, ctx.figures.days(FigureCode.DONEE_REPORT_DAYS, day))
    if ctx.today > due:
        return {"date": day, "due": due}
    return None
