"""Every rule on both sides of its threshold (and, where a figure changed, of its
effective date). The meta-tests at the end fail when a registered rule has no case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from regulator.filings.parsing import read_transactions
from regulator.filings.rules import REGISTRY, RuleCode, validate
from regulator.filings.rules.inputs import (
    CompanyFacts,
    Layout,
    Nation,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.filings.tests.factories import context, donation, loan, spending

pytestmark = pytest.mark.django_db

D = Decimal
C = RuleCode


def check(*items: Any, **ctx: Any) -> set[RuleCode]:
    return {finding.code for finding in validate(list(items), context(**ctx))}


def cells(line: str) -> set[RuleCode]:
    header = "DonorName,DonorStatus,CompanyRegistrationNumber,OnElectoralRegister,IsIrishSource,Value,DonationType,NatureOfDonation,ReceivedDate,AcceptedDate,IsAggregation,DonationAction,ActionDate,ReportingPeriodName"
    parsed = read_transactions((header + "\n" + line + "\n").encode(), TransactionKind.DONATION)
    return {finding.code for finding in parsed.findings}


def published_cells(cells_of: dict[str, str]) -> set[RuleCode]:
    """The findings of reading one row of the Commission's published layout."""
    from regulator.finance.types import DONATION_COLUMNS

    row = dict.fromkeys(DONATION_COLUMNS, "")
    row.update(cells_of)
    line = ",".join(row[column] for column in DONATION_COLUMNS)
    parsed = read_transactions(
        (",".join(DONATION_COLUMNS) + "\n" + line + "\n").encode(), TransactionKind.DONATION
    )
    return {finding.code for finding in parsed.findings}


GOOD_ROW = "Jane Donor,Individual,,True,False,£20000.00,Cash,,10/02/2025,12/02/2025,False,,,Q1 2025"


def company(**fields: Any) -> dict[str, CompanyFacts]:
    values: dict[str, Any] = {
        "number": "01234567",
        "name": "ACME LIMITED",
        "status": "Active",
        "category": "Private Limited Company",
        "country_of_origin": "United Kingdom",
        "accounts_category": "FULL",
        "incorporated_on": dt.date(2001, 1, 1),
        "dissolved_on": None,
    }
    values.update(fields)
    return {values["number"]: CompanyFacts(**values)}


def company_gift(received: dt.date = dt.date(2025, 2, 10), **fields: Any) -> Any:
    values: dict[str, Any] = {
        "source_status": "Company",
        "source_name": "ACME LIMITED",
        "company_number": "01234567",
        "on_electoral_register": None,
        "received": received,
        "accepted": received,
    }
    values.update(fields)
    return donation(**values)


def in_2023(**fields: Any) -> Any:
    values: dict[str, Any] = {
        "received": dt.date(2023, 6, 1),
        "accepted": dt.date(2023, 6, 2),
        "period_name": "Q2 2023",
    }
    return donation(**{**values, **fields})


def in_2024(**fields: Any) -> Any:
    values: dict[str, Any] = {
        "received": dt.date(2024, 6, 1),
        "accepted": dt.date(2024, 6, 2),
        "period_name": "Q2 2024",
    }
    return donation(**{**values, **fields})


def returned(day: dt.date | None, **fields: Any) -> Any:
    """An impermissible gift received in Q1 2025 and returned on ``day`` (no acceptance)."""
    values: dict[str, Any] = {
        "source_status": "Impermissible Donor",
        "donation_type": "Impermissible Donor",
        "accepted": None,
        "received": dt.date(2025, 3, 10),
        "outcome": "Returned",
        "outcome_date": day,
        "on_electoral_register": None,
    }
    return donation(**{**values, **fields})


def donee_returned() -> Any:
    return donation(
        period_name="",
        source_status="Impermissible Donor",
        accepted=None,
        received=dt.date(2025, 2, 10),
        outcome="Returned",
        outcome_date=dt.date(2025, 2, 20),
        on_electoral_register=None,
    )


T2023 = {"today": dt.date(2023, 7, 15)}
T2024 = {"today": dt.date(2024, 7, 15)}
SPEND = {"kind": TransactionKind.SPENDING, "today": dt.date(2024, 8, 1)}
POLL_2024 = dt.date(2024, 7, 4)
LOANS = {"kind": TransactionKind.LOAN}

Case = tuple[Callable[[], set[RuleCode]], Callable[[], set[RuleCode]]]

