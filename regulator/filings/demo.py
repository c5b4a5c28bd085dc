"""Demo data of the filings area: a synthetic Companies House snapshot (with its edge
cases), so company donors in the demo are checked as they would be in production. The
statutory figures come with the migrations. Then returns of the demo party (900001,
``core.demo.PARTY_NAME``) in several states, started by its demo treasurer: a draft with rows, a
submitted return, a queried one and a published one; and the two returns that carry
documents, both drafts: a campaign spending return whose items are typed one by one (one
over £200 with its invoice, one over £200 without, so the £200 rule shows) and a
statement of accounts with its figures and the accounts as a PDF. Idempotent: a return is
made only when the entity has none of that kind for that period."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from regulator.audit.types import Actor
from regulator.filings.companies_fixture import synthetic_companies, write_snapshot
from regulator.filings.models import Company
from regulator.filings.services import companies_import

ACTOR = Actor.system("manage.py demo_data")
DEMO_ENTITY = 900001
TREASURER = "treasurer@demo-party.example"
ANALYST = "demo-data-analyst"
# period, final state, how many donations
RETURNS = [
    ("Q1 2026", "published", 6),
    ("Q2 2026", "queried", 4),
    ("Q3 2026", "submitted", 5),
    ("Q4 2026", "draft", 3),
]
_MIDDLE_MONTH = {"Q1": "02", "Q2": "05", "Q3": "08", "Q4": "11"}
# The returns' donors, fictional and named like real people: each quarter takes the next
# ones, so a donor appears in one return only.
DONORS = [
    "Eleri Vaughan", "Thomas Ashworth", "Nkechi Obi", "Callum Strachan", "Ruth Pennington",
    "Gareth Llywelyn", "Sunita Desai", "Malcolm Ferrier", "Aoife Brennan", "Peter Whitlock",
    "Hywel Bowen", "Margaret Lacey", "Imran Siddiqui", "Fiona Carmichael", "Owen Prothero",
    "Judith Kemble", "Declan Murtagh", "Rosemary Tindall",
]  # fmt: skip


def load(*, scale: int, stdout: Any) -> None:
    companies = synthetic_companies(200 * scale)
    numbers = [company.number for company in companies]
    present = Company.objects.filter(company_number__in=numbers).count()
    if present == len(numbers):
        stdout.write(f"  companies: {present} already loaded")
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = write_snapshot(Path(folder) / "BasicCompanyData-demo.csv", companies)
            summary = companies_import(path=path, actor=Actor.system("manage.py demo_data"))
        stdout.write(f"  companies: {summary.rows} loaded from a synthetic snapshot")
    load_returns(stdout=stdout)
    load_document_returns(stdout=stdout)


def sign_ins() -> list[tuple[str, str, str]]:
    from regulator.core.demo import DEMO_FILERS, FILER_PASSWORD

    # Identity lists every filer; this line says which of them sees the filing demo.
    secret = next(filer.totp_secret for filer in DEMO_FILERS if filer.email == TREASURER)
    who = f"Filing demo (returns, invoices, accounts): TOTP secret {secret}"
    return [(who, TREASURER, FILER_PASSWORD)]


def _csv(period: str, count: int) -> bytes:
    import csv
    import io

    from regulator.filings.parsing import TEMPLATES
    from regulator.filings.rules.inputs import TransactionKind

    quarter, year = period.split()
    month = _MIDDLE_MONTH[quarter]
    periods = [name for name, _state, _rows in RETURNS]
    first = sum(rows for _name, _state, rows in RETURNS[: periods.index(period)])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TEMPLATES[TransactionKind.DONATION])
    writer.writeheader()
    for number in range(1, count + 1):
        writer.writerow(
            {
                "DonorName": DONORS[(first + number - 1) % len(DONORS)],
                "DonorStatus": "Individual",
                "OnElectoralRegister": "Yes",
                "IsIrishSource": "No",
                "Value": f"{12000 + 1000 * number}.00",
                "DonationType": "Cash",
                "ReceivedDate": f"{10 + number:02d}/{month}/{year}",
                "AcceptedDate": f"{11 + number:02d}/{month}/{year}",
                "IsAggregation": "No",
            }
        )
    return buffer.getvalue().encode()


def _analyst() -> Any:
    from regulator.identity.services import staff_user_ensure

    return staff_user_ensure(
        username=ANALYST,
        email="demo-data-analyst@staff.example",
        full_name="Nerys Cadwaladr",
        actor=ACTOR,
    )


def _return(entity: Any, treasurer: Any, analyst: Any, period: str, state: str, rows: int) -> None:
    from regulator.filings import services
    from regulator.filings.rules.inputs import TransactionKind

    filed = services.return_create(
        entity=entity, kind="quarterly-central", period_name=period, actor=treasurer
    )
    version = filed.current
    services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=_csv(period, rows),
        file_name=f"donations-{period.replace(' ', '-')}.csv",
        actor=treasurer,
    )
    version = services.version_validate(version=version, actor=treasurer)
    if state == "draft":
        return
    services.version_declare(version=version, user=treasurer)
    version = services.version_submit(
        version=version, user=treasurer, idempotency_key=f"demo-{entity.pk}-{period}"
    )
    if state == "submitted":
        return
    version = services.version_review_start(version=version, analyst=analyst)
    if state == "queried":
        services.version_query(
            version=version,
            analyst=analyst,
            question="Please confirm the date donation 2 was accepted.",
        )
        return
    version = services.version_accept(version=version, analyst=analyst)
    if state == "published":
        services.version_publish(version=version, approver=analyst)


def load_returns(*, stdout: Any) -> int:
    """The demo returns; how many were made now."""
    from regulator.filings.models import FiledReturn
    from regulator.identity import selectors as identity_selectors
    from regulator.register import selectors as register_selectors

    entity = register_selectors.entity_get(entity_id=DEMO_ENTITY)
    treasurer = identity_selectors.user_by_email(email=TREASURER)
    if entity is None or treasurer is None:
        stdout.write("  returns: skipped (identity's demo filers are not loaded)\n")
        return 0
    analyst = _analyst()
    made = 0
    for period, state, rows in RETURNS:
        if FiledReturn.objects.filter(
            entity=entity, kind="quarterly-central", period_name=period
        ).exists():
            continue
        _return(entity, treasurer, analyst, period, state, rows)
        made += 1
    stdout.write(f"  returns: {made} demo returns made for {entity.name}\n")
    return made


# --- The returns that carry documents --------------------------------------------------------

# A hypothetical poll whose return is due on 01/01/2027, so the demo's draft is not yet
# late (the reminders job would otherwise flag it and send a late notice at once).
SPENDING_PERIOD = "UK Parliamentary general election 01/10/2026"
# The constituencies the demo party contests there: its spending limit in each part of the UK.
SEATS_CONTESTED = {"england": 40, "scotland": 6, "wales": 4, "northern-ireland": 0}
# The financial year 2026: audited accounts are due by 07/07/2027, so the demo's draft is
# not late whenever the demo is loaded before then.
ACCOUNTS_PERIOD = "Accounts 2026"
INVOICE_NAME = "INV-2026-0147.pdf"
ACCOUNTS_NAME = "statement-of-accounts-2026.pdf"
# supplier, category, total, incurred, claimed, paid, invoice reference, invoice attached
SPENDING_ITEMS = [
    ("Tregarth Print Works Ltd", "Advertising", "950.00", "20/08/2026", "05/10/2026", "16/10/2026",
     "INV-2026-0147", True),
    ("St Aidan's Community Hall", "Rallies and other events", "480.00", "12/09/2026", "",
     "14/09/2026", "HALL-0912", False),
    ("Estuary Coaches Ltd", "Transport", "150.00", "26/09/2026", "", "30/09/2026", "", False),
]  # fmt: skip
ACCOUNTS_INCOME = Decimal("312400.00")
ACCOUNTS_EXPENDITURE = Decimal("287950.40")
AUDITOR = "Fairweather Ashcombe & Co LLP"


def _pdf_text(text: str) -> bytes:
    """A PDF literal string in the standard fonts' WinAnsi encoding (which has £)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def tiny_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF of a title and some lines in Helvetica, built by hand so the demo
    needs no file or library. Deterministic, so a second load stores nothing new."""
    content = b"BT /F1 16 Tf 56 780 Td " + _pdf_text(title) + b" Tj /F1 11 Tf"
    for line in lines:
        content += b" 0 -20 Td " + _pdf_text(line) + b" Tj"
    content += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _spending_row(item: tuple[str, str, str, str, str, str, str, bool]) -> dict[str, str]:
    supplier, category, total, incurred, claimed, paid, reference, _invoiced = item
    return {
        "SupplierName": supplier,
        "ExpenseCategoryName": category,
        "TotalExpenditure": total,
        "AmountInEngland": total,
        "DateIncurred": incurred,
        "DateOfClaimForPayment": claimed,
        "DatePaid": paid,
        "InvoiceReference": reference,
    }


def _spending_return(entity: Any, treasurer: Any) -> None:
    """Typed item by item as on the question pages, the invoice attached to its row, then
    checked, so the return's page shows the rule engine's findings: the £480 item has no
    invoice, an error that keeps the return in draft."""
    from regulator.filings import services
    from regulator.filings.models import ReturnKind
    from regulator.filings.rules.inputs import TransactionKind

    version = services.return_create(
        entity=entity,
        kind=ReturnKind.CAMPAIGN_SPENDING,
        period_name=SPENDING_PERIOD,
        actor=treasurer,
        seats_contested=SEATS_CONTESTED,
    ).current
    for item in SPENDING_ITEMS:
        row = services.transaction_add(
            version=version,
            kind=TransactionKind.SPENDING,
            data=_spending_row(item),
            actor=treasurer,
        )
        supplier, _category, total, incurred, _claimed, _paid, reference, invoiced = item
        if invoiced:
            services.attachment_add(
                version=version,
                source=tiny_pdf(
                    f"Invoice {reference}",
                    [
                        f"From: {supplier}",
                        f"To: {entity.name}",
                        f"Date: {incurred}",
                        "Leaflets and posters for the campaign",
                        f"Total: £{total}",
                    ],
                ),
                file_name=INVOICE_NAME,
                actor=treasurer,
                row=row,
            )
    services.version_validate(version=version, actor=treasurer)


def _accounts_return(entity: Any, treasurer: Any) -> None:
    """Figures and the accounts PDF entered, not yet checked or declared: what is left
    for the treasurer is to check, declare and submit."""
    from regulator.filings import services
    from regulator.filings.models import ReturnKind

    version = services.return_create(
        entity=entity, kind=ReturnKind.ACCOUNTS, period_name=ACCOUNTS_PERIOD, actor=treasurer
    ).current
    # Over £250,000, so the accounts must be audited and the auditor named (s.43).
    services.accounts_figures_set(
        version=version,
        total_income=ACCOUNTS_INCOME,
        total_expenditure=ACCOUNTS_EXPENDITURE,
        audited=True,
        auditor_name=AUDITOR,
        actor=treasurer,
    )
    services.attachment_add(
        version=version,
        source=tiny_pdf(
            f"{entity.name}: statement of accounts 2026",
            [
                f"Total income: £{ACCOUNTS_INCOME:,}",
                f"Total expenditure: £{ACCOUNTS_EXPENDITURE:,}",
                f"Audited by {AUDITOR}",
            ],
        ),
        file_name=ACCOUNTS_NAME,
        actor=treasurer,
    )


def load_document_returns(*, stdout: Any) -> int:
    """The campaign spending return and the statement of accounts; how many were made now."""
    from regulator.filings.models import FiledReturn, ReturnKind
    from regulator.identity import selectors as identity_selectors
    from regulator.register import selectors as register_selectors

    entity = register_selectors.entity_get(entity_id=DEMO_ENTITY)
    treasurer = identity_selectors.user_by_email(email=TREASURER)
    if entity is None or treasurer is None:
        stdout.write("  documents: skipped (identity's demo filers are not loaded)\n")
        return 0
    made = 0
    for kind, period, make in (
        (ReturnKind.CAMPAIGN_SPENDING, SPENDING_PERIOD, _spending_return),
        (ReturnKind.ACCOUNTS, ACCOUNTS_PERIOD, _accounts_return),
    ):
        if FiledReturn.objects.filter(entity=entity, kind=kind, period_name=period).exists():
            continue
        make(entity, treasurer)
        made += 1
    stdout.write(
        f"  documents: {made} demo returns with documents (spending, accounts) made for "
        f"{entity.name}\n"
    )
    return made
