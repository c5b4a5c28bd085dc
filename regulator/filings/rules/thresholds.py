"""Reporting thresholds and the aggregation of gifts from one source in a calendar year.

The thresholds in force on the date of receipt apply: a £9,000 gift to a central party
was reportable in 2023 (over £7,500) but not on its own in 2024 (not over £11,180).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from regulator.filings.figures import FigureCode
from regulator.filings.rules.base import ALL_GIFTS, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import GiftFacts, GiftInput, ReturnContext, Severity

FAMILY = "thresholds"

IMPERMISSIBLE_STATUSES = frozenset({"impermissible donor", "unidentifiable donor"})


def is_flagged_impermissible(item: GiftInput) -> bool:
    """An impermissible or unidentifiable gift, or one with an outcome recorded (returned,
    sent to the Commission, forfeited, deferred): reported whatever its value, and never
    counted in a source's totals."""
    return item.status_key in IMPERMISSIBLE_STATUSES or bool(item.outcome)


def is_members_association(donee_type: str) -> bool:
    folded = " ".join(donee_type.replace("-", " ").split()).lower()
    return folded in {"members association", "members associations"}


def recipient_limits(
    ctx: ReturnContext,
    day: dt.date,
    *,
    as_central: bool | None = None,
    donee_type: str | None = None,
) -> tuple[Decimal, Decimal] | None:
    """(first threshold, further-gift threshold) in force on ``day`` for the recipient of
    ``ctx``: a party's central organisation (or an accounting unit's gift treated as the
    central party's, AccountingUnitsAsCentralParty), an accounting unit, a members
    association or another regulated donee, a non-party campaigner, a permitted
    participant. Once a source has been reportable in the year, its further gifts are
    judged against the second figure (the same as the first except for a party's central
    organisation and, pending its text, a non-party campaigner)."""
    figures = ctx.figures
    entity_type = ctx.entity_type
    if entity_type == "political-party":
        if ctx.is_central or as_central:
            return (
                figures.at(FigureCode.CENTRAL_REPORTING_THRESHOLD, day),
                figures.at(FigureCode.FURTHER_GIFT_THRESHOLD, day),
            )
        unit = figures.at(FigureCode.ACCOUNTING_UNIT_THRESHOLD, day)
        return unit, unit
    if entity_type == "regulated-donee":
        code = (
            FigureCode.MEMBERS_ASSOCIATION_REPORTING_THRESHOLD
            if is_members_association(donee_type or ctx.donee_type)
            else FigureCode.DONEE_REPORTING_THRESHOLD
        )
        limit = figures.at(code, day)
        return limit, limit
    if entity_type == "third-party":
        return (
            figures.at(FigureCode.THIRD_PARTY_REPORTING_THRESHOLD, day),
            figures.at(FigureCode.THIRD_PARTY_FURTHER_GIFT_THRESHOLD, day),
        )
    if entity_type == "permitted-participant":
        limit = figures.at(FigureCode.PERMITTED_PARTICIPANT_REPORTING_THRESHOLD, day)
        return limit, limit
    return None


def thresholds_for(item: GiftInput, ctx: ReturnContext) -> tuple[Decimal, Decimal] | None:
    """``recipient_limits`` at the gift's date of receipt, for the recipient its row names."""
    day = item.date_of_receipt
    if day is None:
        return None
    return recipient_limits(
        ctx, day, as_central=item.recipient_as_central, donee_type=item.recipient_donee_type
    )


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
    reference=(
        "PPERA 2000 s.62(4) to (8) and (11), s.71M; Sch. 7 para 10(1A); Sch. 11 para 10 and "
        "Sch. 11A para 4; Sch. 15 para 10; S.I. 2023/1235 art. 4"
    ),
    message=_(
        "At %(value)s this is not over the reporting threshold of %(threshold)s in force on "
        "%(date)s, and the gifts from this source since its last reportable gift this "
        "calendar year add up to %(total)s, not over it either. It need not be reported: "
        "remove the row, or keep it if you report it voluntarily."
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
        "total": facts.group_total,
    }


@rule(
    RuleCode.AGGREGATION_NOT_FLAGGED,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.62(4)(b), s.62(7)(b) and s.71M; Sch. 7 para 10(1A)(b)",
    message=_(
        "This gift is reportable only because the gifts from this source since its last "
        "reportable gift in %(year)s add up to %(total)s, over %(threshold)s. Mark it as "
        "aggregated."
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
    return {"year": day.year, "total": facts.group_total, "threshold": facts.threshold}


@rule(
    RuleCode.UNINCORPORATED_ASSOCIATION_OVER_REGISTRATION,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.54(2)(h) and Sch. 19A para 1",
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
