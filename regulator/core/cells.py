"""Reading and writing cells of the CSV files people and the Commission send and publish:
the one reader of imports and uploads, and the one parser of dates, amounts, booleans and
company numbers, with the published conventions (a byte-order mark, '£10,000.00',
'dd/mm/yyyy', 'True'/'False'/blank, stray spaces, company numbers that lost their
leading zeros). Money itself is ``core.money``; forms parse through these too.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO

from regulator.core.errors import InvalidValueError
from regulator.core.money import format_pounds, parse_money

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# Companies House numbers are 8 characters: 8 digits (England and Wales; published files
# often lose the leading zeros), or a two-letter prefix and 6 digits (SC Scotland, NI
# Northern Ireland, OC, SO and NC partnerships, FC overseas ...), or R0 and 6 digits (the
# oldest Northern Ireland companies, registered before 1922).
_COMPANY_NUMBER = re.compile(r"^(?:(\d{1,8})|([A-Z]{2}|R0)(\d{1,6}))$")


class UnreadableFileError(InvalidValueError):
    code = "unreadable_file"


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, as spreadsheets save;
    UTF-16 when it carries its byte-order mark (a spreadsheet's "Unicode text")."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFileError("The file is damaged: it is not valid UTF-16 text.") from exc
    if b"\x00" in data:
        raise UnreadableFileError(
            "The file is not a text file (it contains NUL bytes). Save it as 'CSV UTF-8' and try again."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(
                "The file is not text in UTF-8 or Windows-1252 encoding."
            ) from exc


def open_text(source: str | Path | bytes | IO[bytes]) -> str:
    if isinstance(source, bytes):
        return decode(source)
    if isinstance(source, (str, Path)):
        return decode(Path(source).read_bytes())
    return decode(source.read())


def read_rows(
    source: str | Path | bytes | IO[bytes],
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and an iterator of (data row number from 1, {column: raw cell}).

    Cells are returned as written; a row with more cells than the header raises, one with
    fewer has the missing cells as ''.
    """
    text = open_text(source)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration as exc:
        raise UnreadableFileError("The file is empty: it has no header row.") from exc
    except csv.Error as exc:
        raise UnreadableFileError(f"The header row cannot be read: {exc}") from exc

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        number = 0
        try:
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                number += 1
                if len(cells) > len(header):
                    raise UnreadableFileError(
                        f"Row {number} has {len(cells)} cells but the header has {len(header)}."
                    )
                yield (
                    number,
                    dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True)),
                )
        except csv.Error as exc:
            raise UnreadableFileError(f"Row {number + 1} cannot be read: {exc}") from exc

    return header, rows()


# --- cells ---------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """'dd/mm/yyyy' (or ISO 'yyyy-mm-dd'); blank is None."""
    value = text.strip()
    if not value:
        return None
    match = _DATE.match(value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidValueError(f"{text!r} is not a date (expected dd/mm/yyyy)") from exc


def parse_bool(text: str) -> bool | None:
    value = text.strip().lower()
    if not value:
        return None
    if value in {"true", "yes", "1"}:
        return True
    if value in {"false", "no", "0"}:
        return False
    raise InvalidValueError(f"{text!r} is not True or False")


def parse_amount(text: str) -> Decimal | None:
    """'£10,000.00'; blank is None."""
    if not text.strip():
        return None
    return parse_money(text)


def parse_int(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise InvalidValueError(f"{text!r} is not a whole number") from exc


def clean_name(text: str) -> str:
    """Names as published carry stray spaces: trim and fold runs of white space."""
    return " ".join(text.split())


def normalise_company_number(text: str) -> str:
    """To the 8 characters Companies House uses: '1377507' → '01377507',
    'sc123456' → 'SC123456', 'r0000123' → 'R0000123'. A prefixed number has at most 6
    digits after its prefix ('SC1234567' is refused, not cut). Blank stays blank; anything
    else is refused."""
    # The Commission's published files mark a number they could not verify with " ?"
    # ('01888633 ?'): the number is read without the mark.
    value = re.sub(r"\s+", "", text).upper()
    if not value:
        return ""
    if len(value) > 1:
        value = value.removesuffix("?")
    match = _COMPANY_NUMBER.match(value)
    if not match:
        raise InvalidValueError(f"{text!r} is not a company registration number")
    digits_only, prefix, digits = match.groups()
    if digits_only is not None:
        return digits_only.zfill(8)
    return prefix + digits.zfill(6)


# --- writing in the published conventions ---------------------------------------------


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_bool(value: bool | None) -> str:
    if value is None:
        return ""
    return "True" if value else "False"


def format_amount(value: Decimal | None) -> str:
    return format_pounds(value) if value is not None else ""


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: str) -> str:
    """A published text cell must not run as a formula in a spreadsheet: prefix a quote."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell
