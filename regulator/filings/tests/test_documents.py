"""A return's documents, for real (files under MEDIA_ROOT, the database, the pages): what
is accepted and refused and why, who may download, nothing changes after submission, an
amendment carries documents and figures, the £200 rule on a stored return, a statement
of accounts needs its figures and PDF before it is declared, and a backup restores the
bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from regulator.audit.models import AuditEvent
from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import AccountsFigures, Attachment, ReturnKind, ReturnVersion, Status
from regulator.filings.rules import RuleCode
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import DocumentErrorCode, FilingError
from regulator.filings.tests.factories import SEATS, filing_world
from regulator.identity.testing import signed_in_client

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
POLL = "UK Parliamentary general election 04/07/2024"
EARLIER_POLL = "UK Parliamentary general election 12/12/2019"  # a second return's period


_frozen = clock_frozen_at(dt.datetime(2024, 8, 1, 12, tzinfo=dt.UTC))


def _spending_row(total: str) -> dict[str, str]:
    return {
        "SupplierName": "Print Works Ltd",
        "ExpenseCategoryName": "Advertising",
        "TotalExpenditure": total,
        "AmountInEngland": total,
        "AmountInScotland": "",
        "AmountInWales": "",
        "AmountInNorthernIreland": "",
        "DateIncurred": "01/06/2024",
        "DateOfClaimForPayment": "10/07/2024",
        "DatePaid": "20/07/2024",
        "InvoiceReference": "INV-1",
    }


def _spending(world: dict[str, Any], *totals: str, poll: str = POLL) -> ReturnVersion:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.CAMPAIGN_SPENDING,
        period_name=poll,
        actor=world["treasurer"],
        seats_contested=SEATS,
    )
    version = filed.current
    for total in totals:
        services.transaction_add(
            version=version,
            kind=TransactionKind.SPENDING,
            data=_spending_row(total),
            actor=world["treasurer"],
        )
    return version


def _accounts(world: dict[str, Any]) -> ReturnVersion:
    return services.return_create(
        entity=world["entity"],
        kind=ReturnKind.ACCOUNTS,
        period_name="Accounts 2025",
        actor=world["treasurer"],
    ).current


def _submitted(world: dict[str, Any], version: ReturnVersion) -> ReturnVersion:
    version = services.version_validate(version=version, actor=world["treasurer"])
    assert version.status == Status.VALIDATED, version.findings
    services.version_declare(version=version, user=world["treasurer"])
    return services.version_submit(
        version=version, user=world["treasurer"], idempotency_key=f"k{version.pk}"
    )


def _add(world: dict[str, Any], version: ReturnVersion, data: bytes = PDF, **kw: Any) -> Any:
    return services.attachment_add(
        version=version,
        source=data,
        file_name=kw.pop("name", "invoice.pdf"),
        actor=world["treasurer"],
        **kw,
    )


def _streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _codes(version: ReturnVersion) -> set[str]:
    return {f["code"] for f in version.findings}


# --- What is accepted and refused -------------------------------------------------------------


def test_a_pdf_is_accepted_stored_once_by_its_hash_and_audited(world: dict[str, Any]) -> None:
    version = _spending(world, "950.00")
    row = version.transactions.get(row=1)
    doc = _add(world, version, row=row)
    assert doc.content_type == "application/pdf"
    assert doc.size == len(PDF)
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
    assert doc.original_name == "invoice.pdf"
    assert doc.transaction == row
    assert doc.file.name == f"filings/documents/{doc.sha256[:2]}/{doc.sha256}.pdf"
    assert default_storage.open(doc.file.name).read() == PDF
    event = AuditEvent.objects.get(action="filings.document_added")
    assert event.payload["sha256"] == doc.sha256
    assert event.payload["row"] == 1
    # PNG and JPEG too, read from the bytes whatever the name says.
    assert _add(world, version, PNG, name="receipt.pdf").content_type == "image/png"
    assert _add(world, version, JPEG, name="photo").content_type == "image/jpeg"
    # The same bytes twice: two documents, one stored file.
    again = _add(world, version, name="copy.pdf")
    assert again.file.name == doc.file.name


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_kept(world: dict[str, Any]) -> None:
    version = _spending(world, "950.00")
    with pytest.raises(FilingError) as refused:
        _add(world, version, EXE, name="invoice.pdf")
    assert refused.value.code == DocumentErrorCode.TYPE_NOT_ALLOWED
    assert "not a PDF, PNG or JPEG" in refused.value.message
    assert "invoice.pdf" in refused.value.message
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="filings.document_added").exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob(hashlib.sha256(EXE).hexdigest() + "*"))


def test_an_empty_file_is_refused(world: dict[str, Any]) -> None:
    with pytest.raises(FilingError) as refused:
        _add(world, _spending(world), b"")
    assert refused.value.code == DocumentErrorCode.EMPTY


def test_the_size_limit_is_10_mb_and_the_error_says_so(world: dict[str, Any]) -> None:
    version = _spending(world)
    with pytest.raises(FilingError) as refused:
        _add(world, version, PDF + b"0" * (10 * 1024 * 1024 - len(PDF) + 1), name="big.pdf")
    assert refused.value.code == DocumentErrorCode.TOO_LARGE
    assert "larger than 10 MB. Upload a file of 10 MB or less" in refused.value.message
    assert "big.pdf" in refused.value.message
    exactly = _add(world, version, PDF + b"0" * (10 * 1024 * 1024 - len(PDF)), name="ok.pdf")
    assert exactly.size == 10 * 1024 * 1024


@override_settings(ATTACHMENT_MAX_BYTES=100)
def test_the_size_limit_is_a_setting(world: dict[str, Any]) -> None:
    version = _spending(world)
    with pytest.raises(FilingError) as refused:
        _add(world, version, PDF + b"0" * (101 - len(PDF)))
    assert refused.value.code == DocumentErrorCode.TOO_LARGE
    assert "100\xa0bytes" in refused.value.message
    assert _add(world, version, PDF + b"0" * (100 - len(PDF))).size == 100
    assert Attachment.objects.count() == 1


def test_a_row_of_another_return_is_refused(world: dict[str, Any]) -> None:
    version = _spending(world)
    other = _spending(world, "300.00", poll=EARLIER_POLL)
    with pytest.raises(FilingError) as refused:
        _add(world, version, row=other.transactions.get())
    assert refused.value.code == DocumentErrorCode.ROW_NOT_IN_RETURN


# --- The pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "refusal"),
    [("", "is not a PDF, PNG or JPEG file"), ("/cy", "yn ffeil PDF, PNG na JPEG")],
)
def test_upload_page_accepts_a_pdf_and_refuses_an_exe_in_both_languages(
    world: dict[str, Any], prefix: str, refusal: str
) -> None:
    version = _spending(world, "950.00")
    client = signed_in_client(world["treasurer"])
    url = f"{prefix}/filing/returns/{version.filed_return_id}/documents/upload/"
    page = client.post(url, {"file": SimpleUploadedFile("invoice.pdf", EXE), "row": "1"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "govuk-error-summary" in body
    assert refusal in body.replace("&#x27;", "\u2019").replace("'", "\u2019")
    assert not Attachment.objects.exists()
    done = client.post(url, {"file": SimpleUploadedFile("invoice.pdf", PDF), "row": "1"})
    assert done.status_code == 302
    doc = Attachment.objects.get()
    assert doc.transaction is not None
    assert doc.transaction.row == 1
    detail = client.get(f"{prefix}/filing/returns/{version.filed_return_id}/").content.decode()
    assert 'id="documents"' in detail
    assert "invoice.pdf" in detail
    assert f"/documents/{doc.pk}/" in detail


def test_remove_from_a_draft_deletes_bytes_no_one_else_holds(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    version = _spending(world)
    doc = _add(world, version)
    twin = _add(world, version, name="again.pdf")
    client = signed_in_client(world["treasurer"])
    url = f"/filing/returns/{version.filed_return_id}/documents/{doc.pk}/remove/"
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    # The twin still holds the same bytes.
    assert default_storage.exists(twin.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=twin, actor=world["treasurer"])
    assert not default_storage.exists(twin.file.name)
    assert not Attachment.objects.exists()
    assert AuditEvent.objects.filter(action="filings.document_removed").count() == 2


def test_download_by_a_member_a_stranger_and_the_public(world: dict[str, Any]) -> None:
    version = _spending(world)
    doc = _add(world, version, name="Invoice 7.PDF")
    url = f"/filing/returns/{version.filed_return_id}/documents/{doc.pk}/"
    response = signed_in_client(world["agent"]).get(url)
    assert response.status_code == 200
    assert _streamed(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Invoice 7.PDF" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # A filer of another entity: 404, as if there were no such document.
    stranger = filing_world()["treasurer"]
    assert signed_in_client(stranger).get(url).status_code == 404
    # The public: sent to sign in.
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/documents/" not in anonymous.get("Location", "").split("?")[0]
    # A document of another return through this return's address: 404.
    other = _spending(world, poll=EARLIER_POLL)
    foreign = _add(world, other, PNG)
    wrong = f"/filing/returns/{version.filed_return_id}/documents/{foreign.pk}/"
    assert signed_in_client(world["agent"]).get(wrong).status_code == 404
    # Filers' downloads are not staff custody events.
    assert not AuditEvent.objects.filter(action="filings.document_downloaded").exists()


def test_a_mislabelled_download_gets_the_true_extension(world: dict[str, Any]) -> None:
    doc = _add(world, _spending(world), PNG, name="scan.pdf")
    assert services.download_name(doc) == "scan.png"


def test_an_analyst_downloads_after_submission_and_it_is_audited(world: dict[str, Any]) -> None:
    version = _spending(world, "950.00")
    doc = _add(world, version, row=version.transactions.get(row=1))
    version = _submitted(world, version)
    assert version.status == Status.SUBMITTED
    url = f"/filing/returns/{version.filed_return_id}/documents/{doc.pk}/"
    response = signed_in_client(world["analyst"]).get(url)
    assert response.status_code == 200
    assert _streamed(response) == PDF
    event = AuditEvent.objects.get(action="filings.document_downloaded")
    assert event.payload["sha256"] == doc.sha256
    assert signed_in_client(world["approver"]).get(url).status_code == 200


def test_no_document_is_added_or_removed_after_submission(world: dict[str, Any]) -> None:
    version = _spending(world, "950.00")
    doc = _add(world, version, row=version.transactions.get(row=1))
    version = _submitted(world, version)
    with pytest.raises(FilingError) as refused:
        _add(world, version, PNG)
    assert refused.value.code == DocumentErrorCode.NOT_EDITABLE
    with pytest.raises(FilingError):
        services.attachment_remove(attachment=doc, actor=world["treasurer"])
    client = signed_in_client(world["treasurer"])
    base = f"/filing/returns/{version.filed_return_id}/documents"
    upload = client.post(f"{base}/upload/", {"file": SimpleUploadedFile("x.png", PNG)})
    assert upload.status_code == 302
    refused_page = client.post(f"{base}/{doc.pk}/remove/", follow=True).content.decode()
    assert "cannot be added or removed" in refused_page
    assert list(Attachment.objects.values_list("pk", flat=True)) == [doc.pk]


# --- Amendments, the £200 rule, the statement of accounts ---------------------------------------


def test_an_amendment_carries_documents_and_figures_sharing_the_bytes(
    world: dict[str, Any],
) -> None:
    version = _spending(world, "950.00", "120.00")
    invoice = _add(world, version, row=version.transactions.get(row=1))
    general = _add(world, version, PNG, name="summary.png")
    version = _submitted(world, version)
    services.version_query(version=version, analyst=world["analyst"], question="Why?")
    amendment = services.version_amend(
        version=version, user=world["treasurer"], change_note="Corrected"
    )
    copies = {d.original_name: d for d in amendment.attachments.select_related("transaction")}
    assert set(copies) == {"invoice.pdf", "summary.png"}
    assert copies["invoice.pdf"].file.name == invoice.file.name
    row_of_invoice = copies["invoice.pdf"].transaction
    assert row_of_invoice is not None
    assert (row_of_invoice.version, row_of_invoice.row) == (amendment, 1)
    assert copies["summary.png"].transaction is None
    assert copies["summary.png"].sha256 == general.sha256
    # The amendment checks clean: row 1 still carries its invoice.
    checked = services.version_validate(version=amendment, actor=world["treasurer"])
    assert RuleCode.SPENDING_DOCUMENT_MISSING not in _codes(checked)
    # Removing the amendment's copy leaves the submitted version's bytes alone.
    services.attachment_remove(attachment=copies["invoice.pdf"], actor=world["treasurer"])
    assert default_storage.exists(invoice.file.name)

    accounts = _accounts(world)
    services.accounts_figures_set(
        version=accounts,
        total_income=Decimal("300000"),
        total_expenditure=Decimal("120000"),
        audited=True,
        auditor_name="Audit & Co LLP",
        actor=world["treasurer"],
    )
    _add(world, accounts, name="accounts-2026.pdf")
    accounts = _submitted(world, accounts)
    services.version_query(version=accounts, analyst=world["analyst"], question="Notes?")
    second = services.version_amend(version=accounts, user=world["treasurer"], change_note="x")
    figures = AccountsFigures.objects.get(version=second)
    assert figures.total_income == Decimal("300000.00")
    assert figures.auditor_name == "Audit & Co LLP"
    assert AccountsFigures.objects.get(version=accounts).pk != figures.pk
    assert second.attachments.get().original_name == "accounts-2026.pdf"


def test_the_200_pound_rule_on_a_stored_return(world: dict[str, Any]) -> None:
    version = _spending(world, "200.00", "200.01")
    checked = services.version_validate(version=version, actor=world["treasurer"])
    missing = [f for f in checked.findings if f["code"] == RuleCode.SPENDING_DOCUMENT_MISSING]
    assert [(f["row"], f["severity"]) for f in missing] == [(2, "error")]
    assert checked.status == Status.DRAFT
    # A document for the return as a whole is not the invoice of row 2.
    _add(world, version, PNG, name="summary.png")
    checked = services.version_validate(version=version, actor=world["treasurer"])
    assert RuleCode.SPENDING_DOCUMENT_MISSING in _codes(checked)
    _add(world, version, row=version.transactions.get(row=2))
    checked = services.version_validate(version=version, actor=world["treasurer"])
    assert RuleCode.SPENDING_DOCUMENT_MISSING not in _codes(checked)
    assert checked.status == Status.VALIDATED


def test_a_file_checked_on_its_own_is_not_refused_for_lacking_documents(
    world: dict[str, Any],
) -> None:
    version = _spending(world)
    header = ",".join(_spending_row("1").keys())
    line = ",".join(_spending_row("5000.00").values())
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.SPENDING,
        source=f"{header}\n{line}\n".encode(),
        file_name="spending.csv",
        actor=world["treasurer"],
    )
    assert upload.problems == []
    assert version.transactions.count() == 1


def test_adding_a_document_voids_the_checks(world: dict[str, Any]) -> None:
    version = _spending(world, "100.00")
    version = services.version_validate(version=version, actor=world["treasurer"])
    assert version.status == Status.VALIDATED
    _add(world, version)
    version.refresh_from_db()
    assert version.status == Status.DRAFT


def test_accounts_cannot_be_declared_without_figures_and_pdf(world: dict[str, Any]) -> None:
    version = _accounts(world)

    def declare() -> str:
        checked = services.version_validate(version=version, actor=world["treasurer"])
        assert checked.status == Status.VALIDATED
        with pytest.raises(FilingError) as refused:
            services.version_declare(version=checked, user=world["treasurer"])
        assert refused.value.code == DocumentErrorCode.ACCOUNTS_INCOMPLETE
        return refused.value.message

    assert "figures" in declare()
    assert "PDF" in declare()
    # A picture is not the statement of accounts.
    _add(world, version, PNG, name="scan.png")
    assert declare() == (
        "Enter the accounts' figures and upload the statement of accounts as a PDF before you "
        "declare."
    )
    services.accounts_figures_set(
        version=version,
        total_income=Decimal("12000"),
        total_expenditure=Decimal("9000.50"),
        audited=False,
        auditor_name="",
        actor=world["treasurer"],
    )
    assert declare() == "Upload the statement of accounts as a PDF before you declare."
    _add(world, version, name="accounts.pdf")
    checked = services.version_validate(version=version, actor=world["treasurer"])
    declaration = services.version_declare(version=checked, user=world["treasurer"])
    assert declaration.version_id == version.pk
    assert ReturnVersion.objects.get(pk=version.pk).status == Status.DECLARED


def test_accounts_over_250000_must_be_audited_with_the_auditor_named(
    world: dict[str, Any],
) -> None:
    version = _accounts(world)

    def put(income: str, spent: str, audited: bool, auditor: str = "") -> Any:
        return services.accounts_figures_set(
            version=version,
            total_income=Decimal(income),
            total_expenditure=Decimal(spent),
            audited=audited,
            auditor_name=auditor,
            actor=world["treasurer"],
        )

    assert put("250000.00", "250000.00", False).audited is False
    for income, spent in (("250000.01", "10"), ("10", "250000.01")):
        with pytest.raises(FilingError) as refused:
            put(income, spent, False)
        assert refused.value.code == DocumentErrorCode.AUDIT_REQUIRED
    with pytest.raises(FilingError) as refused:
        put("400000", "10", True, "  ")
    assert refused.value.code == DocumentErrorCode.AUDITOR_MISSING
    assert put("400000", "10", True, " Audit  & Co ").auditor_name == "Audit & Co"
    assert AccountsFigures.objects.count() == 1
    with pytest.raises(FilingError) as refused:
        services.accounts_figures_set(
            version=_spending(world),
            total_income=Decimal(1),
            total_expenditure=Decimal(1),
            audited=False,
            auditor_name="",
            actor=world["treasurer"],
        )
    assert refused.value.code == DocumentErrorCode.NOT_ACCOUNTS


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        ("", ("Enter the total income", "so the accounts must be audited")),
        ("/cy", ("Rhowch gyfanswm yr incwm", "felly rhaid archwilio\u2019r cyfrifon")),
    ],
)
def test_accounts_figures_page_in_both_languages(
    world: dict[str, Any], prefix: str, texts: tuple[str, str]
) -> None:
    version = _accounts(world)
    client = signed_in_client(world["treasurer"])
    url = f"{prefix}/filing/returns/{version.filed_return_id}/accounts/"
    body = client.post(url, {"total_expenditure": "1", "audited": "No"}).content.decode()
    assert "govuk-error-summary" in body
    assert texts[0] in body
    body = client.post(
        url, {"total_income": "£300,000", "total_expenditure": "1", "audited": "No"}
    ).content.decode()
    assert "govuk-error-summary" in body
    assert texts[1] in body
    assert not AccountsFigures.objects.exists()
    done = client.post(
        url,
        {
            "total_income": "£300,000.00",
            "total_expenditure": "1,250.50",
            "audited": "Yes",
            "auditor_name": "Audit & Co",
        },
    )
    assert done.status_code == 302
    figures = AccountsFigures.objects.get(version=version)
    assert figures.total_income == Decimal("300000.00")
    assert figures.total_expenditure == Decimal("1250.50")
    # Not an accounts return: no figures page.
    spending = _spending(world)
    assert client.get(f"/filing/returns/{spending.filed_return_id}/accounts/").status_code == 404


# --- Backup and restore ---------------------------------------------------------------------

SEED = """
import django; django.setup()
from regulator.audit.types import Actor
from regulator.filings import services
from regulator.filings.tests.factories import figures_ensure
from regulator.identity.tests.factories import FilerFactory
from regulator.register.services import entity_ensure_published
figures_ensure()
entity, _created = entity_ensure_published(entity_id=7, name="Party 7", entity_type="political-party",
                                 actor=Actor.system("seed"))