# code: (a case on the side where it must not fire, a case on the side where it must)
BOTH_SIDES: dict[RuleCode, Case] = {
    C.CELL_NOT_MONEY: (
        lambda: cells(GOOD_ROW),
        lambda: cells(GOOD_ROW.replace("£20000.00", "twenty grand")),
    ),
    C.CELL_NOT_DATE: (
        lambda: cells(GOOD_ROW),
        lambda: cells(GOOD_ROW.replace("10/02/2025", "31/02/2025")),
    ),
    C.CELL_NOT_BOOLEAN: (
        lambda: cells(GOOD_ROW),
        lambda: cells(GOOD_ROW.replace("True,False", "Perhaps,False")),
    ),
    C.CELL_NOT_COMPANY_NUMBER: (
        # The Commission's " ?" after a number it could not verify is read without it.
        lambda: cells(GOOD_ROW.replace("Individual,,", "Company,01888633 ?,")),
        lambda: cells(GOOD_ROW.replace("Individual,,", "Company,342596345,")),
    ),
    # In the Commission's published layout the same cell is the published record: a
    # warning.
    C.PUBLISHED_COMPANY_NUMBER_UNREADABLE: (
        lambda: cells(GOOD_ROW.replace("Individual,,", "Company,342596345,")),
        lambda: published_cells(
            {"DonorStatus": "Company", "CompanyRegistrationNumber": "342596345"}
        ),
    ),
    C.COMPANY_NUMBER_NOT_IN_ROW: (
        lambda: check(company_gift(company_number=""), companies=company()),
        lambda: check(
            company_gift(company_number=""), companies=company(), layout=Layout.COMMISSION
        ),
    ),
    C.SOURCE_KIND_OTHER: (
        lambda: check(donation(source_status="Trust", on_electoral_register=None)),
        lambda: check(donation(source_status="Other", on_electoral_register=None)),
    ),
    C.VALUE_MISSING: (lambda: check(donation()), lambda: check(donation(value=None))),
    C.VALUE_NOT_POSITIVE: (
        lambda: check(donation(value=D("0.01"))),
        lambda: check(donation(value=D("0.00"))),
    ),
    C.FIGURES_NOT_IN_FORCE: (
        lambda: check(
            donation(
                received=dt.date(2010, 1, 1), accepted=dt.date(2010, 1, 2), period_name="Q1 2010"
            ),
            today=dt.date(2010, 4, 1),
        ),
        lambda: check(
            donation(
                received=dt.date(2009, 12, 31), accepted=dt.date(2010, 1, 2), period_name="Q1 2010"
            ),
            today=dt.date(2010, 4, 1),
        ),
    ),
    C.VALUE_NOT_OVER_MINIMUM: (
        lambda: check(donation(value=D("500.01"))),
        lambda: check(donation(value=D("500.00"))),
    ),
    C.ROW_OTHER_RECIPIENT: (
        lambda: check(
            donation(
                recipient_accounting_unit="Central Party", recipient_entity_type="Political Party"
            )
        ),
        lambda: check(
            donation(
                recipient_accounting_unit="Bristol West", recipient_entity_type="Political Party"
            )
        ),
    ),
    # The example: £9,000 to a central party, reportable in 2023, not in 2024.
    C.BELOW_REPORTING_THRESHOLD: (
        lambda: check(in_2023(value=D("9000")), **T2023),
        lambda: check(in_2024(value=D("9000")), **T2024),
    ),
    C.AGGREGATION_NOT_FLAGGED: (
        lambda: check(
            in_2023(row=1, value=D("4000"), is_aggregation=True),
            in_2023(row=2, value=D("4000"), is_aggregation=True),
            **T2023,
        ),
        lambda: check(in_2023(row=1, value=D("4000")), in_2023(row=2, value=D("4000")), **T2023),
    ),
    C.UNINCORPORATED_ASSOCIATION_OVER_REGISTRATION: (
        lambda: check(
            in_2024(
                value=D("30000"),
                source_status="Unincorporated Association",
                on_electoral_register=None,
            ),
            **T2024,
        ),
        lambda: check(
            in_2023(
                value=D("30000"),
                source_status="Unincorporated Association",
                on_electoral_register=None,
            ),
            **T2023,
        ),
    ),
    C.SOURCE_NAME_MISSING: (lambda: check(donation()), lambda: check(donation(source_name="  "))),
    # A registered party may not give to a non-party campaigner; "Other" is asked about
    # (source_kind_other), not refused.
    C.SOURCE_NOT_PERMISSIBLE: (
        lambda: check(
            donation(source_status="Registered Political Party", on_electoral_register=None)
        ),
        lambda: check(
            donation(source_status="Registered Political Party", on_electoral_register=None),
            entity_type="third-party",
        ),
    ),
    # (passes, fails): a status any case or spacing; an unknown one, even with an outcome.
    C.SOURCE_STATUS_UNKNOWN: (
        lambda: check(donation(source_status=" trade  UNION "), loan(source_status="company")),
        lambda: check(
            donation(source_status="Martian", outcome="Returned", outcome_date=dt.date(2025, 2, 20))
        ),
    ),
    C.IMPERMISSIBLE_OUTCOME_MISSING: (
        lambda: check(
            donation(
                source_status="Impermissible Donor",
                outcome="Returned",
                outcome_date=dt.date(2025, 2, 20),
            )
        ),
        lambda: check(donation(source_status="Impermissible Donor")),
    ),
    # Received 10/02/2025: the 30 days beginning with that day (s.56(2)) end on 11/03/2025.
    C.IMPERMISSIBLE_OUTCOME_LATE: (
        lambda: check(
            donation(
                source_status="Impermissible Donor",
                outcome="Returned",
                outcome_date=dt.date(2025, 3, 11),
            )
        ),
        lambda: check(
            donation(
                source_status="Impermissible Donor",
                outcome="Returned",
                outcome_date=dt.date(2025, 3, 12),
            )
        ),
    ),
    C.OUTCOME_DATE_MISSING: (
        lambda: check(
            donation(
                source_status="Impermissible Donor",
                outcome="Returned",
                outcome_date=dt.date(2025, 2, 20),
            )
        ),
        lambda: check(donation(source_status="Impermissible Donor", outcome="Returned")),
    ),
    C.OUTCOME_DATE_NOT_IN_LAYOUT: (
        lambda: check(donation(source_status="Impermissible Donor", outcome="Returned")),
        lambda: check(
            donation(source_status="Impermissible Donor", outcome="Returned"),
            layout=Layout.COMMISSION,
        ),
    ),
    C.ELECTORAL_REGISTER_NOT_GIVEN: (
        lambda: check(donation(on_electoral_register=True)),
        lambda: check(donation(on_electoral_register=None)),
    ),
    C.ELECTORAL_REGISTER_NOT_IN_LAYOUT: (
        lambda: check(donation(on_electoral_register=None)),
        lambda: check(donation(on_electoral_register=None), layout=Layout.COMMISSION),
    ),
    C.INDIVIDUAL_NOT_ON_REGISTER: (
        lambda: check(donation(on_electoral_register=True)),
        lambda: check(donation(on_electoral_register=False)),
    ),
    C.IRISH_SOURCE_OUTSIDE_NORTHERN_IRELAND: (
        lambda: check(donation(is_irish_source=True), register="northern-ireland"),
        lambda: check(donation(is_irish_source=True), register="great-britain"),
    ),
    C.COMPANY_NUMBER_MISSING: (
        lambda: check(company_gift(), companies=company()),
        lambda: check(company_gift(company_number=""), companies=company()),
    ),
    C.COMPANY_UNKNOWN: (
        lambda: check(company_gift(), companies=company()),
        lambda: check(company_gift(), companies={}),
    ),
    C.COMPANY_DISSOLVED: (
        lambda: check(
            company_gift(dt.date(2023, 6, 29)),
            companies=company(status="Dissolved", dissolved_on=dt.date(2023, 6, 30)),
            **T2023,
        ),
        lambda: check(
            company_gift(dt.date(2023, 6, 30)),
            companies=company(status="Dissolved", dissolved_on=dt.date(2023, 6, 30)),
            **T2023,
        ),
    ),
    C.COMPANY_NOT_YET_INCORPORATED: (
        lambda: check(
            company_gift(dt.date(2024, 2, 1)),
            companies=company(incorporated_on=dt.date(2024, 2, 1)),
            **T2024,
        ),
        lambda: check(
            company_gift(dt.date(2024, 1, 31)),
            companies=company(incorporated_on=dt.date(2024, 2, 1)),
            **T2024,
        ),
    ),
    C.COMPANY_OVERSEAS: (
        lambda: check(company_gift(), companies=company()),
        lambda: check(company_gift(), companies=company(country_of_origin="Cayman Islands")),
    ),
    C.COMPANY_DORMANT: (
        lambda: check(company_gift(), companies=company()),
        lambda: check(company_gift(), companies=company(accounts_category="DORMANT")),
    ),
    C.COMPANY_NOT_ACTIVE: (
        lambda: check(company_gift(), companies=company()),
        lambda: check(company_gift(), companies=company(status="Liquidation")),
    ),
    C.RECEIVED_DATE_MISSING: (lambda: check(donation()), lambda: check(donation(received=None))),
    C.ACCEPTED_DATE_MISSING: (
        # A weekly pre-poll report lists gifts by date of receipt: no acceptance date needed.
        lambda: check(
            donation(
                received=dt.date(2024, 5, 31),
                accepted=None,
                period_name="Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024",
            ),
            today=dt.date(2024, 6, 10),
        ),
        lambda: check(donation(accepted=None)),
    ),
    C.RECEIVED_AFTER_ACCEPTED: (
        lambda: check(donation(received=dt.date(2025, 2, 12), accepted=dt.date(2025, 2, 12))),
        lambda: check(donation(received=dt.date(2025, 2, 13), accepted=dt.date(2025, 2, 12))),
    ),
    C.DATE_IN_FUTURE: (
        lambda: check(
            donation(received=dt.date(2025, 3, 1), accepted=dt.date(2025, 3, 1)),
            today=dt.date(2025, 3, 1),
        ),
        lambda: check(
            donation(received=dt.date(2025, 3, 1), accepted=dt.date(2025, 3, 2)),
            today=dt.date(2025, 3, 1),
        ),
    ),
    C.PERIOD_UNKNOWN: (
        lambda: check(donation(period_name="Q1 2025")),
        lambda: check(donation(period_name="Sometime")),
    ),
    C.DATE_AFTER_PERIOD: (
        lambda: check(donation(received=dt.date(2025, 3, 31), accepted=dt.date(2025, 3, 31))),
        lambda: check(donation(received=dt.date(2025, 3, 31), accepted=dt.date(2025, 4, 1))),
    ),
    C.DATE_BEFORE_PERIOD: (
        lambda: check(donation(received=dt.date(2024, 12, 20), accepted=dt.date(2025, 1, 1))),
        lambda: check(donation(received=dt.date(2024, 12, 20), accepted=dt.date(2024, 12, 31))),
    ),
    # Q1 2025 is due by 30 April 2025.
    C.REPORT_LATE: (
        lambda: check(donation(), today=dt.date(2025, 4, 30)),
        lambda: check(donation(), today=dt.date(2025, 5, 1)),
    ),
    # Accepted 12 February 2025: the 30 days beginning with that day (Sch. 7 para 10)
    # end on 13 March 2025.
    C.DONEE_REPORT_LATE: (
        lambda: check(
            donation(period_name=""), entity_type="regulated-donee", today=dt.date(2025, 3, 13)
        ),
        lambda: check(
            donation(period_name=""), entity_type="regulated-donee", today=dt.date(2025, 3, 14)
        ),
    ),
    # Returned on 20 February 2025: reported within the 30 days beginning with that day
    # (Sch. 7 para 11(1)(b)), so by 21 March 2025.
    C.DONEE_DEALT_WITH_REPORT_LATE: (
        lambda: check(
            donee_returned(),
            entity_type="regulated-donee",
            today=dt.date(2025, 3, 21),
        ),
        lambda: check(
            donee_returned(),
            entity_type="regulated-donee",
            today=dt.date(2025, 3, 22),
        ),
    ),
    C.SPENDING_TOTAL_MISSING: (
        lambda: check(spending(), **SPEND),
        lambda: check(spending(total=None), **SPEND),
    ),
    C.SPENDING_NATIONS_MISMATCH: (
        # A penny of rounding per extra nation is allowed; three pence is not.
        lambda: check(spending(england=D("699.99")), **SPEND),
        lambda: check(spending(england=D("699.97")), **SPEND),
    ),
    C.SPENDING_POLL_UNKNOWN: (
        lambda: check(spending(), **SPEND),
        lambda: check(spending(period_name="Q1 2024"), **SPEND),
    ),
    # Regulated period: 365 days ending on polling day 04/07/2024 (from 06/07/2023).
    C.SPENDING_INCURRED_OUTSIDE_PERIOD: (
        lambda: check(spending(incurred=dt.date(2023, 7, 6)), **SPEND),
        lambda: check(spending(incurred=dt.date(2023, 7, 5)), **SPEND),
    ),
    # 30 days after 04/07/2024 is Saturday 03/08/2024: the deadline moves to Monday
    # 05/08/2024 in England and Wales (the Commission's guidance for that election).
    C.SPENDING_CLAIM_LATE: (
        lambda: check(spending(claimed=dt.date(2024, 8, 5)), **SPEND),
        lambda: check(spending(claimed=dt.date(2024, 8, 6)), **SPEND),
    ),
    C.SPENDING_PAID_LATE: (
        lambda: check(spending(paid=POLL_2024 + dt.timedelta(days=60)), **SPEND),
        lambda: check(spending(paid=POLL_2024 + dt.timedelta(days=61)), **SPEND),
    ),
    # Wales, 32 seats: the greater of 32 x £54,010 = £1,728,320 and £108,030.
    C.SPENDING_OVER_LIMIT: (
        lambda: check(
            spending(total=D("1728320"), england=None, scotland=None, wales=D("1728320")),
            seats_contested={Nation.WALES: 32},
            **SPEND,
        ),
        lambda: check(
            spending(total=D("1728320.01"), england=None, scotland=None, wales=D("1728320.01")),
            seats_contested={Nation.WALES: 32},
            **SPEND,
        ),
    ),
    # Over £200 needs an invoice or receipt (PPERA 2000 s.76(2): "unless it is not more
    # than £200"); a row that carries one passes.
    C.SPENDING_DOCUMENT_MISSING: (
        lambda: check(
            spending(total=D("200.00"), england=D("200.00"), scotland=None, wales=None),
            documented_rows=frozenset(),
            **SPEND,
        ),
        lambda: check(
            spending(total=D("200.01"), england=D("200.01"), scotland=None, wales=None),
            documented_rows=frozenset(),
            **SPEND,
        ),
    ),
    C.LOAN_RATE_MISSING: (lambda: check(loan(), **LOANS), lambda: check(loan(rate=""), **LOANS)),
    # A trust may give (an exempt trust donation) but may not lend (s.71H, s.54(2)).
    C.LENDER_NOT_AUTHORISED: (
        lambda: check(donation(source_status="Trust", on_electoral_register=None)),
        lambda: check(loan(source_status="Trust"), **LOANS),
    ),
    # A gift from an Irish source to a recipient whose register is not known.
    C.REGISTER_UNKNOWN: (
        lambda: check(donation(is_irish_source=True), register="northern-ireland"),
        lambda: check(donation(is_irish_source=True), register=""),
    ),
    # An impermissible gift returned on 31/03/2025 belongs to Q1 2025; on 01/04, to Q2.
    C.DEALT_WITH_AFTER_PERIOD: (
        lambda: check(returned(dt.date(2025, 3, 31))),
        lambda: check(returned(dt.date(2025, 4, 1))),
    ),
    C.DEALT_WITH_BEFORE_PERIOD: (
        lambda: check(returned(dt.date(2025, 1, 1), received=dt.date(2024, 12, 20))),
        lambda: check(returned(dt.date(2024, 12, 31), received=dt.date(2024, 12, 20))),
    ),
    C.LOAN_START_MISSING: (
        lambda: check(loan(), **LOANS),
        lambda: check(loan(received=None, accepted=None), **LOANS),
    ),
    C.LOAN_END_BEFORE_START: (
        lambda: check(loan(end_date=dt.date(2025, 2, 10)), **LOANS),
        lambda: check(loan(end_date=dt.date(2025, 2, 9)), **LOANS),
    ),
    C.LOAN_REPAID_BEFORE_START: (
        lambda: check(loan(date_repaid=dt.date(2025, 2, 10)), **LOANS),
        lambda: check(loan(date_repaid=dt.date(2025, 2, 9)), **LOANS),
    ),
    C.LOAN_AMOUNTS_MISMATCH: (
        lambda: check(loan(), **LOANS),
        lambda: check(loan(outstanding=D("39999.99")), **LOANS),
    ),
    C.LOAN_ENDED_WITH_BALANCE: (
        lambda: check(loan(status="Ended", repaid=D("50000"), outstanding=D("0")), **LOANS),
        lambda: check(loan(status="Ended", repaid=D("49999.99"), outstanding=D("0.01")), **LOANS),
    ),
    C.LOAN_OUTSTANDING_WITHOUT_BALANCE: (
        lambda: check(
            loan(status="Outstanding", repaid=D("49999.99"), outstanding=D("0.01")), **LOANS
        ),
        lambda: check(loan(status="Outstanding", repaid=D("50000"), outstanding=D("0")), **LOANS),
    ),
}

# Rules whose figure changed on 1 January 2024: the same facts either side of the date.
EFFECTIVE_DATE_SIDES: dict[RuleCode, Case] = {
    C.BELOW_REPORTING_THRESHOLD: BOTH_SIDES[C.BELOW_REPORTING_THRESHOLD],
    C.AGGREGATION_NOT_FLAGGED: (
        # £4,000 + £4,000 = £8,000: over £7,500 in 2023 (aggregated), not over £11,180 in 2024.
        lambda: check(in_2024(row=1, value=D("4000")), in_2024(row=2, value=D("4000")), **T2024),
        lambda: check(in_2023(row=1, value=D("4000")), in_2023(row=2, value=D("4000")), **T2023),
    ),
    C.UNINCORPORATED_ASSOCIATION_OVER_REGISTRATION: BOTH_SIDES[
        C.UNINCORPORATED_ASSOCIATION_OVER_REGISTRATION
    ],
    C.SPENDING_OVER_LIMIT: (
        # Wales, 40 seats, £1,500,000: under 40 x £54,010 in 2024, over 40 x £30,000 in 2019.
        lambda: check(
            spending(
                total=D("1500000"),
                england=None,
                scotland=None,
                wales=D("1500000"),
                incurred=dt.date(2024, 6, 1),
            ),
            seats_contested={Nation.WALES: 40},
            **SPEND,
        ),
        lambda: check(
            spending(
                total=D("1500000"),
                england=None,
                scotland=None,
                wales=D("1500000"),
                incurred=dt.date(2019, 11, 20),
                claimed=dt.date(2019, 12, 20),
                paid=dt.date(2019, 12, 30),
                period_name="UK Parliamentary general election 12/12/2019",
            ),
            seats_contested={Nation.WALES: 40},
            kind=TransactionKind.SPENDING,
            today=dt.date(2020, 1, 10),
        ),
    ),
    C.FIGURES_NOT_IN_FORCE: BOTH_SIDES[C.FIGURES_NOT_IN_FORCE],
}


