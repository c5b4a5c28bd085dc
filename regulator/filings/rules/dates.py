"""Dates and periods: received ≤ accepted, nothing in the future, and each gift in the
report of the period it was accepted in (received, for the weekly pre-poll reports). An
impermissible or unidentifiable gift is never accepted: it belongs to the report of the
period in which it was dealt with, returned, sent to the Commission or forfeited (PPERA
2000 s.62(9) and s.62A(2)(b); Sch. 6 para 6 and 7), so it has no acceptance date."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from regulator.filings.rules.base import ALL_GIFTS, DONATIONS, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import (
    DonationInput,
    GiftFacts,
    GiftInput,
    LoanInput,
    ReportKind,
    ReportPeriod,
    ReturnContext,
    Severity,
)
from regulator.filings.rules.thresholds import IMPERMISSIBLE_STATUSES

FAMILY = "dates"

PRE_POLL_KINDS = frozenset({ReportKind.PRE_POLL, ReportKind.THIRD_PARTY_PRE_POLL})
QUARTERLY_KINDS = frozenset({ReportKind.QUARTERLY, ReportKind.THIRD_PARTY_QUARTERLY})
PERIOD_KINDS = PRE_POLL_KINDS | QUARTERLY_KINDS
# What the recipient did with a gift it may not keep (DonationAction; s.56(2), s.58).
DEALT_WITH = frozenset({"returned", "sent to the commission", "forfeited"})


def is_dealt_with(item: GiftInput) -> bool:
    """Returned, sent to the Commission or forfeited: the gift was never kept."""
    return item.outcome.strip().lower() in DEALT_WITH


def is_never_accepted(item: GiftInput) -> bool:
    """A donation from an impermissible or unidentifiable source, or one dealt with: it
    has no acceptance date (every published Impermissible Donor row leaves it blank)."""
    return isinstance(item, DonationInput) and (
        item.status_key in IMPERMISSIBLE_STATUSES or is_dealt_with(item)
    )


def placing_date(item: GiftInput, period: ReportPeriod | None) -> dt.date | None:
    """The date that puts a gift in a period: acceptance, or receipt in pre-poll reports;
    a loan's start date. (A gift never accepted is placed by ``dealt_with_date``.)"""
    if isinstance(item, LoanInput):
        return item.accepted or item.received
    if period is not None and period.kind in PRE_POLL_KINDS:
        return item.received
    return item.accepted


def dealt_with_date(item: GiftInput) -> dt.date | None:
    """When a gift never accepted was dealt with, if the row says (the Commission's layout
    has no column for it)."""
    return item.outcome_date if is_dealt_with(item) else None


def _quarterly_placed(item: GiftInput, period: ReportPeriod | None) -> bool:
    """A gift of a quarterly report that is placed by when it was dealt with."""
    return period is not None and period.kind in QUARTERLY_KINDS and is_never_accepted(item)


@rule(
    RuleCode.RECEIVED_DATE_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6 paras 5 to 7 (the dates a report gives)",
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
    reference="PPERA 2000 Sch. 6 para 5(3) (the date of acceptance)",
    message=_("Enter the date the donation was accepted, for example 27/03/2025."),
    applies_to=DONATIONS,
    field="accepted",
)
def accepted_date_missing(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if facts.period is not None and facts.period.kind in PRE_POLL_KINDS:
        return None
    if is_never_accepted(item):  # returned or sent back: never accepted, by definition
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
    reference="PPERA 2000 s.62(5) and (8), s.63(3)",
    message=_(
        "This was accepted on %(date)s, after the end of %(period)s on %(end)s. Move it to "
        "the report for the period it was accepted in."
    ),
    applies_to=ALL_GIFTS,
    field="accepted",
)
def date_after_period(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    period = facts.period
    if period is None or period.kind not in PERIOD_KINDS or _quarterly_placed(item, period):
        return None
    day = placing_date(item, period)
    if day is not None and day > period.end:
        return {"date": day, "period": period.name, "end": period.end}
    return None


@rule(
    RuleCode.DATE_BEFORE_PERIOD,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.62(5) and (8), s.63(3)",
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
    if period is None or period.kind not in PERIOD_KINDS or _quarterly_placed(item, period):
        return None
    if item.is_aggregation or facts.aggregated:
        # A gift recorded as part of an aggregate belongs to the report of the period in
        # which the gift that took the total over the threshold was accepted, whenever it
        # was itself accepted (PPERA 2000 s.62(5)(b) and (8); Sch. 6 para 5(3)(b)).
        return None
    day = placing_date(item, period)
    if day is not None and day < period.start:
        return {"date": day, "period": period.name, "start": period.start}
    return None


@rule(
    RuleCode.DEALT_WITH_AFTER_PERIOD,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.62(9) and s.62A(2)(b); Sch. 6 paras 6 and 7",
    message=_(
        "This gift was received on %(received)s and dealt with after the end of %(period)s "
        "on %(end)s. A gift from an impermissible or unidentifiable source belongs in the "
        "report for the period in which it was returned, sent to the Commission or "
        "forfeited: move it there."
    ),
    applies_to=DONATIONS,
    field="outcome_date",
)
def dealt_with_after_period(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    period = facts.period
    if not _quarterly_placed(item, period):
        return None
    assert period is not None
    # Without the date it was dealt with (the Commission's layout has none), a gift
    # received after the period cannot have been dealt with in it.
    day = dealt_with_date(item) or item.received
    if day is not None and day > period.end:
        return {"received": item.received, "period": period.name, "end": period.end}
    return None


@rule(
    RuleCode.DEALT_WITH_BEFORE_PERIOD,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.62(9) and s.62A(2)(b); Sch. 6 paras 6 and 7",
    message=_(
        "This gift was dealt with on %(date)s, before %(period)s began on %(start)s, so it "
        "is a late report of an earlier period. Keep it here and explain why it was not "
        "reported then."
    ),
    applies_to=DONATIONS,
    field="outcome_date",
    needs=("outcome", "outcome_date"),
)
def dealt_with_before_period(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    period = facts.period
    if not _quarterly_placed(item, period):
        return None
    assert period is not None
    day = dealt_with_date(item)
    if day is not None and day < period.start:
        return {"date": day, "period": period.name, "start": period.start}
    return None
