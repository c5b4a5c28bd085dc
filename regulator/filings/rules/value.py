"""Value rules: is it a donation or regulated loan at all, and is it this report's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from regulator.filings.figures import FigureCode, FigureNotInForceError
from regulator.filings.rules.base import ALL_GIFTS, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import GiftFacts, GiftInput, ReturnContext, Severity

FAMILY = "value"


@rule(
    RuleCode.VALUE_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.62(13) and Sch. 6 para 2",
    message=_("Enter the value of the donation or loan in pounds, for example 2500.00."),
    applies_to=ALL_GIFTS,
    field="value",
)
def value_missing(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return item.value is None


@rule(
    RuleCode.VALUE_NOT_POSITIVE,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.50",
    message=_("The value %(value)s must be more than £0. Enter the amount given."),
    applies_to=ALL_GIFTS,
    field="value",
)
def value_not_positive(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if item.value is not None and item.value <= 0:
        return {"value": item.value}
    return None


@rule(
    RuleCode.FIGURES_NOT_IN_FORCE,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.52 and S.I. 2023/1235",
    message=_(
        "We hold no statutory thresholds for %(date)s. Check the date of receipt: "
        "this service takes gifts received from 1 January 2010."
    ),
    applies_to=ALL_GIFTS,
    field="received",
)
def figures_not_in_force(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    day = item.date_of_receipt
    if day is None:
        return None
    try:
        ctx.figures.at(FigureCode.DONATION_MINIMUM, day)
    except FigureNotInForceError:
        return {"date": day}
    return None


@rule(
    RuleCode.VALUE_NOT_OVER_MINIMUM,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.52(2)(b)",
    message=_(
        "At %(value)s this is not over %(minimum)s, so it is not a donation or a regulated "
        "loan under the law and need not be reported. Remove the row unless you mean to "
        "report it."
    ),
    applies_to=ALL_GIFTS,
    field="value",
    needs_figures=True,
)
def value_not_over_minimum(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    day = item.date_of_receipt
    if item.value is None or item.value <= 0 or day is None:
        return None
    minimum = ctx.figures.at(FigureCode.DONATION_MINIMUM, day)
    if item.value <= minimum:
        return {"value": item.value, "minimum": minimum}
    return None


ENTITY_TYPE_LABELS = {
    "political party": "political-party",
    "third party": "third-party",
    "regulated donee": "regulated-donee",
    "permitted participant": "permitted-participant",
}


@rule(
    RuleCode.ROW_OTHER_RECIPIENT,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.62",
    message=_(
        "This row is for %(recipient)s, not for the recipient of this report. Remove it, "
        "or report it on that recipient's own report."
    ),
    applies_to=ALL_GIFTS,
    field="recipient",
)
def row_other_recipient(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if item.recipient_entity_type:
        entity_type = ENTITY_TYPE_LABELS.get(item.recipient_entity_type.strip().lower())
        if entity_type and entity_type != ctx.entity_type:
            return {"recipient": item.recipient_entity_type}
    unit = (item.recipient_accounting_unit or "").strip()
    if unit and ctx.entity_type == "political-party":
        row_is_central = unit.lower() == "central party" or bool(item.recipient_as_central)
        if ctx.is_central and not row_is_central:
            return {"recipient": unit}
        if not ctx.is_central and unit.lower() != ctx.accounting_unit.strip().lower():
            return {"recipient": unit}
    return None
