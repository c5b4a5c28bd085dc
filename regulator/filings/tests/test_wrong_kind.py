"""A return holds only what the law asks it to report: a loan or a donation in a campaign
spending return, or spending in a quarterly report, is refused with a clear reason by the
question pages' service, the upload and the filing API alike, and nothing is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from regulator.audit.types import Actor
from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import DraftTransaction, ReturnKind, Upload
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError, FilingErrorCode, filer_token_issue
from regulator.filings.tests.factories import SEATS, TEMPLATE_DONATION, donations_csv, filing_world

pytestmark = pytest.mark.django_db


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _return(world: dict[str, Any], kind: str, period: str) -> Any:
    return services.return_create(
        entity=world["entity"],
        kind=kind,
        period_name=period,
        actor=world["treasurer"],
        seats_contested=SEATS,
    )


def test_donations_are_refused_by_a_spending_return_typed_or_uploaded() -> None:
    world = filing_world()
    spending = _return(
        world, ReturnKind.CAMPAIGN_SPENDING, "UK Parliamentary general election 01/10/2026"
    )
    with pytest.raises(FilingError) as typed:
        services.transaction_add(
            version=spending.current,
            kind=TransactionKind.DONATION,
            data=dict(TEMPLATE_DONATION),
            actor=world["treasurer"],
        )
    assert typed.value.code == FilingErrorCode.WRONG_KIND
    assert "campaign spending return does not report donations" in typed.value.message
    with pytest.raises(FilingError) as uploaded:
        services.upload_receive(
            version=spending.current,
            kind=TransactionKind.DONATION,
            source=donations_csv(3),
            file_name="donations.csv",
            actor=world["treasurer"],
        )
    assert uploaded.value.code == FilingErrorCode.WRONG_KIND
    assert not DraftTransaction.objects.filter(version=spending.current).exists()
    assert not Upload.objects.exists()


def test_the_same_donations_are_taken_by_a_quarterly_report() -> None:
    world = filing_world()
    quarterly = _return(world, ReturnKind.QUARTERLY_CENTRAL, "Q4 2026")
    received = services.upload_receive(
        version=quarterly.current,
        kind=TransactionKind.DONATION,
        source=donations_csv(3),
        file_name="donations.csv",
        actor=world["treasurer"],
    )
    assert received.row_count == 3


def test_the_filing_api_refuses_spending_in_a_quarterly_report() -> None:
    world = filing_world()
    quarterly = _return(world, ReturnKind.QUARTERLY_CENTRAL, "Q4 2026")
    _token, key = filer_token_issue(
        user=world["treasurer"], name="Ledger", actor=Actor.system("tests")
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Filer-Token {key}")
    response = client.post(
        f"/api/v1/filings/returns/{quarterly.pk}/transactions/",
        {
            "kind": "spending",
            "rows": [{"SupplierName": "Printers Ltd", "TotalExpenditure": "120.00"}],
        },
        format="json",
    )
    assert response.status_code == 422, response.json()
    assert response.json()["code"] == "wrong_kind"
    assert not DraftTransaction.objects.filter(version=quarterly.current).exists()
