"""Statements of accounts have a period of their own (the financial year, a calendar year)
and a deadline: four months after the year end (PPERA 2000 s.45(1)); when the accounts
must be audited (income or expenditure over £250,000, s.43(1)), seven days after the end
of the six months allowed for the audit (s.45(2) with s.43(3)(a)): 7 July. The deadline
drives the reminders and the late flag like any other."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from regulator.audit.models import AuditEvent
from regulator.core import clock
from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import FiledReturn, ReturnKind, ReturnVersion, Status
from regulator.filings.rules.deadlines import report_due_date
from regulator.filings.rules.inputs import ReportKind
from regulator.filings.rules.periods import parse_period
from regulator.filings.selectors import figure_table
from regulator.filings.services import FilingError, FilingErrorCode
from regulator.identity.testing import signed_in_client

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LONDON = clock.local_zone()


_frozen = clock_frozen_at(dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC))


def _accounts(world: dict[str, Any], year: int = 2025) -> FiledReturn:
    return services.return_create(
        entity=world["entity"],
        kind=ReturnKind.ACCOUNTS,
        period_name=f"Accounts {year}",
        actor=world["treasurer"],
    )


def _figures(world: dict[str, Any], version: ReturnVersion, income: str) -> None:
    over = Decimal(income) > Decimal("250000")
    services.accounts_figures_set(
        version=version,
        total_income=Decimal(income),
        total_expenditure=Decimal("1000"),
        audited=over,
        auditor_name="Audit & Co" if over else "",
        actor=world["treasurer"],
    )


@pytest.mark.parametrize(
    "name", ["Accounts 2025", "accounts 2025", "Statement of accounts 2025", "  Accounts   2025 "]
)
def test_an_accounts_period_is_the_calendar_year(name: str) -> None:
    period = parse_period(name)
    assert period is not None
    assert (period.name, period.kind) == ("Accounts 2025", ReportKind.ACCOUNTS)
    assert (period.start, period.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize("name", ["Accounts 25", "Accounts", "Accounts 2025/26", "Account 2025"])
def test_other_names_are_not_an_accounts_period(name: str) -> None:
    # None of them is any period: the filer is asked for one the Commission uses.
    assert parse_period(name) is None


def test_due_four_months_after_the_year_end_or_seven_days_after_the_audit_period(
    world: dict[str, Any],
) -> None:
    period = parse_period("Accounts 2025")
    assert period is not None
    figures = figure_table()
    assert report_due_date(period, figures) == dt.date(2026, 4, 30)
    # Not 30 June: the audit may take until 30 June, the statement 7 days more.
    assert report_due_date(period, figures, audited=True) == dt.date(2026, 7, 7)


def test_a_new_return_is_due_on_30_april_and_audited_figures_move_it_to_7_july(
    world: dict[str, Any],
) -> None:
    filed = _accounts(world)
    assert filed.due_date == dt.date(2026, 4, 30)

    _figures(world, filed.current, "250000.01")
    filed.refresh_from_db()
    assert filed.due_date == dt.date(2026, 7, 7)
    event = AuditEvent.objects.filter(action="filings.accounts_figures_set").latest("seq")
    assert event.payload["due_date"] == "2026-07-07"

    # At the threshold no audit is required, and the shorter deadline applies again.
    _figures(world, filed.current, "250000.00")
    filed.refresh_from_db()
    assert filed.due_date == dt.date(2026, 4, 30)


def test_a_voluntary_audit_does_not_extend_the_deadline(world: dict[str, Any]) -> None:
    filed = _accounts(world)
    services.accounts_figures_set(
        version=filed.current,
        total_income=Decimal("90000"),
        total_expenditure=Decimal("80000"),
        audited=True,
        auditor_name="Audit & Co",
        actor=world["treasurer"],
    )
    filed.refresh_from_db()
    assert filed.due_date == dt.date(2026, 4, 30)


@pytest.mark.parametrize(
    ("kind", "period", "says"),
    [
        (ReturnKind.ACCOUNTS, "Q4 2025", "A statement of accounts covers a financial year"),
        (ReturnKind.QUARTERLY_CENTRAL, "Accounts 2025", "is the year of a statement of accounts"),
    ],
)
def test_a_return_and_its_period_must_be_of_the_same_kind(
    world: dict[str, Any], kind: str, period: str, says: str
) -> None:
    with pytest.raises(FilingError) as refused:
        services.return_create(
            entity=world["entity"], kind=kind, period_name=period, actor=world["treasurer"]
        )
    assert refused.value.code == FilingErrorCode.PERIOD_WRONG_KIND
    assert says in refused.value.message
    assert not FiledReturn.objects.exists()


@pytest.mark.parametrize(
    ("prefix", "says"),
    [
        ("", "A statement of accounts covers a financial year"),
        ("/cy", "Mae datganiad o gyfrifon yn ymdrin â blwyddyn ariannol"),
    ],
)
def test_the_new_return_page_says_which_period_an_accounts_return_takes(
    world: dict[str, Any], prefix: str, says: str
) -> None:
    client = signed_in_client(world["treasurer"])
    response = client.post(
        f"{prefix}/filing/new/",
        {"entity": world["entity"].pk, "kind": ReturnKind.ACCOUNTS, "period_name": "Q4 2025"},
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not FiledReturn.objects.exists()

    response = client.post(
        f"{prefix}/filing/new/",
        {"entity": world["entity"].pk, "kind": ReturnKind.ACCOUNTS, "period_name": "accounts 2025"},
    )
    assert response.status_code == 302
    assert FiledReturn.objects.get().due_date == dt.date(2026, 4, 30)


def _submit_at(world: dict[str, Any], filed: FiledReturn, when: dt.datetime) -> FiledReturn:
    version = filed.current
    services.attachment_add(
        version=version, source=PDF, file_name="accounts.pdf", actor=world["treasurer"]
    )
    _figures(world, version, "12000")
    clock.freeze(when)
    version = services.version_validate(version=version, actor=world["treasurer"])
    assert version.status == Status.VALIDATED, version.findings
    services.version_declare(version=version, user=world["treasurer"])
    services.version_submit(version=version, user=world["treasurer"], idempotency_key="once")
    return FiledReturn.objects.get(pk=filed.pk)


@pytest.mark.parametrize(
    ("when", "late"),
    [
        (dt.datetime(2026, 4, 30, 23, 55, tzinfo=LONDON), False),
        (dt.datetime(2026, 5, 1, 0, 5, tzinfo=LONDON), True),
    ],
)
def test_late_after_the_due_date_in_london(
    world: dict[str, Any], when: dt.datetime, late: bool
) -> None:
    assert _submit_at(world, _accounts(world), when).is_late is late


def test_the_filing_api_refuses_a_quarter_for_a_statement_of_accounts(
    world: dict[str, Any],
) -> None:
    from rest_framework.test import APIClient

    from regulator.audit.types import Actor
    from regulator.filings.services import filer_token_issue

    _token, key = filer_token_issue(user=world["treasurer"], name="Ledger", actor=Actor.system("t"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Filer-Token {key}")
    asked = {"entity": world["entity"].pk, "kind": "accounts"}
    response = client.post(
        "/api/v1/filings/returns/", {**asked, "period_name": "Q4 2025"}, format="json"
    )
    assert response.status_code == 422
    refusal = response.json()
    assert (refusal["code"], refusal["parameter"]) == ("period_wrong_kind", "period_name")
    assert "A statement of accounts covers a financial year" in str(refusal), refusal
    response = client.post(
        "/api/v1/filings/returns/", {**asked, "period_name": "Accounts 2025"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["due_date"] == "2026-04-30"
