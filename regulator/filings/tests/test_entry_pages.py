"""Typing transactions on the question pages: a donation, a loan and a spending item each
become a row of our template's columns through the same ``services.transaction_add`` and
rules as an uploaded row; every missing answer gets its own error (English and Welsh) and
changes nothing; a kind the return does not hold is refused; "add another" comes back to
the same page; only the return's members may add; names reported before are offered."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import DraftTransaction, ReturnKind, ReturnVersion
from regulator.filings.parsing import TEMPLATES
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.tests.factories import SEATS, filing_world
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import FilerFactory
from regulator.register.services import membership_grant
from regulator.register.types import MembershipRole

pytestmark = pytest.mark.django_db

SPENDING_PERIOD = "UK Parliamentary general election 04/07/2024"

# What a filer types on each page (the radio buttons' values are the template's words).
ANSWERS: dict[TransactionKind, dict[str, str]] = {
    TransactionKind.DONATION: {
        "DonorName": "Alex Donor",
        "DonorStatus": "Individual",
        "Value": "15000.00",
        "DonationType": "Cash",
        "ReceivedDate": "02/10/2026",
        "AcceptedDate": "03/10/2026",
        "OnElectoralRegister": "Yes",
    },
    TransactionKind.LOAN: {
        "LenderName": "Bryn Lender",
        "LenderStatus": "Individual",
        "OnElectoralRegister": "Yes",
        "Value": "50000.00",
        "LoanType": "Loan",
        "RateOfInterestDescription": "4% fixed",
        "StartDate": "05/10/2026",
        "EndDate": "05/10/2028",
        "LoanStatus": "Outstanding",
        "AmountRepaid": "10000.00",
        "AmountOutstanding": "40000.00",
    },
    TransactionKind.SPENDING: {
        "SupplierName": "Print Works Ltd",
        "ExpenseCategoryName": "Advertising",
        "TotalExpenditure": "1000.00",
        "AmountInEngland": "700.00",
        "AmountInScotland": "100.00",
        "AmountInWales": "200.00",
        "DateIncurred": "01/06/2024",
        "DateOfClaimForPayment": "10/07/2024",
        "DatePaid": "20/07/2024",
        "InvoiceReference": "INV-7",
    },
}
# The columns a typed row carries without a question.
FIXED: dict[TransactionKind, dict[str, str]] = {
    TransactionKind.DONATION: {"IsIrishSource": "No", "IsAggregation": "No"},
    TransactionKind.LOAN: {"IsIrishSource": "No", "IsAggregation": "No"},
    TransactionKind.SPENDING: {},
}
PATH = {
    TransactionKind.DONATION: "add/",
    TransactionKind.LOAN: "add/loans/",
    TransactionKind.SPENDING: "add/spending/",
}
# Every required answer and the error its absence gets.
REQUIRED: list[tuple[TransactionKind, str, str]] = [
    (TransactionKind.DONATION, "DonorName", "Enter the donor's name"),
    (TransactionKind.DONATION, "DonorStatus", "Select what kind of donor this is"),
    (TransactionKind.DONATION, "Value", "Enter the value of the donation"),
    (TransactionKind.DONATION, "DonationType", "Select the type of donation"),
    (TransactionKind.DONATION, "ReceivedDate", "Enter the date the donation was received"),
    (TransactionKind.DONATION, "AcceptedDate", "Enter the date the donation was accepted"),
    (TransactionKind.LOAN, "LenderName", "Enter the lender's name"),
    (TransactionKind.LOAN, "LenderStatus", "Select what kind of lender this is"),
    (TransactionKind.LOAN, "Value", "Enter the value of the loan"),
    (TransactionKind.LOAN, "LoanType", "Select the type of loan"),
    (
        TransactionKind.LOAN,
        "RateOfInterestDescription",
        "Enter the rate of interest, or say that the loan is interest-free",
    ),
    (TransactionKind.LOAN, "StartDate", "Enter the date the loan was entered into"),
    (
        TransactionKind.LOAN,
        "LoanStatus",
        "Select whether the loan is outstanding or has ended",
    ),
    (
        TransactionKind.LOAN,
        "AmountOutstanding",
        "Enter the amount outstanding, or 0 if nothing is outstanding",
    ),
    (TransactionKind.SPENDING, "SupplierName", "Enter the supplier's name"),
    (TransactionKind.SPENDING, "ExpenseCategoryName", "Select what the money was spent on"),
    (TransactionKind.SPENDING, "TotalExpenditure", "Enter the total amount spent"),
    (TransactionKind.SPENDING, "DateIncurred", "Enter the date the expense was incurred"),
    (TransactionKind.SPENDING, "DatePaid", "Enter the date the expense was paid"),
]


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _draft(
    world: dict[str, Any], kind: TransactionKind | str, quarter: str = "Q4 2026"
) -> ReturnVersion:
    spending = kind in {TransactionKind.SPENDING, ReturnKind.CAMPAIGN_SPENDING}
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.CAMPAIGN_SPENDING if spending else ReturnKind.QUARTERLY_CENTRAL,
        period_name=SPENDING_PERIOD if spending else quarter,
        actor=world["treasurer"],
        seats_contested=SEATS,
    )
    return filed.current


def _url(version: ReturnVersion, kind: TransactionKind, prefix: str = "") -> str:
    return f"{prefix}/filing/returns/{version.filed_return_id}/{PATH[kind]}"


def _html(text: str) -> str:
    return text.replace("'", "&#x27;")


def _added() -> int:
    return AuditEvent.objects.filter(action="filings.transaction_added").count()


@pytest.mark.parametrize("kind", list(TransactionKind))
def test_a_typed_row_is_a_row_of_the_template(world: dict[str, Any], kind: TransactionKind) -> None:
    version = _draft(world, kind)
    client = signed_in_client(world["treasurer"])
    page = client.get(_url(version, kind))
    assert page.status_code == 200
    response = client.post(_url(version, kind), {**ANSWERS[kind], "add_another": "No"})
    assert response.status_code == 302
    assert response["Location"] == f"/filing/returns/{version.filed_return_id}/"
    item = version.transactions.get()
    assert item.kind == kind
    assert item.row == 1
    expected = dict.fromkeys(TEMPLATES[kind], "")
    expected.update(ANSWERS[kind])
    expected.update(FIXED[kind])
    assert item.data == expected
    assert _added() == 1


@pytest.mark.parametrize(("kind", "field", "message"), REQUIRED)
def test_each_missing_answer_has_its_own_error(
    world: dict[str, Any], kind: TransactionKind, field: str, message: str
) -> None:
    version = _draft(world, kind)
    answers = {k: v for k, v in ANSWERS[kind].items() if k != field}
    response = signed_in_client(world["treasurer"]).post(
        _url(version, kind), {**answers, "add_another": "No"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>\s*Error:", body)
    assert f'href="#id_{field}' in body, "the error summary links to the field"
    assert re.search(rf'id="id_{field}-error"[^>]*>.*?{re.escape(_html(message))}', body, re.S)
    assert version.transactions.count() == 0
    assert _added() == 0


@pytest.mark.parametrize("kind", list(TransactionKind))
def test_every_error_in_welsh(world: dict[str, Any], kind: TransactionKind) -> None:
    version = _draft(world, kind)
    body = (
        signed_in_client(world["treasurer"]).post(_url(version, kind, "/cy"), {}).content.decode()
    )
    assert re.search(r"<title>\s*Gwall:", body)
    messages = [m for k, _f, m in REQUIRED if k == kind]
    messages.append("Select yes if you need to add another transaction")
    with translation.override("cy"):
        for english in messages:
            welsh = translation.gettext(english)
            assert welsh != english, f"no Welsh for {english!r}"
            assert _html(welsh) in body, welsh
    assert version.transactions.count() == 0


@pytest.mark.parametrize(
    ("kind", "field", "value", "message"),
    [
        (
            TransactionKind.LOAN,
            "StartDate",
            "31/02/2026",
            "Enter a real date, as dd/mm/yyyy, for example 27/03/2026",
        ),
        (TransactionKind.LOAN, "Value", "lots", "Enter an amount in pounds, for example 1250.00"),
        (
            TransactionKind.SPENDING,
            "DatePaid",
            "next week",
            "Enter a real date, as dd/mm/yyyy, for example 27/03/2026",
        ),
        (
            TransactionKind.SPENDING,
            "AmountInWales",
            "£2oo",
            "Enter an amount in pounds, for example 1250.00",
        ),
        (
            TransactionKind.DONATION,
            "ReceivedDate",
            "2/13/2026",
            "Enter a real date, as dd/mm/yyyy, for example 27/03/2026",
        ),
    ],
)
def test_a_date_or_amount_that_cannot_be_read_is_refused(
    world: dict[str, Any], kind: TransactionKind, field: str, value: str, message: str
) -> None:
    version = _draft(world, kind)
    response = signed_in_client(world["treasurer"]).post(
        _url(version, kind), {**ANSWERS[kind], field: value, "add_another": "No"}
    )
    assert response.status_code == 200
    assert re.search(
        rf'id="id_{field}-error"[^>]*>.*?{re.escape(message)}', response.content.decode(), re.S
    )
    assert version.transactions.count() == 0


@pytest.mark.parametrize(
    ("return_kind", "kind"),
    [
        (TransactionKind.DONATION, TransactionKind.SPENDING),
        (TransactionKind.SPENDING, TransactionKind.LOAN),
        (TransactionKind.SPENDING, TransactionKind.DONATION),
    ],
)
def test_a_kind_the_return_does_not_hold_is_refused(
    world: dict[str, Any], return_kind: TransactionKind, kind: TransactionKind
) -> None:
    version = _draft(world, return_kind)
    client = signed_in_client(world["treasurer"])
    assert client.get(_url(version, kind)).status_code == 404
    response = client.post(_url(version, kind), {**ANSWERS[kind], "add_another": "No"})
    assert response.status_code == 404
    assert version.transactions.count() == 0
    assert _added() == 0


def test_an_unknown_kind_is_not_found(world: dict[str, Any]) -> None:
    version = _draft(world, TransactionKind.LOAN)
    url = f"/filing/returns/{version.filed_return_id}/add/gifts/"
    assert signed_in_client(world["treasurer"]).get(url).status_code == 404


@pytest.mark.parametrize("kind", list(TransactionKind))
def test_add_another_comes_back_to_the_same_page(
    world: dict[str, Any], kind: TransactionKind
) -> None:
    version = _draft(world, kind)
    client = signed_in_client(world["treasurer"])
    response = client.post(_url(version, kind, "/cy"), {**ANSWERS[kind], "add_another": "Yes"})
    assert response.status_code == 302
    assert response["Location"] == _url(version, kind, "/cy")
    client.post(_url(version, kind), {**ANSWERS[kind], "add_another": "No"})
    assert list(version.transactions.values_list("row", flat=True)) == [1, 2]


@pytest.mark.parametrize("kind", list(TransactionKind))
def test_only_the_returns_members_may_add(world: dict[str, Any], kind: TransactionKind) -> None:
    version = _draft(world, kind)
    outsider = filing_world()["treasurer"]  # treasurer of another entity
    answers = {**ANSWERS[kind], "add_another": "No"}
    # Staff do not see a draft at all (404), as a stranger does not.
    for user, refusal in [(outsider, 404), (world["analyst"], 404), (world["approver"], 404)]:
        client = signed_in_client(user)
        assert client.get(_url(version, kind)).status_code == refusal
        assert client.post(_url(version, kind), answers).status_code == refusal
    anonymous = Client().post(_url(version, kind), answers)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert version.transactions.count() == 0
    assert _added() == 0
    # The entity's agent is read-only (403); its other writing members, such as a
    # campaigns officer, may add.
    assert signed_in_client(world["agent"]).post(_url(version, kind), answers).status_code == 403
    assert version.transactions.count() == 0
    officer = FilerFactory.create()
    membership_grant(
        user=officer,
        entity=world["entity"],
        role=MembershipRole.CAMPAIGNS_OFFICER,
        granted_by=None,
        actor=Actor.system("tests"),
    )
    assert signed_in_client(officer).post(_url(version, kind), answers).status_code == 302
    assert version.transactions.count() == 1


def test_the_return_offers_the_kinds_it_holds(world: dict[str, Any]) -> None:
    client = signed_in_client(world["treasurer"])
    quarterly = _draft(world, TransactionKind.LOAN)
    body = client.get(f"/filing/returns/{quarterly.filed_return_id}/").content.decode()
    assert f'href="{_url(quarterly, TransactionKind.DONATION)}"' in body
    assert f'href="{_url(quarterly, TransactionKind.LOAN)}"' in body
    assert "/add/spending/" not in body
    assert "Add a loan" in body
    spending = _draft(world, TransactionKind.SPENDING)
    body = client.get(f"/cy/filing/returns/{spending.filed_return_id}/").content.decode()
    assert f'href="{_url(spending, TransactionKind.SPENDING, "/cy")}"' in body
    assert "/add/loans/" not in body
    assert 'add/"' not in body


def test_names_reported_before_are_offered_for_the_same_kind(world: dict[str, Any]) -> None:
    client = signed_in_client(world["treasurer"])
    earlier = _draft(world, TransactionKind.LOAN, quarter="Q3 2026")
    for kind in (TransactionKind.DONATION, TransactionKind.LOAN):
        client.post(_url(earlier, kind), {**ANSWERS[kind], "add_another": "No"})
    later = _draft(world, TransactionKind.LOAN)
    loans = client.get(_url(later, TransactionKind.LOAN)).content.decode()
    donations = client.get(_url(later, TransactionKind.DONATION)).content.decode()
    assert '<option value="Bryn Lender">' in loans
    assert '<option value="Alex Donor">' not in loans
    assert '<option value="Alex Donor">' in donations
    assert '<option value="Bryn Lender">' not in donations
    assert 'list="counterparties"' in loans
    # Another entity's names are never offered.
    other = filing_world()
    theirs = _draft(other, TransactionKind.LOAN)
    page = (
        signed_in_client(other["treasurer"])
        .get(_url(theirs, TransactionKind.LOAN))
        .content.decode()
    )
    assert "Bryn Lender" not in page


def _uploaded_findings(
    world: dict[str, Any], kind: TransactionKind, row: dict[str, str]
) -> tuple[Any, list[dict[str, Any]]]:
    # The same row uploaded by another party (one return per party and period).
    world = filing_world()
    version = _draft(world, kind)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TEMPLATES[kind])
    writer.writeheader()
    writer.writerow(row)
    upload = services.upload_receive(
        version=version,
        kind=kind,
        source=buffer.getvalue().encode(),
        file_name="one.csv",
        actor=world["treasurer"],
    )
    if upload.problems:
        return upload, upload.problems
    return upload, services.version_validate(version=version, actor=world["treasurer"]).findings


def _typed_findings(
    world: dict[str, Any], kind: TransactionKind, answers: dict[str, str]
) -> tuple[DraftTransaction, list[dict[str, Any]]]:
    version = _draft(world, kind)
    response = signed_in_client(world["treasurer"]).post(
        _url(version, kind), {**answers, "add_another": "No"}
    )
    assert response.status_code == 302
    checked = services.version_validate(version=version, actor=world["treasurer"])
    return version.transactions.get(), checked.findings


def test_a_typed_loan_gets_the_same_findings_as_the_same_row_uploaded(
    world: dict[str, Any],
) -> None:
    # Repaid in full but still marked outstanding: a warning and no error, so the uploaded
    # row is saved and both returns are checked whole.
    answers = dict(
        ANSWERS[TransactionKind.LOAN],
        AmountRepaid="50000.00",
        AmountOutstanding="0",
    )
    typed, typed_findings = _typed_findings(world, TransactionKind.LOAN, answers)
    upload, uploaded_findings = _uploaded_findings(world, TransactionKind.LOAN, typed.data)
    assert not upload.problems
    assert typed_findings, "the loan should draw findings"
    assert "loan_outstanding_without_balance" in {f["code"] for f in typed_findings}
    assert typed_findings == uploaded_findings


def test_a_typed_loan_with_errors_gets_the_uploads_errors(world: dict[str, Any]) -> None:
    answers = dict(
        ANSWERS[TransactionKind.LOAN],
        StartDate="05/10/2026",
        DateRepaid="01/10/2026",
        AmountOutstanding="1.00",
    )
    typed, typed_findings = _typed_findings(world, TransactionKind.LOAN, answers)
    upload, problems = _uploaded_findings(world, TransactionKind.LOAN, typed.data)
    assert upload.status == "pending", "a row with errors is held, not added"
    errors = [f for f in typed_findings if f["severity"] == "error"]
    assert {f["code"] for f in errors} >= {"loan_amounts_mismatch", "loan_repaid_before_start"}
    assert errors == problems