@pytest.mark.parametrize("code", list(BOTH_SIDES), ids=str)
def test_rule_on_both_sides_of_its_threshold(code: RuleCode) -> None:
    passing, failing = BOTH_SIDES[code]
    assert code not in passing()
    assert code in failing()


@pytest.mark.parametrize("code", list(EFFECTIVE_DATE_SIDES), ids=str)
def test_rule_on_both_sides_of_its_effective_date(code: RuleCode) -> None:
    before_or_after, other_side = EFFECTIVE_DATE_SIDES[code]
    assert code not in before_or_after()
    assert code in other_side()


def test_every_registered_rule_has_a_case() -> None:
    assert set(BOTH_SIDES) == set(REGISTRY)
    assert set(RuleCode) == set(REGISTRY)


def test_the_accounting_unit_threshold_moved_from_1500_to_2230() -> None:
    unit = {"is_central": False, "accounting_unit": "Bristol West"}
    assert C.BELOW_REPORTING_THRESHOLD not in check(in_2023(value=D("1500.01")), **T2023, **unit)
    assert C.BELOW_REPORTING_THRESHOLD in check(in_2023(value=D("1500.00")), **T2023, **unit)
    assert C.BELOW_REPORTING_THRESHOLD in check(in_2024(value=D("2230.00")), **T2024, **unit)
    assert C.BELOW_REPORTING_THRESHOLD not in check(in_2024(value=D("2230.01")), **T2024, **unit)


