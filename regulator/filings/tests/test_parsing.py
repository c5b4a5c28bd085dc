"""Reading files in either layout: encodings, column order, bad rows and cells."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from regulator.core import clock
from regulator.core.cells import UnreadableFileError
from regulator.filings.parsing import TEMPLATES, read_transactions
from regulator.filings.rules import RuleCode
from regulator.filings.rules.inputs import DonationInput, Layout, LoanInput, TransactionKind
from regulator.finance.types import LOAN_COLUMNS

pytestmark = pytest.mark.django_db

DONATION_HEADER = ",".join(TEMPLATES[TransactionKind.DONATION])
ROW = "  Jane   Donor ,Individual,,True,False,£20000.00,Cash,,10/02/2025,12/02/2025,False,,,Q1 2025"


def test_a_byte_order_mark_and_spaces_in_names_are_handled() -> None:
    data = codecs.BOM_UTF8 + f"{DONATION_HEADER}\r\n{ROW}\r\n".encode()
    parsed = read_transactions(data, TransactionKind.DONATION)
    assert parsed.layout == Layout.TEMPLATE
    [item] = parsed.items
    assert isinstance(item, DonationInput)
    assert item.source_name == "Jane Donor"
    assert item.value == Decimal("20000.00")
    assert (item.received, item.accepted) == (dt.date(2025, 2, 10), dt.date(2025, 2, 12))
    assert item.on_electoral_register is True
    assert parsed.findings == []


def test_blank_rows_are_skipped_and_rows_keep_their_numbers() -> None:
    data = f"{DONATION_HEADER}\n{ROW}\n,,,\n\n{ROW.replace('£20000.00', 'lots')}\n".encode()
    parsed = read_transactions(data, TransactionKind.DONATION)
    assert [item.row for item in parsed.items] == [1, 2]
    assert [(f.row, f.code) for f in parsed.findings] == [(2, RuleCode.CELL_NOT_MONEY)]
    assert "Value" in parsed.findings[0].message


def test_a_row_longer_than_the_header_makes_the_file_unreadable() -> None:
    data = f"{DONATION_HEADER}\n{ROW},extra\n".encode()
    parsed_rows = pytest.raises(UnreadableFileError, match="Row 1 has 15 cells")
    with parsed_rows:
        read_transactions(data, TransactionKind.DONATION)


def test_optional_template_columns_may_be_left_out() -> None:
    columns = [c for c in TEMPLATES[TransactionKind.DONATION] if c != "ActionDate"]
    values = ROW.split(",")
    del values[TEMPLATES[TransactionKind.DONATION].index("ActionDate")]
    parsed = read_transactions(
        (",".join(columns) + "\n" + ",".join(values) + "\n").encode(), TransactionKind.DONATION
    )
    assert parsed.findings == []
    assert parsed.items[0].outcome_date is None


def test_an_unknown_column_is_named() -> None:
    data = f"{DONATION_HEADER},Favourite colour\n".encode()
    with pytest.raises(UnreadableFileError, match="Favourite colour"):
        read_transactions(data, TransactionKind.DONATION)


def test_the_commission_loans_layout_is_read() -> None:
    values = dict.fromkeys(LOAN_COLUMNS, "")
    values.update(
        {
            "ECRef": "L0001",
            "Value": "£50,000.00",
            "LoanStatus": "Outstanding",
            "StartDate": "10/02/2025",
            "LoanParticipantName": " Lender Bank plc",
            "LoanParticipantType": "Company",
            "CompanyRegistrationNumber": "1377507",
            "RateOfInterestDescription": "4% fixed",
            "AmountRepaid": "£10,000.00",
            "AmountConverted": "£0.00",
            "AmountOutstanding": "£40,000.00",
            "ReportingPeriodName": "Q1 2025",
            "RegulatedEntityType": "Political Party",
            "AccountingUnitName": "Central Party",
        }
    )
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(LOAN_COLUMNS)
    writer.writerow([values[c] for c in LOAN_COLUMNS])
    text = out.getvalue()
    parsed = read_transactions(text.encode(), TransactionKind.LOAN)
    assert parsed.layout == Layout.COMMISSION
    [item] = parsed.items
    assert isinstance(item, LoanInput)
    assert item.company_number == "01377507"
    assert item.received == item.accepted == dt.date(2025, 2, 10)
    assert (item.repaid, item.outstanding) == (Decimal("10000.00"), Decimal("40000.00"))


def test_the_spending_template_through_the_command(tmp_path: Path) -> None:
    clock.freeze(dt.datetime(2024, 8, 20, 12, tzinfo=dt.UTC))
    path = tmp_path / "spending.csv"
    path.write_text(
        ",".join(TEMPLATES[TransactionKind.SPENDING])
        + "\nPrint Works Ltd,Advertising,1000.00,700.00,100.00,200.00,,01/06/2024,10/07/2024,"
        "20/07/2024,INV-1,UK Parliamentary general election 04/07/2024\n"
        "Print Works Ltd,Advertising,500.00,400.00,,,,01/06/2024,07/08/2024,20/07/2024,INV-2,"
        "UK Parliamentary general election 04/07/2024\n",
        encoding="utf-8",
    )
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "filings_validate",
            "--kind",
            "spending",
            "--entity-type",
            "Political Party",
            str(path),
            "--language",
            "cy",
            stdout=out,
            stderr=StringIO(),
        )
    assert exit_.value.code == 1
    findings = json.loads(out.getvalue())
    assert sorted((f["row"], f["code"]) for f in findings) == [
        (2, "spending_claim_late"),
        (2, "spending_nations_mismatch"),
    ]
    # In Welsh when asked.
    assert any("Lloegr" in f["message"] for f in findings)


def test_spending_over_the_limit_for_the_seats_contested(tmp_path: Path) -> None:
    clock.freeze(dt.datetime(2024, 8, 20, 12, tzinfo=dt.UTC))
    path = tmp_path / "spending.csv"
    poll = "UK Parliamentary general election 04/07/2024"
    path.write_text(
        ",".join(TEMPLATES[TransactionKind.SPENDING])
        + f"\nAd Agency,Advertising,120000.00,,,120000.00,,01/06/2024,10/07/2024,20/07/2024,,{poll}\n",
        encoding="utf-8",
    )
    args = ["filings_validate", "--kind", "spending", "--entity-type", "Political Party"]

    def run(*extra: str) -> tuple[int, list[dict[str, object]], str]:
        out, err = StringIO(), StringIO()
        code = 0
        try:
            call_command(*args, *extra, str(path), stdout=out, stderr=err)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        return code, json.loads(out.getvalue() or "[]"), err.getvalue()

    # Wales with 2 seats: the greater of 2 x £54,010 and £108,030 is £108,030.
    code, findings, _ = run("--seats", "wales=2")
    assert code == 1
    assert [f["code"] for f in findings] == ["spending_over_limit"]
    assert "£108,030.00" in str(findings[0]["message"])
    # With 3 seats the limit is £162,030.
    assert run("--seats", "wales=3")[:2] == (0, [])
    code, _findings, err = run("--seats", "atlantis=3")
    assert code == 2
    assert "atlantis=3" in err


def test_a_line_with_more_cells_than_the_header_is_refused_as_the_file_streams() -> None:
    """A 45 MB line of commas became tens of millions of cells (600 MB) before it was
    refused: now it is refused before the CSV reader splits it."""
    import tracemalloc

    header = ",".join(TEMPLATES[TransactionKind.DONATION])
    line = "a," * 2_000_000  # 4 MB, two million cells
    source = (header + "\n" + line + "\n").encode()
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFileError, match="Line 2 of the file has more cells"):
            read_transactions(source, TransactionKind.DONATION)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * len(source), peak
    # A quoted cell may hold commas: a long row of the right width still reads.
    cells = [""] * len(TEMPLATES[TransactionKind.DONATION])
    cells[0] = '"' + "x, " * 40_000 + '"'
    parsed = read_transactions(
        (header + "\n" + ",".join(cells) + "\n").encode(), TransactionKind.DONATION
    )
    assert len(parsed.items) == 1


def test_an_endless_header_is_refused_and_error_pages_list_few_unknown_columns() -> None:
    with pytest.raises(UnreadableFileError, match="header row is longer than"):
        read_transactions(("x," * 100_000 + "\n").encode(), TransactionKind.DONATION)
    header = ",".join([*TEMPLATES[TransactionKind.DONATION], *(f"Junk{n}" for n in range(500))])
    with pytest.raises(UnreadableFileError) as refused:
        read_transactions((header + "\n").encode(), TransactionKind.DONATION)
    message = str(refused.value)
    assert "Junk9" in message
    assert "Junk10," not in message
    assert "and 490 more" in message
    assert len(message) < 2000
