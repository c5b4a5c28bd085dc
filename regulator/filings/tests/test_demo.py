"""The filings demo: returns in several states for the demo party, and its campaign spending
return and statement of accounts with their documents, made once."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils.html import escape

from regulator.audit.models import AuditEvent
from regulator.core import clock
from regulator.filings import demo
from regulator.filings.models import (
    AccountsFigures,
    Attachment,
    Company,
    DraftTransaction,
    FiledReturn,
    ReturnKind,
    ReturnVersion,
    Status,
    StatusChange,
)
from regulator.filings.rules import RuleCode
from regulator.filings.services import documents
from regulator.filings.tests.factories import figures_ensure

pytestmark = pytest.mark.django_db


def test_demo_returns_in_several_states_idempotent(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    figures_ensure()
    from regulator.identity import demo as identity_demo
    from regulator.register import demo as register_demo

    identity_demo.load(scale=1, stdout=StringIO())
    register_demo.cast_load(stdout=StringIO())
    clock.freeze(dt.datetime(2026, 12, 15, 12, tzinfo=dt.UTC))
    try:
        assert demo.load_returns(stdout=StringIO()) == 4
        statuses = {
            filed.period_name: filed.current.status
            for filed in FiledReturn.objects.filter(entity_id=demo.DEMO_ENTITY)
        }
        assert statuses == {
            "Q1 2026": Status.PUBLISHED,
            "Q2 2026": Status.QUERIED,
            "Q3 2026": Status.SUBMITTED,
            "Q4 2026": Status.VALIDATED,
        }
        draft = FiledReturn.objects.get(entity_id=demo.DEMO_ENTITY, period_name="Q4 2026")
        assert draft.current.transactions.count() == 3
        versions = ReturnVersion.objects.count()
        assert demo.load_returns(stdout=StringIO()) == 0
        assert ReturnVersion.objects.count() == versions
        assert FiledReturn.objects.filter(entity_id=demo.DEMO_ENTITY).count() == 4
    finally:
        clock.freeze(None)


@pytest.fixture
def demo_world(settings: Any) -> Any:
    settings.NOTIFY_BACKEND = "memory"
    figures_ensure()
    from regulator.identity import demo as identity_demo
    from regulator.register import demo as register_demo

    identity_demo.load(scale=1, stdout=StringIO())
    register_demo.cast_load(stdout=StringIO())
    clock.freeze(dt.datetime(2026, 12, 15, 12, tzinfo=dt.UTC))
    yield
    clock.freeze(None)


def _stored(attachment: Attachment) -> bytes:
    with default_storage.open(attachment.file.name) as stored:
        return bytes(stored.read())


def _found(pattern: bytes, data: bytes) -> bytes:
    match = re.search(pattern, data)
    assert match is not None, pattern
    return match.group(1)


def _assert_well_formed_pdf(data: bytes) -> None:
    """What a reader needs to open it: header, every cross-reference entry pointing at its
    object, startxref at the table, the stream as long as it says, the end marker."""
    assert data.startswith(b"%PDF-1.")
    assert data.endswith(b"%%EOF\n")
    xref = int(_found(rb"startxref\n(\d+)\n", data))
    assert data[xref:].startswith(b"xref\n0 6\n")
    entries = re.findall(rb"(\d{10}) 00000 n \n", data[xref:])
    assert len(entries) == 5
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset) :].startswith(b"%d 0 obj\n" % number)
    length = int(_found(rb"/Length (\d+) >>\nstream\n", data))
    body = data[data.index(b"stream\n") + 7 :]
    assert body[length:].startswith(b"\nendstream")


def test_the_tiny_pdf_is_well_formed_and_says_what_it_is() -> None:
    data = demo.tiny_pdf("Invoice (No. 1)", ["Total: £950.00", "back\\slash"])
    _assert_well_formed_pdf(data)
    assert documents.detect_type(data[:16]) == "application/pdf"
    # Brackets and backslashes escaped, £ in the font's WinAnsi encoding.
    assert b"(Invoice \\(No. 1\\)) Tj" in data
    assert b"(Total: \xa3950.00) Tj" in data
    assert b"(back\\\\slash) Tj" in data
    assert demo.tiny_pdf("Invoice (No. 1)", ["Total: £950.00", "back\\slash"]) == data


def test_demo_spending_return_shows_an_invoice_and_the_200_pound_rule(demo_world: Any) -> None:
    assert demo.load_document_returns(stdout=StringIO()) == 2
    filed = FiledReturn.objects.get(entity_id=demo.DEMO_ENTITY, kind=ReturnKind.CAMPAIGN_SPENDING)
    assert filed.period_name == demo.SPENDING_PERIOD
    assert filed.due_date == dt.date(2027, 1, 1)
    assert filed.created_by.email == demo.TREASURER
    version = filed.current
    assert version.status == Status.DRAFT
    # Typed one by one (no file uploaded), as the question pages do.
    assert not version.uploads.exists()
    assert AuditEvent.objects.filter(action="filings.transaction_added").count() == 3
    rows = {item.row: item.data for item in version.transactions.all()}
    assert {row: data["TotalExpenditure"] for row, data in rows.items()} == {
        1: "950.00",
        2: "480.00",
        3: "150.00",
    }
    # The invoice belongs to the £950 item; the £480 item has none, the £150 one needs none.
    invoice = Attachment.objects.get(version=version)
    assert invoice.transaction is not None
    assert invoice.transaction.row == 1
    assert invoice.original_name == demo.INVOICE_NAME
    assert invoice.content_type == "application/pdf"
    data = _stored(invoice)
    assert len(data) == invoice.size
    _assert_well_formed_pdf(data)
    assert b"(Invoice INV-2026-0147) Tj" in data
    # Checked, so the findings are stored: the £200 rule on row 2 and nothing else.
    assert version.validated_at is not None
    assert [(f["row"], f["code"], f["severity"]) for f in version.findings] == [
        (2, RuleCode.SPENDING_DOCUMENT_MISSING, "error")
    ]


def test_demo_accounts_have_figures_and_the_accounts_pdf(demo_world: Any) -> None:
    demo.load_document_returns(stdout=StringIO())
    filed = FiledReturn.objects.get(entity_id=demo.DEMO_ENTITY, kind=ReturnKind.ACCOUNTS)
    version = filed.current
    assert version.status == Status.DRAFT
    figures = AccountsFigures.objects.get(version=version)
    assert figures.total_income == Decimal("312400.00")
    assert figures.total_expenditure == Decimal("287950.40")
    assert figures.audited is True
    assert figures.auditor_name == demo.AUDITOR
    assert figures.entered_by.email == demo.TREASURER
    accounts = Attachment.objects.get(version=version)
    assert accounts.transaction is None
    assert accounts.original_name == demo.ACCOUNTS_NAME
    assert accounts.content_type == "application/pdf"
    data = _stored(accounts)
    _assert_well_formed_pdf(data)
    assert b"(Total income: \xa3312,400.00) Tj" in data
    # Nothing is missing for the declaration: what is left is the treasurer's to do.
    documents.declare_check(version)
    assert AuditEvent.objects.filter(action="filings.accounts_figures_set").count() == 1


def _snapshot() -> dict[str, Any]:
    folder = Path(django_settings.MEDIA_ROOT) / documents.FOLDER
    return {
        "companies": Company.objects.count(),
        "returns": sorted(
            FiledReturn.objects.values_list("entity_id", "kind", "period_name", "due_date")
        ),
        "versions": sorted(ReturnVersion.objects.values_list("pk", "status", "validated_at")),
        "rows": DraftTransaction.objects.count(),
        "history": StatusChange.objects.count(),
        "attachments": sorted(Attachment.objects.values_list("pk", "sha256", "transaction_id")),
        "figures": sorted(AccountsFigures.objects.values_list("pk", "entered_at")),
        "audit": AuditEvent.objects.count(),
        "files": sorted(str(p) for p in folder.rglob("*")) if folder.exists() else [],
    }


def test_loading_the_whole_filings_demo_twice_changes_nothing(demo_world: Any) -> None:
    first = StringIO()
    demo.load(scale=1, stdout=first)
    assert "documents: 2 demo returns" in first.getvalue()
    before = _snapshot()
    assert len(before["returns"]) == 6
    assert len(before["attachments"]) == 2
    again = StringIO()
    demo.load(scale=1, stdout=again)
    assert "documents: 0 demo returns" in again.getvalue()
    assert "returns: 0 demo returns" in again.getvalue()
    assert _snapshot() == before


def test_the_printed_sign_ins_say_who_sees_the_filing_demo() -> None:
    out = StringIO()
    call_command("demo_accounts_print", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if "Filing demo" in line]
    assert len(lines) == 1
    assert "invoices, accounts" in lines[0]
    assert lines[0].split()[-3:] == [demo.TREASURER, "/", "demo-filer-password"]


def test_the_treasurer_finds_the_documents_and_the_findings_on_the_pages(
    demo_world: Any,
) -> None:
    from django.test import Client
    from django.urls import reverse

    from regulator.identity.models import User
    from regulator.identity.testing import sign_in

    demo.load_document_returns(stdout=StringIO())
    client = Client()
    sign_in(client, User.objects.get(email=demo.TREASURER))
    spending = FiledReturn.objects.get(kind=ReturnKind.CAMPAIGN_SPENDING)
    accounts = FiledReturn.objects.get(kind=ReturnKind.ACCOUNTS)
    dashboard = client.get(reverse("filings:dashboard")).content.decode()
    assert demo.SPENDING_PERIOD in dashboard
    page = client.get(reverse("filings:return_detail", args=[spending.pk])).content.decode()
    assert demo.INVOICE_NAME in page
    assert escape(demo.SPENDING_ITEMS[1][0]) in page
    results = client.get(reverse("filings:return_results", args=[spending.pk])).content.decode()
    assert "must be supported by an invoice or a receipt" in results
    welsh = client.get(f"/cy{reverse('filings:return_results', args=[spending.pk])}")
    assert "rhaid cael anfoneb neu dderbynneb" in welsh.content.decode()
    page = client.get(reverse("filings:return_detail", args=[accounts.pk])).content.decode()
    assert demo.ACCOUNTS_NAME in page
    figures = client.get(reverse("filings:accounts_figures", args=[accounts.pk])).content.decode()
    assert "312400.00" in figures
    assert escape(demo.AUDITOR) in figures
    invoice = Attachment.objects.get(version=spending.current)
    download = client.get(reverse("filings:document_download", args=[spending.pk, invoice.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")  # type: ignore[attr-defined]  # a FileResponse streams