def test_the_central_threshold_is_over_11180_in_2024() -> None:
    assert C.BELOW_REPORTING_THRESHOLD in check(in_2024(value=D("11180.00")), **T2024)
    assert C.BELOW_REPORTING_THRESHOLD not in check(in_2024(value=D("11180.01")), **T2024)


def _below(*items: Any, **ctx: Any) -> set[int | None]:
    return {
        f.row
        for f in validate(list(items), context(**ctx))
        if f.code == C.BELOW_REPORTING_THRESHOLD
    }


def _aggregated(*items: Any, **ctx: Any) -> set[int | None]:
    return {
        f.row for f in validate(list(items), context(**ctx)) if f.code == C.AGGREGATION_NOT_FLAGGED
    }


def test_further_gifts_after_a_reported_one_use_the_lower_threshold() -> None:
    """Once a source has been reportable in the year, a further gift is reportable over
    £2,230 (2024), strictly over: £2,230.00 alone is not, £2,230.01 is."""
    first = in_2024(row=1, value=D("12000"))
    at = in_2024(row=2, value=D("2230.00"), accepted=dt.date(2024, 6, 3))
    over = in_2024(row=2, value=D("2230.01"), accepted=dt.date(2024, 6, 3))
    assert _below(first, at, **T2024) == {2}
    assert _below(first, over, **T2024) == set()
    assert _aggregated(first, over, **T2024) == set()  # over the threshold on its own


