"""A return's documents become the regulator's records when it is submitted: invoices and
receipts in FIL-DOC, a statement of accounts in FIL-SOA, the bytes checked into the
records store; an amendment's carried copies are the same records; publication starts
their retention clocks (six years for invoices)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import ReturnKind, Status
from regulator.filings.services.records_seam import SOURCE
from regulator.filings.tests.test_documents import PDF, PNG, _add, _spending, _submitted
from regulator.records import selectors as records_selectors
from regulator.records import services as records_services
from regulator.records.models import Record

pytestmark = pytest.mark.django_db

_frozen = clock_frozen_at(dt.datetime(2024, 8, 1, 12, tzinfo=dt.UTC))


def _records() -> list[Record]:
    return list(Record.objects.filter(source=SOURCE).select_related("record_class"))


def test_submitted_documents_are_records_and_publication_starts_their_clock(
    world: dict[str, Any],
) -> None:
    version = _spending(world, "950.00")
    _add(world, version, row=version.transactions.get(row=1))
    _add(world, version, PNG, name="summary.png")
    assert _records() == []  # a draft's documents can still change: not records yet
    version = _submitted(world, version)
    assert version.status == Status.SUBMITTED

    found = {r.file_name: r for r in _records()}
    assert set(found) == {"invoice.pdf", "summary.png"}
    invoice = found["invoice.pdf"]
    assert invoice.record_class.code == "FIL-DOC"
    assert invoice.entity == world["entity"].pk
    assert version.receipt_reference
    assert version.receipt_reference in invoice.title
    assert invoice.expires_on is None  # its clock runs from publication
    assert records_services.record_content(record=invoice, actor=world["analyst"]) == PDF
    assert (
        records_selectors.records_of_source(source=SOURCE, source_id=invoice.source_id).count() == 1
    )

    # Queried, amended and submitted again with the same documents: the same records.
    services.version_query(version=version, analyst=world["analyst"], question="Why?")
    amendment = services.version_amend(
        version=version, user=world["treasurer"], change_note="Corrected"
    )
    amendment = _submitted(world, amendment)
    assert len(_records()) == 2

    services.version_accept(version=amendment, analyst=world["analyst"])
    services.version_publish(version=amendment, approver=world["approver"])
    invoice.refresh_from_db()
    assert invoice.trigger_on == dt.date(2024, 8, 1)
    assert invoice.expires_on == dt.date(2030, 8, 1)


def test_a_statement_of_accounts_is_a_record_of_its_own_class(world: dict[str, Any]) -> None:
    accounts = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.ACCOUNTS,
        period_name="Accounts 2025",
        actor=world["treasurer"],
    ).current
    services.accounts_figures_set(
        version=accounts,
        total_income=Decimal("30000"),
        total_expenditure=Decimal("12000"),
        audited=False,
        auditor_name="",
        actor=world["treasurer"],
    )
    _add(world, accounts, name="accounts-2025.pdf")
    _submitted(world, accounts)
    (record,) = _records()
    assert record.record_class.code == "FIL-SOA"
    assert record.file_name == "accounts-2025.pdf"


def test_documents_submitted_before_the_seam_are_declared_by_the_command(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from regulator.filings.services import publication, submission

    # As before returns declared their documents: submitted and published, no records.
    monkeypatch.setattr(submission, "version_documents_declare", lambda **_kw: 0)
    monkeypatch.setattr(publication, "version_documents_published", lambda **_kw: 0)
    version = _spending(world, "950.00")
    _add(world, version, row=version.transactions.get(row=1))
    version = _submitted(world, version)
    services.version_accept(version=version, analyst=world["analyst"])
    services.version_publish(version=version, approver=world["approver"])
    assert _records() == []
    monkeypatch.undo()

    out = StringIO()
    call_command("filings_documents_declare", stdout=out)
    assert "1 documents of 1 submitted versions declared" in out.getvalue()
    assert "clocks started for 1 records" in out.getvalue()
    (record,) = _records()
    assert record.expires_on == dt.date(2030, 8, 1)
    again = StringIO()
    call_command("filings_documents_declare", stdout=again)
    assert "clocks started for 0 records" in again.getvalue()
    assert len(_records()) == 1