user = FilerFactory()
filed = services.return_create(entity=entity, kind="accounts", period_name="Accounts 2025", actor=user)
doc = services.attachment_add(version=filed.current, source=open(SOURCE, "rb"),
                               file_name="accounts.pdf", actor=user)
print(doc.file.name)
"""
CHECK = """
import django; django.setup()
from django.core.files.storage import default_storage
from regulator.filings.models import Attachment
doc = Attachment.objects.get()
print(doc.sha256, doc.original_name, default_storage.path(doc.file.name))
"""


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_carry_the_documents(sites: Any, tmp_path: Path) -> None:
    old, new = sites
    source = tmp_path / "accounts.pdf"
    source.write_bytes(PDF + b"statement of accounts " * 500)
    old.run("manage.py", "migrate", "--no-input", "-v", "0")
    seeded = old.run("-c", f"SOURCE = {str(source)!r}\n" + SEED)
    stored = seeded.stdout.strip().splitlines()[-1]
    assert (old.home / "media" / stored).read_bytes() == source.read_bytes()
    backup = tmp_path / "backup"
    old.run("manage.py", "core_backup", str(backup))
    restored = new.run("manage.py", "core_restore", str(backup))
    assert "Restore complete and verified" in restored.stdout
    digest, name, path = new.run("-c", CHECK).stdout.split()
    assert name == "accounts.pdf"
    assert Path(path) == new.home / "media" / stored
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
    assert Path(path).read_bytes() == source.read_bytes()
