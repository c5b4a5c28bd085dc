"""Where the guidance explains each rule: a rule's code to a section of published
guidance, written ``"document#anchor"`` (``guidance.types.SectionRef``).

Kept apart from the rule definitions so that adding a rule and linking it merge easily;
``tests/test_rules_guidance.py`` fails when a rule has no link here, or its section is not
in the published guidance (the guidance area's seed content, ``guidance/content.py``)."""

from __future__ import annotations

from regulator.filings.rules.base import RuleCode

DONATIONS = "donations-to-parties"
REPORTING = "party-reporting-deadlines"
SPENDING = "party-campaign-spending"
LOANS = "loans-to-parties"
DONEES = "regulated-donees-reporting"

GUIDANCE_LINKS: dict[RuleCode, str] = {
    RuleCode.CELL_NOT_MONEY: f"{REPORTING}#filing-online",
    RuleCode.CELL_NOT_DATE: f"{REPORTING}#filing-online",
    RuleCode.CELL_NOT_BOOLEAN: f"{REPORTING}#filing-online",
    RuleCode.CELL_NOT_COMPANY_NUMBER: f"{DONATIONS}#checking-company-donors",
    RuleCode.VALUE_MISSING: f"{DONATIONS}#recording-the-value",
    RuleCode.VALUE_NOT_POSITIVE: f"{DONATIONS}#recording-the-value",
    RuleCode.VALUE_NOT_OVER_MINIMUM: f"{DONATIONS}#what-is-a-donation",
    RuleCode.FIGURES_NOT_IN_FORCE: f"{DONATIONS}#reporting-thresholds",
    RuleCode.ROW_OTHER_RECIPIENT: f"{REPORTING}#filing-online",
    RuleCode.BELOW_REPORTING_THRESHOLD: f"{DONATIONS}#reporting-thresholds",
    RuleCode.AGGREGATION_NOT_FLAGGED: f"{DONATIONS}#aggregation",
    RuleCode.UNINCORPORATED_ASSOCIATION_OVER_REGISTRATION: f"{DONATIONS}#unincorporated-associations",
    RuleCode.SOURCE_NAME_MISSING: f"{DONATIONS}#who-can-give",
    RuleCode.SOURCE_NOT_PERMISSIBLE: f"{DONATIONS}#who-can-give",
    RuleCode.IMPERMISSIBLE_OUTCOME_MISSING: f"{DONATIONS}#impermissible-donations",
    RuleCode.IMPERMISSIBLE_OUTCOME_LATE: f"{DONATIONS}#impermissible-donations",
    RuleCode.OUTCOME_DATE_MISSING: f"{DONATIONS}#impermissible-donations",
    RuleCode.OUTCOME_DATE_NOT_IN_LAYOUT: f"{DONATIONS}#impermissible-donations",
    RuleCode.ELECTORAL_REGISTER_NOT_GIVEN: f"{DONATIONS}#individuals-on-the-register",
    RuleCode.ELECTORAL_REGISTER_NOT_IN_LAYOUT: f"{DONATIONS}#individuals-on-the-register",
    RuleCode.INDIVIDUAL_NOT_ON_REGISTER: f"{DONATIONS}#individuals-on-the-register",
    RuleCode.IRISH_SOURCE_OUTSIDE_NORTHERN_IRELAND: f"{DONATIONS}#irish-sources",
    RuleCode.REGISTER_UNKNOWN: f"{DONATIONS}#irish-sources",
    RuleCode.SOURCE_KIND_OTHER: f"{DONATIONS}#who-can-give",
    RuleCode.SOURCE_STATUS_UNKNOWN: f"{DONATIONS}#who-can-give",
    RuleCode.LENDER_NOT_AUTHORISED: f"{LOANS}#loan-details",
    RuleCode.PUBLISHED_COMPANY_NUMBER_UNREADABLE: f"{DONATIONS}#checking-company-donors",
    RuleCode.COMPANY_NUMBER_NOT_IN_ROW: f"{DONATIONS}#checking-company-donors",
    RuleCode.DEALT_WITH_AFTER_PERIOD: f"{DONATIONS}#impermissible-donations",
    RuleCode.DEALT_WITH_BEFORE_PERIOD: f"{DONATIONS}#impermissible-donations",
    RuleCode.DONEE_DEALT_WITH_REPORT_LATE: f"{DONEES}#donee-deadline",
    RuleCode.COMPANY_NUMBER_MISSING: f"{DONATIONS}#checking-company-donors",
    RuleCode.COMPANY_UNKNOWN: f"{DONATIONS}#checking-company-donors",
    RuleCode.COMPANY_DISSOLVED: f"{DONATIONS}#checking-company-donors",
    RuleCode.COMPANY_NOT_YET_INCORPORATED: f"{DONATIONS}#checking-company-donors",
    RuleCode.COMPANY_OVERSEAS: f"{DONATIONS}#checking-company-donors",
    RuleCode.COMPANY_DORMANT: f"{DONATIONS}#checking-company-donors",
    RuleCode.COMPANY_NOT_ACTIVE: f"{DONATIONS}#checking-company-donors",
    RuleCode.RECEIVED_DATE_MISSING: f"{REPORTING}#dates-and-periods",
    RuleCode.ACCEPTED_DATE_MISSING: f"{REPORTING}#dates-and-periods",
    RuleCode.RECEIVED_AFTER_ACCEPTED: f"{REPORTING}#dates-and-periods",
    RuleCode.DATE_IN_FUTURE: f"{REPORTING}#dates-and-periods",
    RuleCode.PERIOD_UNKNOWN: f"{REPORTING}#dates-and-periods",
    RuleCode.DATE_AFTER_PERIOD: f"{REPORTING}#dates-and-periods",
    RuleCode.DATE_BEFORE_PERIOD: f"{REPORTING}#late-reports",
    RuleCode.REPORT_LATE: f"{REPORTING}#late-reports",
    RuleCode.DONEE_REPORT_LATE: f"{DONEES}#donee-deadline",
    RuleCode.SPENDING_TOTAL_MISSING: f"{SPENDING}#amounts-by-nation",
    RuleCode.SPENDING_NATIONS_MISMATCH: f"{SPENDING}#amounts-by-nation",
    RuleCode.SPENDING_POLL_UNKNOWN: f"{SPENDING}#regulated-period",
    RuleCode.SPENDING_INCURRED_OUTSIDE_PERIOD: f"{SPENDING}#regulated-period",
    RuleCode.SPENDING_CLAIM_LATE: f"{SPENDING}#claims-and-payments",
    RuleCode.SPENDING_PAID_LATE: f"{SPENDING}#claims-and-payments",
    RuleCode.SPENDING_OVER_LIMIT: f"{SPENDING}#spending-limits",
    RuleCode.SPENDING_DOCUMENT_MISSING: f"{SPENDING}#invoices-and-receipts",
    RuleCode.LOAN_RATE_MISSING: f"{LOANS}#loan-details",
    RuleCode.LOAN_START_MISSING: f"{LOANS}#loan-details",
    RuleCode.LOAN_END_BEFORE_START: f"{LOANS}#loan-details",
    RuleCode.LOAN_REPAID_BEFORE_START: f"{LOANS}#loan-details",
    RuleCode.LOAN_AMOUNTS_MISMATCH: f"{LOANS}#loan-details",
    RuleCode.LOAN_ENDED_WITH_BALANCE: f"{LOANS}#loan-status",
    RuleCode.LOAN_OUTSTANDING_WITHOUT_BALANCE: f"{LOANS}#loan-status",
}


def guidance_link(code: str) -> str | None:
    """The ``document#anchor`` of the guidance that explains rule ``code``."""
    try:
        return GUIDANCE_LINKS.get(RuleCode(code))
    except ValueError:
        return None


def guidance_table() -> str:
    """The "Guidance for each rule" table of docs/rules.md (a test checks it)."""
    from regulator.filings.rules.base import REGISTRY

    lines = ["| code | guidance |", "|---|---|"]
    for entry in REGISTRY.values():
        ref = GUIDANCE_LINKS.get(entry.code, "")
        document, _sep, anchor = ref.partition("#")
        lines.append(f"| `{entry.code}` | [{ref}](/guidance/{document}/#{anchor}) |")
    return "\n".join(lines)
