"""The statutory figures the rules apply, looked up by the date that matters.

The figures live in the ``StatutoryFigure`` table (loaded by a data migration); a
``FigureTable`` holds them in memory so that validating 100,000 rows costs no queries.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from regulator.core.errors import RegulatorError


class FigureCode(StrEnum):
    DONATION_MINIMUM = "donation_minimum"
    CENTRAL_REPORTING_THRESHOLD = "central_reporting_threshold"
    FURTHER_GIFT_THRESHOLD = "further_gift_threshold"
    ACCOUNTING_UNIT_THRESHOLD = "accounting_unit_threshold"
    # Regulated donees (Sch. 7 para 10(1A)): members associations and every other donee.
    DONEE_REPORTING_THRESHOLD = "donee_reporting_threshold"
    MEMBERS_ASSOCIATION_REPORTING_THRESHOLD = "members_association_reporting_threshold"
    # Non-party campaigners (Sch. 11 para 10, Sch. 11A para 4, s.95B) and permitted
    # participants at referendums (Sch. 15 para 10).
    THIRD_PARTY_REPORTING_THRESHOLD = "third_party_reporting_threshold"
    THIRD_PARTY_FURTHER_GIFT_THRESHOLD = "third_party_further_gift_threshold"
    PERMITTED_PARTICIPANT_REPORTING_THRESHOLD = "permitted_participant_reporting_threshold"
    UNINCORPORATED_ASSOCIATION_REGISTRATION = "unincorporated_association_registration"
    PARTY_SPENDING_LIMIT_PER_SEAT = "party_spending_limit_per_seat"
    PARTY_SPENDING_FIXED_ENGLAND = "party_spending_fixed_england"
    PARTY_SPENDING_FIXED_SCOTLAND = "party_spending_fixed_scotland"
    PARTY_SPENDING_FIXED_WALES = "party_spending_fixed_wales"
    PARTY_SPENDING_FIXED_NORTHERN_IRELAND = "party_spending_fixed_northern_ireland"
    IMPERMISSIBLE_RETURN_DAYS = "impermissible_return_days"
    QUARTERLY_REPORT_DAYS = "quarterly_report_days"
    PREPOLL_REPORT_DAYS = "prepoll_report_days"
    THIRD_PARTY_QUARTERLY_REPORT_DAYS = "third_party_quarterly_report_days"
    DONEE_REPORT_DAYS = "donee_report_days"
    SPENDING_CLAIM_DAYS = "spending_claim_days"
    SPENDING_PAYMENT_DAYS = "spending_payment_days"
    SPENDING_REGULATED_PERIOD_DAYS = "spending_regulated_period_days"
    SPENDING_RETURN_MONTHS = "spending_return_months"
    SPENDING_RETURN_MONTHS_AUDITED = "spending_return_months_audited"
    SPENDING_AUDIT_THRESHOLD = "spending_audit_threshold"
    ACCOUNTS_REPORT_MONTHS = "accounts_report_months"
    ACCOUNTS_REPORT_MONTHS_AUDITED = "accounts_report_months_audited"
    ACCOUNTS_AUDITED_DELIVERY_DAYS = "accounts_audited_delivery_days"
    ACCOUNTS_AUDIT_THRESHOLD = "accounts_audit_threshold"
    # A non-party campaigner's duty to notify (s.94(5), s.88A): read by the guidance
    # area's step-by-step answer.
    NPC_NOTIFICATION_ENGLAND = "npc_notification_england"
    NPC_NOTIFICATION_OTHER = "npc_notification_other"
    NPC_ELIGIBILITY_UK = "npc_eligibility_uk"


class FigureNotInForceError(RegulatorError):
    code = "figure_not_in_force"


@dataclass(frozen=True, slots=True)
class Figure:
    code: str
    value: Decimal
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    verified: bool


class FigureTable:
    """All figures, in memory, answering ``at(code, date)`` by bisection."""

    def __init__(self, figures: Iterable[Figure]) -> None:
        by_code: dict[str, list[Figure]] = {}
        for figure in figures:
            by_code.setdefault(figure.code, []).append(figure)
        self._figures = {
            code: sorted(items, key=lambda f: f.effective_from) for code, items in by_code.items()
        }
        self._starts = {
            code: [f.effective_from for f in items] for code, items in self._figures.items()
        }
        self._cache: dict[str, dict[dt.date, Decimal]] = {}

    def figure(self, code: str, on: dt.date) -> Figure:
        items = self._figures.get(code)
        if not items:
            raise FigureNotInForceError(f"No statutory figure {code!r} is known.")
        index = bisect.bisect_right(self._starts[code], on) - 1
        if index < 0:
            raise FigureNotInForceError(f"No statutory figure {code!r} was in force on {on}.")
        found = items[index]
        if found.effective_to is not None and on > found.effective_to:
            raise FigureNotInForceError(f"No statutory figure {code!r} was in force on {on}.")
        return found

    def at(self, code: str, on: dt.date) -> Decimal:
        by_date = self._cache.get(code)
        if by_date is None:
            by_date = self._cache[code] = {}
        cached = by_date.get(on)
        if cached is None:
            cached = by_date[on] = self.figure(code, on).value
        return cached

    def days(self, code: str, on: dt.date) -> int:
        return int(self.at(code, on))