def test_further_gifts_that_add_up_to_over_the_lower_threshold_are_reportable() -> None:
    """PPERA 2000 s.62(6) to (8) and the Commission's "Grouping benefits": further gifts
    since the last reportable one are added up; £1,200 + £1,100 = £2,300 is over £2,230,
    so both are reported (as aggregated), and the next gift starts a new group."""
    first = in_2024(row=1, value=D("12000"))
    one = in_2024(row=2, value=D("1200"), accepted=dt.date(2024, 6, 3))
    two = in_2024(row=3, value=D("1100"), accepted=dt.date(2024, 6, 4))
    three = in_2024(row=4, value=D("1000"), accepted=dt.date(2024, 6, 5))
    assert _below(first, one, two, three, **T2024) == {4}
    assert _aggregated(first, one, two, three, **T2024) == {2, 3}
    # A group that reaches exactly £2,230.00 is not over it.
    exact = in_2024(row=3, value=D("1030"), accepted=dt.date(2024, 6, 4))
    assert _below(first, one, exact, **T2024) == {2, 3}


def test_a_group_starts_again_after_each_reportable_one() -> None:
    """An accounting unit (2023: £1,500): £1,000 + £600 is reported; the next £1,000
    starts a new group and is not reportable on its own."""
    unit = {"is_central": False, "accounting_unit": "Bristol West", **T2023}
    gifts = [
        in_2023(row=1, value=D("1000"), accepted=dt.date(2023, 4, 2)),
        in_2023(row=2, value=D("600"), accepted=dt.date(2023, 5, 2)),
        in_2023(row=3, value=D("1000"), accepted=dt.date(2023, 6, 2)),
    ]
    assert _below(*gifts, **unit) == {3}
    assert _aggregated(*gifts, **unit) == {1, 2}


