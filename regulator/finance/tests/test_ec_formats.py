import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from regulator.core.errors import InvalidValueError
from regulator.finance import ec_formats as ec

DATA = Path(settings.BASE_DIR) / "tests" / "data" / "ec"


def test_reads_the_real_edge_case_file_with_its_byte_order_mark() -> None:
    header, rows = ec.read_rows(DATA / "donations-edge-cases.csv")
    assert header == ec.DONATION_COLUMNS
    assert ec.detect_layout(header) == "donations"
    first_number, first = next(rows)
    assert first_number == 1
    assert first["ECRef"] == "C0479200"
    assert ec.parse_amount(first["Value"]) == Decimal("10000.00")
    assert ec.parse_date(first["AcceptedDate"]) == dt.date(2019, 12, 1)
    assert ec.clean_name(first["DonorName"]) == "KGL (Estates) Ltd"
    assert ec.normalise_company_number(first["CompanyRegistrationNumber"]) == "01377507"


def test_spending_layout_is_recognised() -> None:
    header, _ = ec.read_rows(DATA / "spending-ukpge-2019.csv")
    assert ec.detect_layout(header) == "spending"


def test_windows_1252_is_decoded() -> None:
    data = "ECRef,DonorName\nC1,Café €\n".encode("cp1252")
    _, rows = ec.read_rows(data)
    assert next(rows)[1]["DonorName"] == "Café €"


def test_empty_and_ragged_files_are_refused_clearly() -> None:
    with pytest.raises(ec.UnreadableFileError, match="empty"):
        ec.read_rows(b"")
    _, rows = ec.read_rows(b"a,b\n1,2,3\n")
    with pytest.raises(ec.UnreadableFileError, match="Row 1 has 3 cells"):
        list(rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1377507", "01377507"), ("sc123456", "SC123456"), ("NI 12345", "NI012345"), ("", "")],
)
def test_company_numbers_are_normalised(text: str, expected: str) -> None:
    assert ec.normalise_company_number(text) == expected


@pytest.mark.parametrize("text", ["ABC", "123456789", "S1234"])
def test_bad_company_numbers_are_refused(text: str) -> None:
    with pytest.raises(InvalidValueError):
        ec.normalise_company_number(text)


def test_cells() -> None:
    assert ec.parse_date("") is None
    assert ec.parse_date("2024-01-16") == dt.date(2024, 1, 16)
    with pytest.raises(InvalidValueError):
        ec.parse_date("31/02/2024")
    assert ec.parse_bool("True") is True
    assert ec.parse_bool("") is None
    with pytest.raises(InvalidValueError):
        ec.parse_bool("maybe")
    assert ec.split_deregistration("Scottish Libertarian Party [De-registered 11/11/22]") == (
        "Scottish Libertarian Party",
        dt.date(2022, 11, 11),
    )
    assert ec.format_amount(Decimal("10000")) == "£10,000.00"
    assert ec.format_date(dt.date(2019, 12, 1)) == "01/12/2019"
    assert ec.format_bool(False) == "False"


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert ec.neutralise_formula(cell).startswith("'")
    assert ec.neutralise_formula("Plain name") == "Plain name"


def test_utf16_with_its_byte_order_mark_is_read_and_nul_bytes_are_refused() -> None:
    _, rows = ec.read_rows("ECRef,DonorName\nC1,Siân\n".encode("utf-16"))
    assert next(rows)[1]["DonorName"] == "Siân"
    with pytest.raises(ec.UnreadableFileError, match="NUL bytes"):
        ec.read_rows(b"ECRef,DonorName\nC1,A\x00B\n")
