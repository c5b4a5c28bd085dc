"""Campaign spending: amounts by nation add up, claims and payments in time after polling
day, and party spending within each part of the UK's limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from regulator.core.workdays import nation_of, next_working_day
from regulator.filings.figures import FigureCode
from regulator.filings.rules.base import SPENDING, RuleCode, RuleResult, Scope, rule
from regulator.filings.rules.inputs import (
    Nation,
    ReturnContext,
    Severity,
    SpendingFacts,
    SpendingInput,
)

FAMILY = "spending"
PENNY = Decimal("0.01")

FIXED_SUMS = {
    Nation.ENGLAND: FigureCode.PARTY_SPENDING_FIXED_ENGLAND,
    Nation.SCOTLAND: FigureCode.PARTY_SPENDING_FIXED_SCOTLAND,
    Nation.WALES: FigureCode.PARTY_SPENDING_FIXED_WALES,
    Nation.NORTHERN_IRELAND: FigureCode.PARTY_SPENDING_FIXED_NORTHERN_IRELAND,
}
NATION_NAMES = {
    Nation.ENGLAND: _("England"),
    Nation.SCOTLAND: _("Scotland"),
    Nation.WALES: _("Wales"),
    Nation.NORTHERN_IRELAND: _("Northern Ireland"),
}


def _poll(facts: SpendingFacts) -> dt.date | None:
    return facts.period.poll_date if facts.period is not None else None


def party_limit(nation: Nation, seats: int, poll: dt.date, ctx: ReturnContext) -> Decimal:
    """The greater of the per-seat figure x seats contested there and that part's fixed sum."""
    per_seat = ctx.figures.at(FigureCode.PARTY_SPENDING_LIMIT_PER_SEAT, poll)
    fixed = ctx.figures.at(FIXED_SUMS[nation], poll)
    return max(per_seat * seats, fixed)


@rule(
    RuleCode.SPENDING_TOTAL_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.80(2)",
    message=_("Enter the total amount spent on this item, for example 1250.00."),
    applies_to=SPENDING,
    field="total",
)
def spending_total_missing(
    item: SpendingInput, ctx: ReturnContext, facts: SpendingFacts
) -> RuleResult:
    return item.total is None


@rule(
    RuleCode.SPENDING_NATIONS_MISMATCH,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.80(2) and Sch. 9 para 3",
    message=_(
        "The amounts for England, Scotland, Wales and Northern Ireland add up to %(sum)s, not "
        "the total of %(total)s. Correct the amounts so that they add up."
    ),
    applies_to=SPENDING,
    field="total",
)
def spending_nations_mismatch(
    item: SpendingInput, ctx: ReturnContext, facts: SpendingFacts
) -> RuleResult:
    if item.total is None:
        return None
    added = sum(item.by_nation().values(), Decimal(0))
    # Splitting an amount between nations rounds each part to the penny: allow a penny
    # per part given (the published returns show exactly this).
    parts = sum(
        1 for amount in (item.england, item.scotland, item.wales, item.northern_ireland) if amount
    )
    if abs(added - item.total) > PENNY * max(parts - 1, 0):
        return {"sum": added, "total": item.total}
    return None


@rule(
    RuleCode.SPENDING_POLL_UNKNOWN,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.77 and Sch. 10",
    message=_(
        "We cannot tell which election this spending is for. Choose the election, for "
        "example UK Parliamentary general election 04/07/2024."
    ),
    applies_to=SPENDING,
    field="period",
)
def spending_poll_unknown(
    item: SpendingInput, ctx: ReturnContext, facts: SpendingFacts
) -> RuleResult:
    return _poll(facts) is None


@rule(
    RuleCode.SPENDING_INCURRED_OUTSIDE_PERIOD,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 Sch. 10 para 3",
    message=_(
        "This was incurred on %(date)s, outside the regulated period (%(start)s to "
        "%(poll)s). Check the date: only spending in the regulated period belongs here."
    ),
    applies_to=SPENDING,
    field="incurred",
    needs=("incurred",),
)
def spending_incurred_outside_period(
    item: SpendingInput, ctx: ReturnContext, facts: SpendingFacts
) -> RuleResult:
    poll = _poll(facts)
    if poll is None or item.incurred is None:
        return None
    days = ctx.figures.days(FigureCode.SPENDING_REGULATED_PERIOD_DAYS, poll)
    start = poll - dt.timedelta(days=days - 1)
    if not start <= item.incurred <= poll:
        return {"date": item.incurred, "start": start, "poll": poll}
    return None