def test_donations_and_loans_from_one_source_aggregate_together() -> None:
    gift = in_2024(
        row=1,
        value=D("6000"),
        source_status="Company",
        company_number="01234567",
        on_electoral_register=None,
    )
    lent = loan(
        row=2,
        value=D("6000"),
        company_number="01234567",
        received=dt.date(2024, 6, 1),
        accepted=dt.date(2024, 6, 1),
        repaid=D("0"),
        outstanding=D("6000"),
        period_name="Q2 2024",
    )
    codes = {(f.row, f.code) for f in validate([gift, lent], context(**T2024))}
    assert (1, C.AGGREGATION_NOT_FLAGGED) in codes
    assert (2, C.AGGREGATION_NOT_FLAGGED) in codes
    assert (1, C.BELOW_REPORTING_THRESHOLD) not in codes


def test_prior_gifts_from_earlier_reports_count_towards_aggregation() -> None:
    from regulator.filings.rules.engine import source_key
    from regulator.filings.rules.inputs import PriorGift

    gift = in_2024(value=D("6000"))
    earlier = PriorGift(source_key(gift), dt.date(2024, 2, 1), D("6000"))
    alone = check(gift, **T2024)
    with_prior = check(gift, prior_gifts=[earlier], **T2024)
    assert C.BELOW_REPORTING_THRESHOLD in alone
    assert C.BELOW_REPORTING_THRESHOLD not in with_prior
    assert C.AGGREGATION_NOT_FLAGGED in with_prior
    # A prior gift of another year, or of another source, does not count.
    last_year = PriorGift(source_key(gift), dt.date(2023, 12, 31), D("6000"))
    assert C.BELOW_REPORTING_THRESHOLD in check(gift, prior_gifts=[last_year], **T2024)


def test_a_prior_reportable_gift_makes_further_gifts_use_the_lower_threshold() -> None:
    from regulator.filings.rules.engine import source_key
    from regulator.filings.rules.inputs import PriorGift

    gift = in_2024(value=D("3000"))
    reported = PriorGift(source_key(gift), dt.date(2024, 2, 1), D("12000"))
    assert C.BELOW_REPORTING_THRESHOLD in check(gift, **T2024)
    assert C.BELOW_REPORTING_THRESHOLD not in check(gift, prior_gifts=[reported], **T2024)


def test_returned_or_forfeited_impermissible_gifts_do_not_count_towards_totals() -> None:
    kept = in_2024(
        row=1, value=D("6000"), received=dt.date(2024, 5, 1), accepted=dt.date(2024, 5, 2)
    )
    back = in_2024(
        row=2,
        value=D("6000"),
        accepted=None,
        outcome="Returned",
        outcome_date=dt.date(2024, 5, 10),
        received=dt.date(2024, 5, 3),
    )
    forfeited = in_2024(
        row=2, value=D("6000"), outcome="Forfeited", outcome_date=dt.date(2024, 6, 9)
    )
    assert _below(kept, back, **T2024) == {1}
    assert _below(kept, forfeited, **T2024) == {1}
    # The same gift kept would have made both reportable.
    assert _below(kept, in_2024(row=2, value=D("6000")), **T2024) == set()


def test_a_returned_impermissible_gift_needs_no_acceptance_date() -> None:
    codes = check(returned(dt.date(2025, 3, 20)))
    assert C.ACCEPTED_DATE_MISSING not in codes
    assert not {C.DATE_AFTER_PERIOD, C.DATE_BEFORE_PERIOD, C.DEALT_WITH_AFTER_PERIOD} & codes
    # In the Commission's layout there is no date for the return: a gift received in the
    # period is placed there, one received after it cannot belong.
    published = returned(None, received=dt.date(2025, 3, 10))
    assert C.DEALT_WITH_AFTER_PERIOD not in check(published, layout=Layout.COMMISSION)
    late = returned(None, received=dt.date(2025, 4, 2))
    assert C.DEALT_WITH_AFTER_PERIOD in check(
        late, layout=Layout.COMMISSION, today=dt.date(2025, 5, 1)
    )
    # A permissible gift still needs its acceptance date.
    assert C.ACCEPTED_DATE_MISSING in check(donation(accepted=None))


