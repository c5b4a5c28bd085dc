"""Rule codes, the rule registry and findings.

Each rule has a stable code (``RuleCode``), a severity, a message in English with its
Welsh in the filings catalogue, the statutory reference, and a pure function over the
typed input of ``rules.inputs``. Modules declare rules with ``@rule(...)``; importing
``regulator.filings.rules`` fills ``REGISTRY``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise

from regulator.core.money import format_pounds
from regulator.filings.rules.inputs import Severity, TransactionKind


class RuleCode(StrEnum):
    # cells: checks made while reading a file
    CELL_NOT_MONEY = "cell_not_money"
    CELL_NOT_DATE = "cell_not_date"
    CELL_NOT_BOOLEAN = "cell_not_boolean"
    CELL_NOT_COMPANY_NUMBER = "cell_not_company_number"
    PUBLISHED_COMPANY_NUMBER_UNREADABLE = "published_company_number_unreadable"
    # value
    VALUE_MISSING = "value_missing"
    VALUE_NOT_POSITIVE = "value_not_positive"
    VALUE_NOT_OVER_MINIMUM = "value_not_over_minimum"
    FIGURES_NOT_IN_FORCE = "figures_not_in_force"
    ROW_OTHER_RECIPIENT = "row_other_recipient"
    # thresholds and aggregation
    BELOW_REPORTING_THRESHOLD = "below_reporting_threshold"
    AGGREGATION_NOT_FLAGGED = "aggregation_not_flagged"
    UNINCORPORATED_ASSOCIATION_OVER_REGISTRATION = "unincorporated_association_over_registration"
    # permissibility
    SOURCE_NAME_MISSING = "source_name_missing"
    SOURCE_NOT_PERMISSIBLE = "source_not_permissible"
    SOURCE_KIND_OTHER = "source_kind_other"
    SOURCE_STATUS_UNKNOWN = "source_status_unknown"
    IMPERMISSIBLE_OUTCOME_MISSING = "impermissible_outcome_missing"
    IMPERMISSIBLE_OUTCOME_LATE = "impermissible_outcome_late"
    OUTCOME_DATE_MISSING = "outcome_date_missing"
    OUTCOME_DATE_NOT_IN_LAYOUT = "outcome_date_not_in_layout"
    ELECTORAL_REGISTER_NOT_GIVEN = "electoral_register_not_given"
    ELECTORAL_REGISTER_NOT_IN_LAYOUT = "electoral_register_not_in_layout"
    INDIVIDUAL_NOT_ON_REGISTER = "individual_not_on_register"
    IRISH_SOURCE_OUTSIDE_NORTHERN_IRELAND = "irish_source_outside_northern_ireland"
    COMPANY_NUMBER_MISSING = "company_number_missing"
    COMPANY_NUMBER_NOT_IN_ROW = "company_number_not_in_row"
    COMPANY_UNKNOWN = "company_unknown"
    COMPANY_DISSOLVED = "company_dissolved"
    COMPANY_NOT_YET_INCORPORATED = "company_not_yet_incorporated"
    COMPANY_OVERSEAS = "company_overseas"
    COMPANY_DORMANT = "company_dormant"
    COMPANY_NOT_ACTIVE = "company_not_active"
    LENDER_NOT_AUTHORISED = "lender_not_authorised"
    REGISTER_UNKNOWN = "register_unknown"
    # dates and periods
    RECEIVED_DATE_MISSING = "received_date_missing"
    ACCEPTED_DATE_MISSING = "accepted_date_missing"
    RECEIVED_AFTER_ACCEPTED = "received_after_accepted"
    DATE_IN_FUTURE = "date_in_future"
    PERIOD_UNKNOWN = "period_unknown"
    DATE_AFTER_PERIOD = "date_after_period"
    DATE_BEFORE_PERIOD = "date_before_period"
    DEALT_WITH_AFTER_PERIOD = "dealt_with_after_period"
    DEALT_WITH_BEFORE_PERIOD = "dealt_with_before_period"
    # deadlines
    REPORT_LATE = "report_late"
    DONEE_REPORT_LATE = "donee_report_late"
    DONEE_DEALT_WITH_REPORT_LATE = "donee_dealt_with_report_late"
    # spending
    SPENDING_TOTAL_MISSING = "spending_total_missing"
    SPENDING_NATIONS_MISMATCH = "spending_nations_mismatch"
    SPENDING_POLL_UNKNOWN = "spending_poll_unknown"
    SPENDING_INCURRED_OUTSIDE_PERIOD = "spending_incurred_outside_period"
    SPENDING_CLAIM_LATE = "spending_claim_late"
    SPENDING_PAID_LATE = "spending_paid_late"
    SPENDING_OVER_LIMIT = "spending_over_limit"
    # documents
    SPENDING_DOCUMENT_MISSING = "spending_document_missing"
    # loans
    LOAN_RATE_MISSING = "loan_rate_missing"
    LOAN_START_MISSING = "loan_start_missing"
    LOAN_END_BEFORE_START = "loan_end_before_start"
    LOAN_REPAID_BEFORE_START = "loan_repaid_before_start"
    LOAN_AMOUNTS_MISMATCH = "loan_amounts_mismatch"
    LOAN_ENDED_WITH_BALANCE = "loan_ended_with_balance"
    LOAN_OUTSTANDING_WITHOUT_BALANCE = "loan_outstanding_without_balance"


class Scope(StrEnum):
    CELL = "cell"  # raised by the reader, not by a function here
    ROW = "row"
    RETURN = "return"


ALL_GIFTS = frozenset({TransactionKind.DONATION, TransactionKind.LOAN})
DONATIONS = frozenset({TransactionKind.DONATION})
LOANS = frozenset({TransactionKind.LOAN})
SPENDING = frozenset({TransactionKind.SPENDING})
EVERY_KIND = frozenset(TransactionKind)

# A row rule answers None/False (passes), True, or the parameters of its message.
RuleResult = bool | dict[str, Any] | None


@dataclass(frozen=True)
class Rule:
    code: RuleCode
    family: str
    severity: Severity
    reference: str
    message: Promise | str
    applies_to: frozenset[TransactionKind]
    scope: Scope
    field: str
    func: Callable[..., Any] | None
    needs_figures: bool = False
    # The kinds of source (folded DonorStatus) the rule concerns; None: every kind.
    sources: frozenset[str] | None = None
    # Fields of the item that must be filled in for the rule to have anything to say
    # (the engine skips it otherwise), and the kinds of recipient it concerns.
    needs: tuple[str, ...] = ()
    entity_types: frozenset[str] | None = None


REGISTRY: dict[RuleCode, Rule] = {}


def rule(
    code: RuleCode,
    *,
    family: str,
    severity: Severity,
    reference: str,
    message: Promise | str,
    applies_to: frozenset[TransactionKind],
    field: str = "",
    scope: Scope = Scope.ROW,
    needs_figures: bool = False,
    sources: frozenset[str] | None = None,
    needs: tuple[str, ...] = (),
    entity_types: frozenset[str] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        declare(
            Rule(
                code=code,
                family=family,
                severity=severity,
                reference=reference,
                message=message,
                applies_to=applies_to,
                scope=scope,
                field=field,
                func=func,
                needs_figures=needs_figures,
                sources=sources,
                needs=needs,
                entity_types=entity_types,
            )
        )
        return func

    return register


def declare(entry: Rule) -> Rule:
    if entry.code in REGISTRY:
        raise ValueError(f"Rule {entry.code} is declared twice")
    REGISTRY[entry.code] = entry
    return entry


def _display(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_pounds(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


@dataclass(slots=True)
class Finding:
    """One rule's verdict on one row (``row`` is the 1-based data row; None for the
    return as a whole)."""

    row: int | None
    code: RuleCode
    severity: Severity
    field: str = ""
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    @property
    def message(self) -> str:
        """In the active language."""
        template = str(REGISTRY[self.code].message)
        if not self.params:
            return template
        return template % {key: _display(value) for key, value in self.params.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "code": str(self.code),
            "severity": str(self.severity),
            "message": self.message,
        }


def finding_for(code: RuleCode, row: int | None, params: dict[str, Any] | None = None) -> Finding:
    entry = REGISTRY[code]
    return Finding(
        row=row, code=code, severity=entry.severity, field=entry.field, params=params or {}
    )
