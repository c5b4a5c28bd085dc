import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from regulator.core import cells
from regulator.core.errors import InvalidValueError
from regulator.finance import ec_formats as ec
from regulator.finance import types as finance_types

DATA = Path(settings.BASE_DIR) / "tests" / "data" / "ec"


def test_reads_the_real_edge_case_file_with_its_byte_order_mark() -> None:
    header, rows = cells.read_rows(DATA / "donations-edge-cases.csv")
    assert header == finance_types.DONATION_COLUMNS
    assert ec.detect_layout(header) == "donations"
    first_number, first = next(rows)
    assert first_number == 1
    assert first["ECRef"] == "C0479200"
    assert cells.parse_amount(first["Value"]) == Decimal("10000.00")
    assert cells.parse_date(first["AcceptedDate"]) == dt.date(2019, 12, 1)
    assert cells.clean_name(first["DonorName"]) == "KGL (Estates) Ltd"
    assert cells.normalise_company_number(first["CompanyRegistrationNumber"]) == "01377507"


def test_spending_layout_is_recognised() -> None:
    header, _ = cells.read_rows(DATA / "spending-ukpge-2019.csv")
    assert ec.detect_layout(header) == "spending"


def test_windows_1252_is_decoded() -> None:
    data = "ECRef,DonorName\nC1,Café €\n".encode("cp1252")
    _, rows = cells.read_rows(data)
    assert next(rows)[1]["DonorName"] == "Café €"


def test_empty_and_ragged_files_are_refused_clearly() -> None:
    with pytest.raises(cells.UnreadableFileError, match="empty"):
        cells.read_rows(b"")
    _, rows = cells.read_rows(b"a,b\n1,2,3\n")
    with pytest.raises(cells.UnreadableFileError, match="Row 1 has 3 cells"):
        list(rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1377507", "01377507"),
        ("sc123456", "SC123456"),
        ("NI 12345", "NI012345"),
        ("", ""),
        # Northern Ireland companies registered before 1922.
        ("R0000123", "R0000123"),
        ("r0 123", "R0000123"),
        # The Commission marks a number it could not verify with " ?".
        ("01888633 ?", "01888633"),
        ("SC256809 ?", "SC256809"),
    ],
)
def test_company_numbers_are_normalised(text: str, expected: str) -> None:
    assert cells.normalise_company_number(text) == expected


# A prefixed number has 6 digits after its prefix: SC1234567 is not cut to fit.
@pytest.mark.parametrize("text", ["ABC", "123456789", "S1234", "SC1234567", "R01234567", "?"])
def test_bad_company_numbers_are_refused(text: str) -> None:
    with pytest.raises(InvalidValueError):
        cells.normalise_company_number(text)


def test_cells() -> None:
    assert cells.parse_date("") is None
    assert cells.parse_date("2024-01-16") == dt.date(2024, 1, 16)
    with pytest.raises(InvalidValueError):
        cells.parse_date("31/02/2024")
    assert cells.parse_bool("True") is True
    assert cells.parse_bool("") is None
    with pytest.raises(InvalidValueError):
        cells.parse_bool("maybe")
    assert ec.split_deregistration("Scottish Libertarian Party [De-registered 11/11/22]") == (
        "Scottish Libertarian Party",
        dt.date(2022, 11, 11),
    )
    assert ec.split_deregistration("Scottish Libertarian Party [De-Registered 11/11/22]") == (
        "Scottish Libertarian Party",
        dt.date(2022, 11, 11),
    )
    with pytest.raises(InvalidValueError, match="not a date"):
        ec.split_deregistration("A Party [De-registered 31/02/22]")
    assert cells.format_amount(Decimal("10000")) == "£10,000.00"
    assert cells.format_date(dt.date(2019, 12, 1)) == "01/12/2019"
    assert cells.format_bool(False) == "False"


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert cells.neutralise_formula(cell).startswith("'")
    assert cells.neutralise_formula("Plain name") == "Plain name"


def test_utf16_with_its_byte_order_mark_is_read_and_nul_bytes_are_refused() -> None:
    _, rows = cells.read_rows("ECRef,DonorName\nC1,Siân\n".encode("utf-16"))
    assert next(rows)[1]["DonorName"] == "Siân"
    with pytest.raises(cells.UnreadableFileError, match="NUL bytes"):
        cells.read_rows(b"ECRef,DonorName\nC1,A\x00B\n")
