"""A return's documents in a real browser: in English a treasurer's invoice for a spending
item (an .exe renamed .pdf refused first), checked and downloaded; in Welsh the figures
and the PDF of a statement of accounts. axe-core and the CSP are checked on every page
(tests/browser/conftest.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Page, expect

from regulator.filings import services
from regulator.filings.models import AccountsFigures, Attachment, ReturnKind
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.tests.factories import SEATS, filing_world
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def _file(name: str, data: bytes, mime: str = "application/pdf") -> FilePayload:
    return {"name": name, "mimeType": mime, "buffer": data}


def test_an_invoice_uploaded_to_a_spending_item_in_english(
    page: Page, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = filing_world()
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.CAMPAIGN_SPENDING,
        period_name="UK Parliamentary general election 04/07/2024",
        actor=world["treasurer"],
        seats_contested=SEATS,
    )
    services.transaction_add(
        version=filed.current,
        kind=TransactionKind.SPENDING,
        data={
            "SupplierName": "Print Works Ltd",
            "ExpenseCategoryName": "Advertising",
            "TotalExpenditure": "950.00",
            "AmountInEngland": "950.00",
            "DateIncurred": "01/06/2024",
            "DateOfClaimForPayment": "10/07/2024",
            "DatePaid": "20/07/2024",
        },
        actor=world["treasurer"],
    )
    sign_in(page.context, live_server, world["treasurer"])
    page.set_default_timeout(20_000)

    page.goto(f"/filing/returns/{filed.pk}/")
    expect(page.locator("#documents-heading")).to_have_text("Documents")
    # Checked without its invoice: the £200 rule says so.
    page.locator("form[action$='/check/'] button").click()
    expect(page.locator("main")).to_contain_text("must be supported by an invoice or a receipt")
    page.goto(f"/filing/returns/{filed.pk}/")
    page.locator("a.govuk-button[href$='/documents/upload/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a document")
    # A program renamed .pdf is refused on the field, and nothing is kept.
    page.locator("#id_file").set_input_files(_file("invoice.pdf", EXE))
    page.locator("#id_row").select_option("1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_file-error")).to_contain_text("is not a PDF, PNG or JPEG file")
    assert not Attachment.objects.exists()
    page.locator("#id_file").set_input_files(_file("invoice 42.pdf", PDF))
    page.locator("#id_row").select_option("1")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/filing/returns/{filed.pk}/$"))
    table = page.locator("#documents-table")
    expect(table).to_contain_text("invoice 42.pdf")
    expect(table).to_contain_text("Row 1")
    attached_to = Attachment.objects.get().transaction
    assert attached_to is not None
    assert attached_to.row == 1

    with page.expect_download() as download:
        table.get_by_role("link", name="invoice 42.pdf").click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "invoice 42.pdf"
    assert saved.read_bytes() == PDF

    # Checked again with the invoice attached: no error stops the declaration.
    page.locator("form[action$='/check/'] button").click()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("must be supported by an invoice")


def test_accounts_figures_and_document_in_welsh(
    page: Page, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = filing_world()
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.ACCOUNTS,
        period_name="Accounts 2025",
        actor=world["treasurer"],
    )
    sign_in(page.context, live_server, world["treasurer"])
    page.set_default_timeout(20_000)

    page.goto(f"/cy/filing/returns/{filed.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("#documents-heading")).to_have_text("Dogfennau")
    page.locator("a[href$='/accounts/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ffigurau\u2019r cyfrifon")
    # Over £250,000 but not audited: refused on the question, nothing saved.
    page.locator("#id_total_income").fill("£300,000.00")
    page.locator("#id_total_expenditure").fill("120000")
    page.locator("input[name=audited][value=No]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_audited-error")).to_contain_text("rhaid archwilio\u2019r cyfrifon")
    assert not AccountsFigures.objects.exists()
    page.locator("input[name=audited][value=Yes]").check()
    page.locator("#id_auditor_name").fill("Archwilwyr Cymru Cyf")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/cy/filing/returns/{filed.pk}/$"))
    expect(page.locator("#accounts-figures")).to_contain_text("Archwilwyr Cymru Cyf")

    page.locator("a.govuk-button[href$='/documents/upload/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uwchlwytho dogfen")
    page.locator("#id_file").set_input_files(_file("cyfrifon-2026.pdf", PDF))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/cy/filing/returns/{filed.pk}/$"))
    expect(page.locator("#documents-table")).to_contain_text("cyfrifon-2026.pdf")
    expect(page.locator("#documents-table")).to_contain_text("Y ffurflen gyfan")
    figures = AccountsFigures.objects.get(version=filed.current)
    assert figures.auditor_name == "Archwilwyr Cymru Cyf"
    assert str(figures.total_income) == "300000.00"
