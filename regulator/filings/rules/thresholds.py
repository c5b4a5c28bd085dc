"""Reporting thresholds and the aggregation of gifts from one source in a calendar year.

The thresholds in force on the date of receipt apply: a £9,000 gift to a central party
was reportable in 2023 (over £7,500) but not on its own in 2024 (not over £11,180).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from regulator.filings.figures import FigureCode
from regulator.filings.rules.base import ALL_GIFTS, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import GiftFacts, GiftInput, ReturnContext, Severity

FAMILY = "thresholds"

IMPERMISSIBLE_STATUSES = frozenset({"impermissible donor", "unidentifiable donor"})


def is_flagged_impermissible(item: GiftInput) -> bool:
    return item.status_key in IMPERMISSIBLE_STATUSES or bool(item.outcome)


def thresholds_for(item: GiftInput, ctx: ReturnContext) -> tuple[Decimal, Decimal] | None:
    """(first threshold, further-gift threshold) in force at the date of receipt for this
    recipient, or None where no reporting threshold applies."""
    day = item.date_of_receipt
    if day is None:
        return None
    figures = ctx.figures
    if ctx.entity_type == "political-party":
        if ctx.is_central or item.recipient_as_central:
            return (
                figures.at(FigureCode.CENTRAL_REPORTING_THRESHOLD, day),
                figures.at(FigureCode.FURTHER_GIFT_THRESHOLD, day),
            )
        unit = figures.at(FigureCode.ACCOUNTING_UNIT_THRESHOLD, day)
        return unit, unit
    if ctx.entity_type == "regulated-donee":
        unit = figures.at(FigureCode.ACCOUNTING_UNIT_THRESHOLD, day)
        return unit, unit
    return None


def reportability(
    item: GiftInput,
    limits: tuple[Decimal, Decimal] | None,
    total_before: Decimal,
    year_total: Decimal,
) -> tuple[bool, bool, Decimal | None]:
    """(reportable, only because of the year's total, the threshold that applied), given
    the thresholds in force at the date of receipt (``thresholds_for``). The engine works
    this out once per gift (``GiftFacts``) for the rules below."""
    if limits is None or item.value is None:
        return True, False, None
    first, further = limits
    if item.value > first:
        return True, False, first
    if total_before > first:
        # The source was reportable earlier in the year: further gifts over the lower
        # threshold are reportable on their own.
        return item.value > further, False, further
    if year_total > first:
        return True, True, first
    return False, False, first


def _counts(item: GiftInput, ctx: ReturnContext) -> bool:
    """A gift the thresholds speak about: a value over the minimum, not impermissible."""
    if item.value is None or item.value <= 0 or is_flagged_impermissible(item):
        return False
    day = item.date_of_receipt
    return day is not None and item.value > ctx.figures.at(FigureCode.DONATION_MINIMUM, day)


@rule(
    RuleCode.BELOW_REPORTING_THRESHOLD,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 Sch. 6 para 2 and Sch. 7 para 10; S.I. 2023/1235",
    message=_(
        "At %(value)s this is not over the reporting threshold of %(threshold)s in force on "
        "%(date)s, and the gifts from this source in the calendar year total %(total)s. It "
        "need not be reported: remove the row, or keep it if you report it voluntarily."
    ),
    applies_to=ALL_GIFTS,
    field="value",
    needs_figures=True,
)
def below_reporting_threshold(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if facts.reportable or not _counts(item, ctx):
        return None
    return {
        "value": item.value,
        "threshold": facts.threshold,
        "date": item.date_of_receipt,
        "total": facts.year_total,
    }


@rule(
    RuleCode.AGGREGATION_NOT_FLAGGED,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 Sch. 6 para 2(2)",
    message=_(
        "This gift is reportable only because the gifts from this source in %(year)s add up "
        "to %(total)s, over %(threshold)s. Mark it as aggregated."
    ),
    applies_to=ALL_GIFTS,
    field="is_aggregation",
    needs_figures=True,
)
def aggregation_not_flagged(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if item.is_aggregation or not facts.aggregated or not _counts(item, ctx):
        return None
    day = item.date_of_receipt
    assert day is not None
    return {"year": day.year, "total": facts.year_total, "threshold": facts.threshold}


@rule(
    RuleCode.UNINCORPORATED_ASSOCIATION_OVER_REGISTRATION,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.54(2)(h) and Sch. 19A",
    message=_(
        "This unincorporated association has given %(total)s in %(year)s, over %(threshold)s. "
        "Check that it has registered with the Commission before you accept more from it."
    ),
    applies_to=ALL_GIFTS,
    field="source_status",
    needs_figures=True,
    sources=frozenset({"unincorporated association"}),
)
def unincorporated_association_over_registration(
    item: GiftInput, ctx: ReturnContext, facts: GiftFacts
) -> RuleResult:
    day = item.date_of_receipt
    if day is None or item.value is None:
        return None
    threshold = ctx.figures.at(FigureCode.UNINCORPORATED_ASSOCIATION_REGISTRATION, day)
    if facts.year_total > threshold:
        return {"total": facts.year_total, "year": day.year, "threshold": threshold}
    return None
