"""Dates and periods: received ≤ accepted, nothing in the future, and each gift in the
report of the period it was accepted in (received, for the weekly pre-poll reports)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from regulator.filings.rules.base import ALL_GIFTS, DONATIONS, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import (
    GiftFacts,
    GiftInput,
    LoanInput,
    ReportKind,
    ReportPeriod,
    ReturnContext,
    Severity,
)

FAMILY = "dates"

PRE_POLL_KINDS = frozenset({ReportKind.PRE_POLL, ReportKind.THIRD_PARTY_PRE_POLL})
PERIOD_KINDS = PRE_POLL_KINDS | {ReportKind.QUARTERLY}


def placing_date(item: GiftInput, period: ReportPeriod | None) -> dt.date | None:
    """The date that puts a gift in a period: acceptance, or receipt in pre-poll reports;
    a loan's start date."""
    if isinstance(item, LoanInput):
        return item.accepted or item.received
    if period is not None and period.kind in PRE_POLL_KINDS:
        return item.received
    return item.accepted


@rule(
    RuleCode.RECEIVED_DATE_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6 para 2(1)(d)",
    message=_("Enter the date the donation was received, for example 27/03/2025."),
    applies_to=DONATIONS,
    field="received",
)
def received_date_missing(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return item.received is None


@rule(
    RuleCode.ACCEPTED_DATE_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6 para 2(1)(d)",
    message=_("Enter the date the donation was accepted, for example 27/03/2025."),
    applies_to=DONATIONS,
    field="accepted",
)
def accepted_date_missing(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if facts.period is not None and facts.period.kind in PRE_POLL_KINDS:
        return None
    return item.accepted is None


@rule(
    RuleCode.RECEIVED_AFTER_ACCEPTED,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.56",
    message=_(
        "The date received (%(received)s) is after the date accepted (%(accepted)s). A gift "
        "cannot be accepted before it is received: correct one of the dates."
    ),
    applies_to=DONATIONS,
    field="accepted",
)
def received_after_accepted(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if item.received and item.accepted and item.received > item.accepted:
        return {"received": item.received, "accepted": item.accepted}
    return None


@rule(
    RuleCode.DATE_IN_FUTURE,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.62",
    message=_("The date %(date)s is in the future. Enter a date that has already happened."),
    applies_to=ALL_GIFTS,
    field="received",
)
def date_in_future(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    for day in (item.received, item.accepted, item.outcome_date):
        if day is not None and day > ctx.today:
            return {"date": day}
    return None


@rule(
    RuleCode.PERIOD_UNKNOWN,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.62 and s.63",
    message=_(
        "We cannot tell which reporting period this row belongs to. Choose the report's "
        "period, for example Q1 2025."
    ),
    applies_to=ALL_GIFTS,
    field="period",
)
def period_unknown(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return facts.period is None and ctx.entity_type != "regulated-donee"


@rule(
    RuleCode.DATE_AFTER_PERIOD,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.62(2) and s.63",
    message=_(
        "This was accepted on %(date)s, after the end of %(period)s on %(end)s. Move it to "
        "the report for the period it was accepted in."
    ),
    applies_to=ALL_GIFTS,
    field="accepted",
)
def date_after_period(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    period = facts.period
    if period is None or period.kind not in PERIOD_KINDS:
        return None
    day = placing_date(item, period)
    if day is not None and day > period.end:
        return {"date": day, "period": period.name, "end": period.end}
    return None


@rule(
    RuleCode.DATE_BEFORE_PERIOD,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.62(2) and s.63",
    message=_(
        "This was accepted on %(date)s, before %(period)s began on %(start)s, so it is a "
        "late report of an earlier period. Keep it here and explain why it was not reported "
        "then."
    ),
    applies_to=ALL_GIFTS,
    field="accepted",
)
def date_before_period(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    period = facts.period
    if period is None or period.kind not in PERIOD_KINDS:
        return None
    day = placing_date(item, period)
    if day is not None and day < period.start:
        return {"date": day, "period": period.name, "start": period.start}
    return None
