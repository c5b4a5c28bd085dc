"""What a published donation means is built once (``finance.derived``): a donation that
reaches the public data by import of the Commission's file, by a filed return accepted and
published, or by a publication approver's correction ends up with the same derived
fields: its search date, search text, public-fund flag and (for an individual) no
postcode."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from regulator.audit.types import Actor
from regulator.core.testing import clock_frozen_at
from regulator.disclosure import services as disclosure_services
from regulator.filings import services as filing_services
from regulator.filings.models import ReturnKind, Status
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.tests.factories import TEMPLATE_DONATION
from regulator.finance.models import Donation
from regulator.finance.services import ec_file_import
from regulator.finance.types import DONATION_COLUMNS

pytestmark = pytest.mark.django_db

_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))

ACTOR = Actor.system("tests")
PUBLIC_FUND = {
    "DonorName": "Cabinet Office",
    "DonorStatus": "Public Fund",
    "DonationType": "Public Funds",
    "NatureOfDonation": "Short Money (House of Commons)",
}


def _filed(world: dict[str, Any], **cells: str) -> Donation:
    """File, accept and publish one donation; the finance record it became."""
    filed = filing_services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    )
    version = filed.current
    filing_services.transaction_add(
        version=version,
        kind=TransactionKind.DONATION,
        data=dict(TEMPLATE_DONATION, **cells),
        actor=world["treasurer"],
    )
    version = filing_services.version_validate(version=version, actor=world["treasurer"])
    assert version.status == Status.VALIDATED, version.findings
    filing_services.version_declare(version=version, user=world["treasurer"])
    filing_services.version_submit(version=version, user=world["treasurer"], idempotency_key="k")
    filing_services.version_review_start(version=version, analyst=world["analyst"])
    filing_services.version_accept(version=version, analyst=world["analyst"])
    filing_services.version_publish(version=version, approver=world["approver"])
    version.refresh_from_db()
    return Donation.objects.get(filed_return_id=version.finance_return_id)


def _imported(tmp_path: Path, entity: Any, ref: str, **cells: str) -> Donation:
    """Import one row of the Commission's layout; the record it became."""
    row = dict.fromkeys(DONATION_COLUMNS, "")
    row.update(
        ECRef=ref,
        RegulatedEntityName=entity.name,
        RegulatedEntityId=str(entity.pk),
        RegulatedEntityType="Political Party",
        RegisterName="Great Britain",
        Value="£15,000.00",
        AcceptedDate="03/10/2026",
        ReceivedDate="02/10/2026",
        ReportingPeriodName="Q4 2026",
        DonationType="Cash",
        DonorName="Alex Donor",
        DonorStatus="Individual",
    )
    row.update(cells)
    path = tmp_path / f"{ref}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=DONATION_COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    summary = ec_file_import(kind="donations", path=path, actor=ACTOR)
    assert summary.ok, summary.problems
    return Donation.objects.get(ec_ref=ref)


def _corrected(world: dict[str, Any], record: Donation, **changes: Any) -> Donation:
    """A publication approver corrects a published record through the staff service."""
    disclosure_services.record_correct(
        user=world["approver"],
        kind="donations",
        ec_ref=record.ec_ref,
        changes=changes,
        note="Corrected by the party",
    )
    return Donation.objects.get(pk=record.pk)


def test_a_filed_public_fund_donation_is_published_as_a_public_fund(
    world: dict[str, Any],
) -> None:
    record = _filed(world, **PUBLIC_FUND)
    assert record.is_public_fund is True
    public = Client().get(
        "/api/v1/donations/", {"is_public_fund": "true", "regulated_entity": world["entity"].pk}
    )
    assert [item["ec_ref"] for item in public.json()["results"]] == [record.ec_ref]
    private = Client().get(
        "/api/v1/donations/", {"is_public_fund": "false", "regulated_entity": world["entity"].pk}
    )
    assert private.json()["count"] == 0


def test_the_public_fund_flag_is_the_same_by_every_path(
    world: dict[str, Any], tmp_path: Path
) -> None:
    filed = _filed(world, **PUBLIC_FUND)
    imported = _imported(tmp_path, world["entity"], "PF1", **PUBLIC_FUND)
    plain = _imported(tmp_path, world["entity"], "PF2")
    corrected = _corrected(
        world,
        plain,
        donor_name="Cabinet Office",
        donor_status="Public Fund",
        donation_type="Public Funds",
    )
    assert filed.is_public_fund is imported.is_public_fund is corrected.is_public_fund is True
    back = _corrected(world, corrected, donor_status="Company", donation_type="Cash")
    assert back.is_public_fund is False


def test_the_search_date_is_the_same_by_every_path(world: dict[str, Any], tmp_path: Path) -> None:
    filed = _filed(world, AcceptedDate="05/10/2026", ReceivedDate="02/10/2026")
    imported = _imported(
        tmp_path, world["entity"], "SD1", AcceptedDate="05/10/2026", ReceivedDate="02/10/2026"
    )
    plain = _imported(tmp_path, world["entity"], "SD2")
    corrected = _corrected(world, plain, accepted_date=dt.date(2026, 10, 5))
    assert filed.date == imported.date == corrected.date == dt.date(2026, 10, 5)
    # With no accepted date (an imported row; a filed one must have it), the received
    # date stands in, at import and after a correction alike.
    fallback = _imported(tmp_path, world["entity"], "SD3", AcceptedDate="")
    cleared = _corrected(world, corrected, accepted_date=None)
    assert fallback.date == cleared.date == dt.date(2026, 10, 2)


def test_the_search_text_is_the_same_by_every_path(world: dict[str, Any], tmp_path: Path) -> None:
    filed = _filed(world, DonorName="Ünïcode  Donor, Ltd.")
    imported = _imported(tmp_path, world["entity"], "ST1", DonorName="Ünïcode  Donor, Ltd.")
    plain = _imported(tmp_path, world["entity"], "ST2")
    corrected = _corrected(world, plain, donor_name="Ünïcode  Donor, Ltd.")
    assert filed.search_text == imported.search_text == corrected.search_text
    assert filed.search_text.startswith("unicode donor ltd ")


def test_an_individuals_postcode_is_never_kept_by_any_path(
    world: dict[str, Any], tmp_path: Path
) -> None:
    imported = _imported(
        tmp_path, world["entity"], "PC1", DonorStatus="individuals", Postcode="SW1A 1AA"
    )
    company = _imported(
        tmp_path,
        world["entity"],
        "PC2",
        DonorStatus="Company",
        DonorName="Acme Ltd",
        CompanyRegistrationNumber="01234567",
        Postcode="SW1A 1AA",
    )
    assert company.postcode == "SW1A 1AA"
    corrected = _corrected(world, company, donor_status="Individual", donor_name="Alex Donor")
    assert imported.postcode == corrected.postcode == ""
    # A filed return never carries a donor's postcode at all.
    assert _filed(world).postcode == ""


def test_values_read_the_same_by_every_path(world: dict[str, Any], tmp_path: Path) -> None:
    filed = _filed(world, Value="15000.00")
    imported = _imported(tmp_path, world["entity"], "V1", Value="£15,000.00")
    assert filed.value == imported.value == Decimal("15000.00")