def test_impermissible_gifts_are_reported_whatever_their_value() -> None:
    small = in_2024(
        value=D("600"),
        source_status="Impermissible Donor",
        outcome="Returned",
        outcome_date=dt.date(2024, 6, 20),
    )
    assert C.BELOW_REPORTING_THRESHOLD not in check(small, **T2024)


def test_irish_sources_are_permissible_for_northern_ireland_recipients() -> None:
    irish_company = donation(
        source_status="Company", company_number="", is_irish_source=True, on_electoral_register=None
    )
    codes = check(irish_company, register="northern-ireland")
    assert not codes & {
        C.SOURCE_NOT_PERMISSIBLE,
        C.COMPANY_NUMBER_MISSING,
        C.IRISH_SOURCE_OUTSIDE_NORTHERN_IRELAND,
    }
    assert C.IRISH_SOURCE_OUTSIDE_NORTHERN_IRELAND in check(irish_company)


def test_a_registered_party_may_not_give_to_a_non_party_campaigner() -> None:
    party_gift = donation(source_status="Registered Political Party", on_electoral_register=None)
    assert C.SOURCE_NOT_PERMISSIBLE not in check(party_gift)
    assert C.SOURCE_NOT_PERMISSIBLE in check(party_gift, entity_type="third-party")


def test_a_company_dissolved_after_the_gift_was_live_at_receipt() -> None:
    live_then = company(status="Dissolved", dissolved_on=dt.date(2025, 9, 1))
    assert C.COMPANY_DISSOLVED not in check(company_gift(), companies=live_then)


def test_findings_carry_messages_with_the_figures_in_force() -> None:
    [finding] = [
        f
        for f in validate([in_2024(value=D("9000"))], context(**T2024))
        if f.code == C.BELOW_REPORTING_THRESHOLD
    ]
    assert "£11,180.00" in finding.message
    assert "£9,000.00" in finding.message
    assert finding.as_dict() == {
        "row": 1,
        "code": "below_reporting_threshold",
        "severity": "warning",
        "message": finding.message,
    }


def test_periods_are_read_from_their_published_names() -> None:
    prepoll = parse_period("Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024")
    assert prepoll is not None
    assert (prepoll.start, prepoll.end) == (dt.date(2024, 5, 30), dt.date(2024, 6, 5))
    quarter = parse_period("Q4 2019")
    assert quarter is not None
    assert (quarter.start, quarter.end) == (dt.date(2019, 10, 1), dt.date(2019, 12, 31))
    poll = parse_period("UK Parliamentary general election 12/12/2019")
    assert poll is not None
    assert poll.poll_date == dt.date(2019, 12, 12)
    third = parse_period(
        "Pre-poll 1 - Third Party (17/12/2023 - 16/03/2024) UK Parliamentary general election 2024"
    )
    assert third is not None
    assert third.end == dt.date(2024, 3, 16)
    assert parse_period("Q5 2019") is None
    assert parse_period("Pre-Poll 1 - Party(31/02/24 - 05/06/24) UKPGE 2024") is None


def test_weekly_pre_poll_reports_do_not_aggregate() -> None:
    week = "Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024"
    first = donation(
        row=1, value=D("6000"), received=dt.date(2024, 5, 31), accepted=None, period_name=week
    )
    second = donation(
        row=2, value=D("6000"), received=dt.date(2024, 6, 1), accepted=None, period_name=week
    )
    findings = validate([first, second], context(today=dt.date(2024, 6, 10)))
    codes = {(f.row, f.code) for f in findings}
    assert (1, C.BELOW_REPORTING_THRESHOLD) in codes
    assert (2, C.BELOW_REPORTING_THRESHOLD) in codes
    assert not any(code == C.AGGREGATION_NOT_FLAGGED for _row, code in codes)


def test_gifts_to_different_recipients_in_one_file_are_not_added_up() -> None:
    to_one = in_2024(row=1, value=D("6000"), recipient_accounting_unit="Central Party")
    to_other = in_2024(row=2, value=D("6000"), recipient_accounting_unit="Bristol West")
    to_same = in_2024(row=3, value=D("6000"), recipient_accounting_unit="Central Party")
    apart = {(f.row, f.code) for f in validate([to_one, to_other], context(**T2024))}
    assert (1, C.BELOW_REPORTING_THRESHOLD) in apart
    together = {(f.row, f.code) for f in validate([to_one, to_same], context(**T2024))}
    assert (1, C.AGGREGATION_NOT_FLAGGED) in together
