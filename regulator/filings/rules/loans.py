"""Loans: the parties to the loan, its rate and dates, and amounts that add up."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from regulator.filings.rules.base import LOANS, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import GiftFacts, LoanInput, ReturnContext, Severity

FAMILY = "loans"


@rule(
    RuleCode.LOAN_RATE_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6A para 2(1)(e)",
    message=_("Enter the rate of interest, or say that the loan is interest-free."),
    applies_to=LOANS,
    field="rate",
)
def loan_rate_missing(item: LoanInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return not item.rate.strip()


@rule(
    RuleCode.LOAN_START_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6A para 2(1)(d)",
    message=_("Enter the date the loan was entered into, for example 27/03/2025."),
    applies_to=LOANS,
    field="start",
)
def loan_start_missing(item: LoanInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return item.accepted is None and item.received is None


@rule(
    RuleCode.LOAN_END_BEFORE_START,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6A para 2(1)(d)",
    message=_(
        "The loan ends on %(end)s, before it started on %(start)s. Correct one of the dates."
    ),
    applies_to=LOANS,
    field="end_date",
    needs=("end_date",),
)
def loan_end_before_start(item: LoanInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    start = item.accepted or item.received
    if start and item.end_date and item.end_date < start:
        return {"end": item.end_date, "start": start}
    return None


@rule(
    RuleCode.LOAN_REPAID_BEFORE_START,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6A para 4",
    message=_(
        "The loan was repaid on %(repaid)s, before it started on %(start)s. Correct one of "
        "the dates."
    ),
    applies_to=LOANS,
    field="date_repaid",
    needs=("date_repaid",),
)
def loan_repaid_before_start(item: LoanInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    start = item.accepted or item.received
    if start and item.date_repaid and item.date_repaid < start:
        return {"repaid": item.date_repaid, "start": start}
    return None


@rule(
    RuleCode.LOAN_AMOUNTS_MISMATCH,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6A para 4",
    message=_(
        "Repaid (%(repaid)s), converted (%(converted)s) and outstanding (%(outstanding)s) add "
        "up to %(sum)s, not the loan's value of %(value)s. Correct the amounts."
    ),
    applies_to=LOANS,
    field="outstanding",
)
def loan_amounts_mismatch(item: LoanInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if item.value is None:
        return None
    repaid = item.repaid or Decimal(0)
    converted = item.converted or Decimal(0)
    outstanding = item.outstanding or Decimal(0)
    added = repaid + converted + outstanding
    if added != item.value:
        return {
            "repaid": repaid,
            "converted": converted,
            "outstanding": outstanding,
            "sum": added,
            "value": item.value,
        }
    return None


@rule(
    RuleCode.LOAN_ENDED_WITH_BALANCE,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6A para 4",
    message=_(
        "The loan is marked as ended but %(outstanding)s is still outstanding. Correct the "
        "status or the amount outstanding."
    ),
    applies_to=LOANS,
    field="status",
)
def loan_ended_with_balance(item: LoanInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if item.status.strip().lower() == "ended" and (item.outstanding or 0) > 0:
        return {"outstanding": item.outstanding}
    return None


@rule(
    RuleCode.LOAN_OUTSTANDING_WITHOUT_BALANCE,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 Sch. 6A para 4",
    message=_(
        "The loan is marked as outstanding but nothing is outstanding. If it has been repaid "
        "or converted, mark it as ended."
    ),
    applies_to=LOANS,
    field="status",
)
def loan_outstanding_without_balance(
    item: LoanInput, ctx: ReturnContext, facts: GiftFacts
) -> RuleResult:
    return (
        item.status.strip().lower() == "outstanding"
        and item.value is not None
        and (item.outstanding or Decimal(0)) == 0
    )
