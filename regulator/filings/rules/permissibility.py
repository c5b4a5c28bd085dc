"""Permissibility: who may give to whom, checked at the date of receipt.

A company must be live in the Companies House snapshot on the date of receipt (not only
today): dissolved then is an error, dormant or unknown a warning. Recipients in Northern
Ireland may also take gifts from certain Irish sources (IsIrishSource), which these rules
never call impermissible.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from regulator.filings.figures import FigureCode
from regulator.filings.rules.base import ALL_GIFTS, LOANS, RuleCode, RuleResult, rule
from regulator.filings.rules.inputs import (
    CompanyFacts,
    GiftFacts,
    GiftInput,
    Layout,
    ReturnContext,
    Severity,
)

FAMILY = "permissibility"

# Permissible sources by kind of recipient, as the published DonorStatus names them.
_COMMON = frozenset(
    {
        "individual",
        "company",
        "trade union",
        "building society",
        "limited liability partnership",
        "friendly society",
        "unincorporated association",
        "trust",
        "public fund",
    }
)
PERMISSIBLE_SOURCES: dict[str, frozenset[str]] = {
    "political-party": _COMMON | {"registered political party"},
    "regulated-donee": _COMMON | {"registered political party"},
    "permitted-participant": _COMMON | {"registered political party"},
    # The domain notes: a registered party is not a permissible source for a non-party
    # campaigner.
    "third-party": _COMMON,
}
IMPERMISSIBLE_OR_UNIDENTIFIED = frozenset({"impermissible donor", "unidentifiable donor"})
# "Other" in the published value set does not say which kind of source gave: the
# Commission publishes accepted gifts under it (a trust, public funds paid by the House of
# Commons, an association). It is not called impermissible; ``source_kind_other`` asks
# for the kind instead.
OTHER = frozenset({"other"})
OUTCOMES = frozenset({"returned", "forfeited", "sent to the commission", "deferred"})
NOT_ACTIVE_STATUSES = ("liquidation", "administration", "receivership", "strike off")


COMPANIES = frozenset({"company", "limited liability partnership"})
INDIVIDUALS = frozenset({"individual"})


def _status(item: GiftInput) -> str:
    return item.status_key


def register_of(item: GiftInput, ctx: ReturnContext) -> str:
    """The recipient's register as the row (the Commission's RegisterName) or the return
    says: great-britain, northern-ireland, or "" when neither says (never assumed)."""
    return "-".join((item.register or ctx.register or "").lower().split())


def irish_source_allowed(item: GiftInput, ctx: ReturnContext) -> bool:
    """A gift marked as from an Irish source that the rules do not call impermissible: the
    recipient is in Northern Ireland, or its register is not known (then
    ``register_unknown`` asks for it instead of assuming Great Britain)."""
    if not item.is_irish_source:
        return False
    return register_of(item, ctx) in {"northern-ireland", ""}


def _has_outcome(item: GiftInput) -> bool:
    return item.outcome.strip().lower() in OUTCOMES


def _company_date(item: GiftInput) -> dt.date | None:
    return item.date_of_receipt


def _company(item: GiftInput, ctx: ReturnContext) -> CompanyFacts | None:
    if item.status_key not in COMPANIES or not item.company_number:
        return None
    if irish_source_allowed(item, ctx):
        return None
    return ctx.companies.get(item.company_number)


@rule(
    RuleCode.SOURCE_NAME_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Sch. 6 para 2 and Sch. 6A",
    message=_("Enter the name of the donor or lender."),
    applies_to=ALL_GIFTS,
    field="source_name",
)
def source_name_missing(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return not item.source_name.strip() and _status(item) != "unidentifiable donor"


@rule(
    RuleCode.SOURCE_NOT_PERMISSIBLE,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.54 and s.56",
    message=_(
        "A source of the kind “%(status)s” may not give to this recipient. Return the gift "
        "within 30 days of receipt and record the outcome and its date."
    ),
    applies_to=ALL_GIFTS,
    field="source_status",
)
def source_not_permissible(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    status = _status(item)
    if not status or status in IMPERMISSIBLE_OR_UNIDENTIFIED or _has_outcome(item):
        return None
    if irish_source_allowed(item, ctx) or status in OTHER:
        return None
    allowed = PERMISSIBLE_SOURCES.get(ctx.entity_type, _COMMON)
    if status not in allowed:
        return {"status": item.source_status.strip()}
    return None


@rule(
    RuleCode.SOURCE_KIND_OTHER,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.54(2) and Sch. 6 para 2",
    message=_(
        "The kind of source is “Other”, which the law does not name. Say which kind of "
        "permissible source it is (for example a trust, a public fund or an unincorporated "
        "association); if it is none of them, return the gift within 30 days of receipt."
    ),
    applies_to=ALL_GIFTS,
    field="source_status",
    sources=OTHER,
)
def source_kind_other(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return _status(item) in OTHER and not _has_outcome(item)


@rule(
    RuleCode.IMPERMISSIBLE_OUTCOME_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.56(2)",
    message=_(
        "This gift is from an impermissible or unidentifiable source. Record what happened to "
        "it: returned to the donor, or sent to the Commission if the donor cannot be "
        "identified."
    ),
    applies_to=ALL_GIFTS,
    field="outcome",
    sources=IMPERMISSIBLE_OR_UNIDENTIFIED,
)
def impermissible_outcome_missing(
    item: GiftInput, ctx: ReturnContext, facts: GiftFacts
) -> RuleResult:
    return _status(item) in IMPERMISSIBLE_OR_UNIDENTIFIED and not _has_outcome(item)


@rule(
    RuleCode.IMPERMISSIBLE_OUTCOME_LATE,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.56(2) and s.56(3)",
    message=_(
        "The gift was received on %(received)s but dealt with on %(outcome_date)s, outside "
        "the %(days)s days beginning with the day it was received. Check the dates; a gift "
        "kept longer counts as accepted."
    ),
    applies_to=ALL_GIFTS,
    field="outcome_date",
    needs_figures=True,
    needs=("outcome", "outcome_date"),
)
def impermissible_outcome_late(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    received = item.date_of_receipt
    if not _has_outcome(item) or item.outcome_date is None or received is None:
        return None
    days = ctx.figures.days(FigureCode.IMPERMISSIBLE_RETURN_DAYS, received)
    # "Within the period of 30 days beginning with" the date of receipt: that date is
    # day 1, so the last day is the 29th after it.
    if (item.outcome_date - received).days >= days:
        return {"received": received, "outcome_date": item.outcome_date, "days": days}
    return None


@rule(
    RuleCode.OUTCOME_DATE_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.56(2)",
    message=_("Enter the date the gift was returned or sent to the Commission."),
    applies_to=ALL_GIFTS,
    field="outcome_date",
    needs=("outcome",),
)
def outcome_date_missing(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return (
        ctx.layout != Layout.COMMISSION
        and _has_outcome(item)
        and item.outcome.strip().lower() != "deferred"
        and item.outcome_date is None
    )


@rule(
    RuleCode.OUTCOME_DATE_NOT_IN_LAYOUT,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.56(2)",
    message=_(
        "The Commission's layout has no column for the date the gift was returned, so we "
        "cannot check the 30-day limit. Give the date when you file, or use our template."
    ),
    applies_to=ALL_GIFTS,
    field="outcome_date",
    needs=("outcome",),
)
def outcome_date_not_in_layout(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return ctx.layout == Layout.COMMISSION and _has_outcome(item)


@rule(
    RuleCode.ELECTORAL_REGISTER_NOT_GIVEN,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.54(2)(a)",
    message=_("Say whether the donor was on a UK electoral register on the date of receipt."),
    applies_to=ALL_GIFTS,
    field="on_electoral_register",
    sources=INDIVIDUALS,
)
def electoral_register_not_given(
    item: GiftInput, ctx: ReturnContext, facts: GiftFacts
) -> RuleResult:
    return (
        ctx.layout != Layout.COMMISSION
        and _status(item) == "individual"
        and item.on_electoral_register is None
        and not irish_source_allowed(item, ctx)
    )


@rule(
    RuleCode.ELECTORAL_REGISTER_NOT_IN_LAYOUT,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.54(2)(a)",
    message=_(
        "The Commission's layout has no electoral register column, so we cannot check that "
        "this individual was on a UK electoral register. Check it before you submit."
    ),
    applies_to=ALL_GIFTS,
    field="on_electoral_register",
    sources=INDIVIDUALS,
)
def electoral_register_not_in_layout(
    item: GiftInput, ctx: ReturnContext, facts: GiftFacts
) -> RuleResult:
    return (
        ctx.layout == Layout.COMMISSION
        and _status(item) == "individual"
        and item.on_electoral_register is None
        and not irish_source_allowed(item, ctx)
    )


@rule(
    RuleCode.INDIVIDUAL_NOT_ON_REGISTER,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.54(2)(a) and s.56",
    message=_(
        "An individual who is not on a UK electoral register may not give. Return the gift "
        "within 30 days of receipt and record the outcome and its date."
    ),
    applies_to=ALL_GIFTS,
    field="on_electoral_register",
    sources=INDIVIDUALS,
)
def individual_not_on_register(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return (
        _status(item) == "individual"
        and item.on_electoral_register is False
        and not irish_source_allowed(item, ctx)
        and not _has_outcome(item)
    )


@rule(
    RuleCode.IRISH_SOURCE_OUTSIDE_NORTHERN_IRELAND,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.71A and s.71B",
    message=_(
        "Irish sources may give only to recipients in Northern Ireland. Check the donor, "
        "or return the gift within 30 days and record the outcome."
    ),
    applies_to=ALL_GIFTS,
    field="is_irish_source",
    needs=("is_irish_source",),
)
def irish_source_outside_northern_ireland(
    item: GiftInput, ctx: ReturnContext, facts: GiftFacts
) -> RuleResult:
    return (
        bool(item.is_irish_source)
        and not irish_source_allowed(item, ctx)
        and not _has_outcome(item)
    )


@rule(
    RuleCode.REGISTER_UNKNOWN,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.71A and s.71B (Irish sources, Northern Ireland recipients)",
    message=_(
        "We do not know whether the recipient is on the Great Britain or the Northern "
        "Ireland register, so we cannot tell whether this gift from an Irish source is "
        "permissible. Ask the Commission to complete the register entry before you submit."
    ),
    applies_to=ALL_GIFTS,
    field="is_irish_source",
    needs=("is_irish_source",),
)
def register_unknown(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return bool(item.is_irish_source) and register_of(item, ctx) == "" and not _has_outcome(item)


# Who may lend: a loan, credit facility or security to a party is a regulated transaction
# (Part 4A, s.71F) that only an "authorised participant" may enter into, the permissible
# donors of s.54(2) (s.71H); the same for regulated donees (Sch. 7A). A trust may donate
# (an exempt trust donation, s.162) and a payment out of public funds counts as a
# donation from a permissible donor (s.54), but neither is in the list of s.54(2): they
# may not lend.
AUTHORISED_LENDERS = frozenset(
    {
        "individual",
        "company",
        "registered political party",
        "trade union",
        "building society",
        "limited liability partnership",
        "friendly society",
        "unincorporated association",
    }
)


@rule(
    RuleCode.LENDER_NOT_AUTHORISED,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 Part 4A (s.71F and s.71H) and s.54(2); Sch. 7A (regulated donees)",
    message=_(
        "A source of the kind “%(status)s” may give but may not lend: only an individual on "
        "a UK electoral register, a company, a registered party, a trade union, a building "
        "society, a limited liability partnership, a friendly society or an unincorporated "
        "association may make a loan. Repay the loan and record what you did."
    ),
    applies_to=LOANS,
    field="source_status",
)
def lender_not_authorised(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    status = _status(item)
    if not status or status in AUTHORISED_LENDERS or _has_outcome(item):
        return None
    if status in IMPERMISSIBLE_OR_UNIDENTIFIED or irish_source_allowed(item, ctx):
        return None
    # Sources that may not give either are ``source_not_permissible``'s to report.
    if status not in PERMISSIBLE_SOURCES.get(ctx.entity_type, _COMMON):
        return None
    return {"status": item.source_status.strip()}


@rule(
    RuleCode.COMPANY_NUMBER_MISSING,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.54(2)(b) and Sch. 6 para 2(4)(c)",
    message=_("Enter the company's registration number at Companies House, for example 01234567."),
    applies_to=ALL_GIFTS,
    field="company_number",
    sources=COMPANIES,
)
def company_number_missing(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return ctx.layout != Layout.COMMISSION and _company_without_number(item, ctx)


def _company_without_number(item: GiftInput, ctx: ReturnContext) -> bool:
    return (
        _status(item) in {"company", "limited liability partnership"}
        and not item.company_number
        and not irish_source_allowed(item, ctx)
    )


@rule(
    RuleCode.COMPANY_NUMBER_NOT_IN_ROW,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.54(2)(b) and Sch. 6 para 2(4)(c)",
    message=_(
        "This published row names a company or limited liability partnership but gives no "
        "company number, so we cannot check it at Companies House. Give the number when you "
        "file."
    ),
    applies_to=ALL_GIFTS,
    field="company_number",
    sources=COMPANIES,
)
def company_number_not_in_row(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    return ctx.layout == Layout.COMMISSION and _company_without_number(item, ctx)


@rule(
    RuleCode.COMPANY_UNKNOWN,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.54(2)(b)",
    message=_(
        "We cannot find company %(number)s in the Companies House data. Check the number: "
        "a company must be registered in the UK to give."
    ),
    applies_to=ALL_GIFTS,
    field="company_number",
    sources=COMPANIES,
    needs=("company_number",),
)
def company_unknown(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    if _status(item) not in {"company", "limited liability partnership"}:
        return None
    if not item.company_number or irish_source_allowed(item, ctx):
        return None
    if item.company_number not in ctx.companies:
        return {"number": item.company_number}
    return None


@rule(
    RuleCode.COMPANY_DISSOLVED,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.54(2)(b) and s.56",
    message=_(
        "Company %(number)s was dissolved on %(dissolved)s, before the gift was received on "
        "%(received)s, so it could not give. Return the gift and record the outcome."
    ),
    applies_to=ALL_GIFTS,
    field="company_number",
    sources=COMPANIES,
    needs=("company_number",),
)
def company_dissolved(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    company = _company(item, ctx)
    received = _company_date(item)
    if company is None or received is None or _has_outcome(item):
        return None
    dissolved = company.dissolved_on
    if dissolved is not None and dissolved <= received:
        return {"number": company.number, "dissolved": dissolved, "received": received}
    return None


@rule(
    RuleCode.COMPANY_NOT_YET_INCORPORATED,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.54(2)(b)",
    message=_(
        "Company %(number)s was incorporated on %(incorporated)s, after the gift was received "
        "on %(received)s. Check the company number and the date of receipt."
    ),
    applies_to=ALL_GIFTS,
    field="company_number",
    sources=COMPANIES,
    needs=("company_number",),
)
def company_not_yet_incorporated(
    item: GiftInput, ctx: ReturnContext, facts: GiftFacts
) -> RuleResult:
    company = _company(item, ctx)
    received = _company_date(item)
    if company is None or received is None or company.incorporated_on is None:
        return None
    if company.incorporated_on > received:
        return {
            "number": company.number,
            "incorporated": company.incorporated_on,
            "received": received,
        }
    return None


@rule(
    RuleCode.COMPANY_OVERSEAS,
    family=FAMILY,
    severity=Severity.ERROR,
    reference="PPERA 2000 s.54(2)(b)",
    message=_(
        "Company %(number)s is registered in %(country)s, not the UK, so it may not give. "
        "Return the gift and record the outcome."
    ),
    applies_to=ALL_GIFTS,
    field="company_number",
    sources=COMPANIES,
    needs=("company_number",),
)
def company_overseas(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    company = _company(item, ctx)
    if company is None or _has_outcome(item):
        return None
    country = company.country_of_origin.strip()
    overseas_category = "overseas" in company.category.lower()
    if overseas_category or (country and country.lower() not in {"united kingdom", "uk"}):
        return {"number": company.number, "country": country or company.category}
    return None


@rule(
    RuleCode.COMPANY_DORMANT,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.54(2)(b)",
    message=_(
        "Company %(number)s files dormant accounts, so it may not be carrying on business in "
        "the UK. Check that it was before you accept the gift."
    ),
    applies_to=ALL_GIFTS,
    field="company_number",
    sources=COMPANIES,
    needs=("company_number",),
)
def company_dormant(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    company = _company(item, ctx)
    if company is None:
        return None
    if "dormant" in company.accounts_category.lower() or "dormant" in company.status.lower():
        return {"number": company.number}
    return None


@rule(
    RuleCode.COMPANY_NOT_ACTIVE,
    family=FAMILY,
    severity=Severity.WARNING,
    reference="PPERA 2000 s.54(2)(b)",
    message=_(
        "Companies House lists company %(number)s as “%(status)s”. Check that it was carrying "
        "on business in the UK on the date of receipt."
    ),
    applies_to=ALL_GIFTS,
    field="company_number",
    sources=COMPANIES,
    needs=("company_number",),
)
def company_not_active(item: GiftInput, ctx: ReturnContext, facts: GiftFacts) -> RuleResult:
    company = _company(item, ctx)
    if company is None:
        return None
    status = company.status.lower()
    if status == "dissolved" and company.dissolved_on is None:
        # Dissolved on a date the snapshot does not give: it may have been live then.
        return {"number": company.number, "status": company.status}
    if any(word in status for word in NOT_ACTIVE_STATUSES):
        return {"number": company.number, "status": company.status}
    return None