def after_polling_day(poll: dt.date, days: int, ctx: ReturnContext) -> dt.date:
    """The last day "not later than ``days`` days after" polling day (the end of the
    relevant campaign period), moved to the next working day of the recipient's part of
    the UK when it falls on a weekend or a bank holiday, as the Commission's guidance
    says (for 4 July 2024: claims by 5 August, 6 August in Scotland; payments by
    2 September)."""
    return next_working_day(
        poll + dt.timedelta(days=days), nation_of(ctx.register, ctx.holiday_nation)
    )


@rule(
    RuleCode.SPENDING_CLAIM_LATE,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.77(1) and (4)",
    message=_(
        "The claim was made on %(date)s, after %(due)s, the last day for claims "
        "(%(days)s days after polling day, %(poll)s, moved to the next working day if it "
        "falls on a weekend or bank holiday). A late claim may be paid only with a court's "
        "leave: check the date."
    ),
    applies_to=SPENDING,
    field="claimed",
    needs=("claimed",),
)
def spending_claim_late(
    item: SpendingInput, ctx: ReturnContext, facts: SpendingFacts
) -> RuleResult:
    poll = _poll(facts)
    if poll is None or item.claimed is None:
        return None
    days = ctx.figures.days(FigureCode.SPENDING_CLAIM_DAYS, poll)
    due = after_polling_day(poll, days, ctx)
    if item.claimed > due:
        return {"date": item.claimed, "due": due, "days": days, "poll": poll}
    return None


@rule(
    RuleCode.SPENDING_PAID_LATE,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.77(2) and (3)",
    message=_(
        "This was paid on %(date)s, after %(due)s, the last day for payments (%(days)s days "
        "after polling day, %(poll)s, moved to the next working day if it falls on a weekend "
        "or bank holiday). A late payment needs a court's leave: check the date."
    ),
    applies_to=SPENDING,
    field="paid",
    needs=("paid",),
)
def spending_paid_late(item: SpendingInput, ctx: ReturnContext, facts: SpendingFacts) -> RuleResult:
    poll = _poll(facts)
    if poll is None or item.paid is None:
        return None
    days = ctx.figures.days(FigureCode.SPENDING_PAYMENT_DAYS, poll)
    due = after_polling_day(poll, days, ctx)
    if item.paid > due:
        return {"date": item.paid, "due": due, "days": days, "poll": poll}
    return None


@rule(
    RuleCode.SPENDING_OVER_LIMIT,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.79 and Sch. 9 para 3",
    message=_(
        "Spending in %(nation)s adds up to %(total)s, over the limit of %(limit)s for "
        "%(seats)s seats contested there. Check the amounts by nation."
    ),
    applies_to=SPENDING,
    field="total",
    scope=Scope.RETURN,
)
def spending_over_limit(
    items: Sequence[Any], ctx: ReturnContext, facts: Sequence[Any]
) -> list[tuple[int | None, dict[str, Any]]]:
    if ctx.entity_type != "political-party" or not ctx.seats_contested:
        return []
    totals: dict[tuple[dt.date, Nation], Decimal] = {}
    for item, fact in zip(items, facts, strict=True):
        poll = _poll(fact)
        if poll is None or not isinstance(item, SpendingInput):
            continue
        for nation, amount in item.by_nation().items():
            totals[poll, nation] = totals.get((poll, nation), Decimal(0)) + amount
    found: list[tuple[int | None, dict[str, Any]]] = []
    for (poll, nation), total in sorted(totals.items()):
        seats = ctx.seats_contested.get(nation, 0)
        if seats == 0:
            continue
        limit = party_limit(nation, seats, poll, ctx)
        if total > limit:
            found.append(
                (
                    None,
                    {
                        "nation": NATION_NAMES[nation],
                        "total": total,
                        "limit": limit,
                        "seats": seats,
                    },
                )
            )
    return found
