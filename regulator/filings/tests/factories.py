"""Factories for the filings area's tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from regulator.filings.models import Company
from regulator.filings.rules.inputs import (
    DonationInput,
    Layout,
    LoanInput,
    ReturnContext,
    SpendingInput,
    TransactionKind,
)
from regulator.filings.selectors import figure_table


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    company_number = factory.Sequence(lambda n: f"{n + 10_000_000:08d}")
    name = factory.Sequence(lambda n: f"COMPANY {n} LIMITED")
    status = "Active"
    category = "Private Limited Company"
    country_of_origin = "United Kingdom"
    accounts_category = "FULL"
    incorporated_on = dt.date(2001, 1, 1)
    dissolved_on = None
    imported_at = factory.LazyFunction(timezone.now)


def donation(**fields: Any) -> DonationInput:
    """A permissible £20,000 cash donation from an individual on the register, received
    and accepted in Q1 2025."""
    values: dict[str, Any] = {
        "row": 1,
        "value": Decimal("20000.00"),
        "source_name": "Jane Donor",
        "source_status": "Individual",
        "received": dt.date(2025, 2, 10),
        "accepted": dt.date(2025, 2, 12),
        "on_electoral_register": True,
        "donation_type": "Cash",
        "period_name": "Q1 2025",
    }
    values.update(fields)
    return DonationInput(**values)


def loan(**fields: Any) -> LoanInput:
    values: dict[str, Any] = {
        "row": 1,
        "value": Decimal("50000.00"),
        "source_name": "Lender Bank plc",
        "source_status": "Company",
        "company_number": "",
        "received": dt.date(2025, 2, 10),
        "accepted": dt.date(2025, 2, 10),
        "on_electoral_register": None,
        "loan_type": "Loan",
        "rate": "4% fixed",
        "status": "Outstanding",
        "end_date": dt.date(2027, 2, 10),
        "repaid": Decimal("10000.00"),
        "converted": Decimal("0"),
        "outstanding": Decimal("40000.00"),
        "period_name": "Q1 2025",
    }
    values.update(fields)
    return LoanInput(**values)


def spending(**fields: Any) -> SpendingInput:
    values: dict[str, Any] = {
        "row": 1,
        "total": Decimal("1000.00"),
        "england": Decimal("700.00"),
        "scotland": Decimal("100.00"),
        "wales": Decimal("200.00"),
        "northern_ireland": None,
        "incurred": dt.date(2024, 6, 1),
        "claimed": dt.date(2024, 7, 10),
        "paid": dt.date(2024, 7, 20),
        "category": "Advertising",
        "supplier": "Print Works Ltd",
        "period_name": "UK Parliamentary general election 04/07/2024",
    }
    values.update(fields)
    return SpendingInput(**values)


def context(**fields: Any) -> ReturnContext:
    values: dict[str, Any] = {
        "entity_type": "political-party",
        "figures": figure_table(),
        "today": dt.date(2025, 4, 15),
        "is_central": True,
        "register": "great-britain",
        "kind": TransactionKind.DONATION,
        "layout": Layout.TEMPLATE,
    }
    values.update(fields)
    return ReturnContext(**values)


# --- Online filing ------------------------------------------------------------------------

# Seats contested by a party's campaign spending return (asked when it is started).
SEATS = {"england": 533, "scotland": 57, "wales": 32, "northern-ireland": 0}

TEMPLATE_DONATION = {
    "DonorName": "Alex Donor",
    "DonorStatus": "Individual",
    "CompanyRegistrationNumber": "",
    "OnElectoralRegister": "Yes",
    "IsIrishSource": "No",
    "Value": "15000.00",
    "DonationType": "Cash",
    "NatureOfDonation": "",
    "ReceivedDate": "02/10/2026",
    "AcceptedDate": "03/10/2026",
    "IsAggregation": "No",
    "DonationAction": "",
    "ActionDate": "",
    "ReportingPeriodName": "",
}


def donations_csv(rows: int, *, bad_rows: tuple[int, ...] = (), start: int = 0) -> bytes:
    """Our template with ``rows`` donations; the rows numbered in ``bad_rows`` (1-based)
    carry a value that is not money and a formula for a name."""
    import csv
    import io

    from regulator.filings.parsing import TEMPLATES

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TEMPLATES[TransactionKind.DONATION])
    writer.writeheader()
    for number in range(1, rows + 1):
        row = dict(TEMPLATE_DONATION, DonorName=f"Donor {start + number}")
        if number in bad_rows:
            row.update(Value="lots", DonorName='=HYPERLINK("http://x")')
        writer.writerow(row)
    return buffer.getvalue().encode()


def figures_ensure() -> None:
    """Put back the statutory figures the migrations load (a transactional test before
    this one may have flushed them)."""
    import importlib

    from django.apps import apps

    for migration in (
        "0001_initial",
        "0007_accounts_deadline_figures",
        "0008_figures_by_recipient_and_citations",
        "0010_non_party_campaigner_figures",
    ):
        importlib.import_module(f"regulator.filings.migrations.{migration}").load(apps, None)


def filing_world() -> dict[str, Any]:
    """An entity with a treasurer and an agent, an analyst and an approver (and the
    statutory figures in place)."""
    figures_ensure()
    from regulator.identity.tests.factories import FilerFactory, StaffFactory
    from regulator.identity.types import StaffRole
    from regulator.register.services import membership_grant
    from regulator.register.tests.factories import EntityFactory
    from regulator.register.types import MembershipRole

    entity: Any = EntityFactory()
    treasurer: Any = FilerFactory()
    agent: Any = FilerFactory()
    from regulator.audit.types import Actor

    system = Actor.system("tests")
    membership_grant(
        user=treasurer, entity=entity, role=MembershipRole.TREASURER, granted_by=None, actor=system
    )
    membership_grant(
        user=agent, entity=entity, role=MembershipRole.AGENT, granted_by=None, actor=system
    )
    return {
        "entity": entity,
        "treasurer": treasurer,
        "agent": agent,
        "analyst": StaffFactory(roles=[StaffRole.FINANCE_ANALYST]),
        "approver": StaffFactory(roles=[StaffRole.PUBLICATION_APPROVER]),
    }
