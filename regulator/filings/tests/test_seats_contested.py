"""A party's campaign spending return asks, when it is started, how many constituencies
the party contested in each part of the UK (on the page, through the API and in the
service), so the party's spending limit (PPERA 2000 Sch. 9 para 3) is checked in the
online journey, as ``filings_validate --seats`` does on a file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import FiledReturn, ReturnKind
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError, FilingErrorCode
from regulator.filings.tests.factories import SEATS, filing_world
from regulator.identity.testing import signed_in_client

pytestmark = pytest.mark.django_db

_frozen = clock_frozen_at(dt.datetime(2024, 8, 20, 12, tzinfo=dt.UTC))

POLL = "UK Parliamentary general election 04/07/2024"
WALES_ITEM = {
    "SupplierName": "Ad Agency",
    "ExpenseCategoryName": "Advertising",
    "TotalExpenditure": "120000.00",
    "AmountInEngland": "",
    "AmountInScotland": "",
    "AmountInWales": "120000.00",
    "AmountInNorthernIreland": "",
    "DateIncurred": "01/06/2024",
    "DateOfClaimForPayment": "10/07/2024",
    "DatePaid": "20/07/2024",
    "InvoiceReference": "INV-9",
}


def _spending(world: dict[str, Any], seats: dict[str, Any] | None) -> FiledReturn:
    return services.return_create(
        entity=world["entity"],
        kind=ReturnKind.CAMPAIGN_SPENDING,
        period_name=POLL,
        actor=world["treasurer"],
        seats_contested=seats,
    )


def _over_limit(world: dict[str, Any], filed: FiledReturn) -> list[dict[str, Any]]:
    services.transaction_add(
        version=filed.current,
        kind=TransactionKind.SPENDING,
        data=WALES_ITEM,
        actor=world["treasurer"],
    )
    version = services.version_validate(version=filed.current, actor=world["treasurer"])
    return [f for f in version.findings if f["code"] == "spending_over_limit"]


def test_the_party_limit_is_checked_on_a_stored_return(world: dict[str, Any]) -> None:
    # Wales, 2 seats: the greater of 2 x £54,010 and £108,030 is £108,030; £120,000 is over.
    two = _spending(world, {**SEATS, "wales": 2})
    assert two.seats_contested == {**SEATS, "wales": 2}
    [over] = _over_limit(world, two)
    assert over["params"]["limit"] == "108030.00"
    # With 3 seats the limit is £162,030 (another party: one return per party and poll).
    other = filing_world()
    three = _spending(other, {**SEATS, "wales": 3})
    assert _over_limit(other, three) == []
    created = AuditEvent.objects.filter(action="filings.return_created").latest("seq")
    assert created.payload["seats_contested"]["wales"] == 3


@pytest.mark.parametrize(
    "seats",
    [
        None,
        {"england": 533},
        {**SEATS, "wales": -1},
        {**SEATS, "wales": "lots"},
        {**SEATS, "mars": 1},
    ],
)
def test_a_party_spending_return_needs_the_seats(world: dict[str, Any], seats: Any) -> None:
    with pytest.raises(FilingError) as refused:
        _spending(world, seats)
    assert refused.value.code == FilingErrorCode.SEATS_REQUIRED
    assert not FiledReturn.objects.exists()


def test_other_returns_keep_no_seats(world: dict[str, Any]) -> None:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q2 2024",
        actor=world["treasurer"],
        seats_contested=SEATS,
    )
    assert filed.seats_contested == {}


@pytest.mark.parametrize(("prefix", "says"), [("", "Enter the number"), ("/cy", "Rhowch nifer")])
def test_the_new_return_page_asks_for_the_seats(
    world: dict[str, Any], prefix: str, says: str
) -> None:
    client = signed_in_client(world["treasurer"])
    url = f"{prefix}/filing/new/"
    page = client.get(url).content.decode()
    assert 'name="seats_england"' in page
    posted = {"entity": world["entity"].pk, "kind": "campaign-spending", "period_name": POLL}
    response = client.post(url, {**posted, "seats_england": "533", "seats_wales": "x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert says in body
    assert not FiledReturn.objects.exists()
    seats = {
        "seats_england": "533",
        "seats_scotland": "57",
        "seats_wales": "32",
        "seats_northern_ireland": "0",
    }
    response = client.post(url, {**posted, **seats})
    assert response.status_code == 302
    filed = FiledReturn.objects.get()
    assert filed.seats_contested == SEATS


def test_the_filing_api_takes_the_seats(world: dict[str, Any]) -> None:
    _token, key = services.filer_token_issue(
        user=world["treasurer"], name="Ledger", actor=Actor.system("tests")
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Filer-Token {key}")
    body = {"entity": world["entity"].pk, "kind": "campaign-spending", "period_name": POLL}
    refused = client.post("/api/v1/filings/returns/", body, format="json")
    assert refused.status_code == 422
    assert refused.json()["code"] == "seats_required"
    created = client.post(
        "/api/v1/filings/returns/", {**body, "seats_contested": SEATS}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["seats_contested"] == SEATS
