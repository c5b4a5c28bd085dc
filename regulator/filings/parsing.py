"""Reading a file of transactions into the rules' typed input.

Two layouts are accepted for each kind: the Commission's published layout (columns in
``regulator.finance.ec_formats``; the columns the Commission assigns - ``ECRef``,
``ReportedDate`` and every ``*Id`` - are ignored) and our own CSV template (columns in
``TEMPLATES`` below, documented in docs/rules.md, any order). Encodings: UTF-8 with or
without a byte-order mark, or Windows-1252. A cell that cannot be read becomes a finding
(row, column) and the rest of the row is still checked.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from json.encoder import encode_basestring_ascii as quote_json
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from regulator.core import cells as core_cells
from regulator.core.cells import UnreadableFileError
from regulator.core.errors import InvalidValueError
from regulator.filings.rules.base import Finding, RuleCode, finding_for
from regulator.filings.rules.inputs import (
    DonationInput,
    GiftInput,
    Layout,
    LoanInput,
    SpendingInput,
    TransactionKind,
)
from regulator.finance import types as finance_types

TEMPLATES: dict[TransactionKind, list[str]] = {
    TransactionKind.DONATION: [
        "DonorName",
        "DonorStatus",
        "CompanyRegistrationNumber",
        "OnElectoralRegister",
        "IsIrishSource",
        "Value",
        "DonationType",
        "NatureOfDonation",
        "ReceivedDate",
        "AcceptedDate",
        "IsAggregation",
        "DonationAction",
        "ActionDate",
        "ReportingPeriodName",
    ],
    TransactionKind.LOAN: [
        "LenderName",
        "LenderStatus",
        "CompanyRegistrationNumber",
        "OnElectoralRegister",
        "IsIrishSource",
        "Value",
        "LoanType",
        "RateOfInterestDescription",
        "StartDate",
        "EndDate",
        "LoanStatus",
        "AmountRepaid",
        "AmountConverted",
        "AmountOutstanding",
        "DateRepaid",
        "IsAggregation",
        "LoanAction",
        "ActionDate",
        "ReportingPeriodName",
    ],
    TransactionKind.SPENDING: [
        "SupplierName",
        "ExpenseCategoryName",
        "TotalExpenditure",
        "AmountInEngland",
        "AmountInScotland",
        "AmountInWales",
        "AmountInNorthernIreland",
        "DateIncurred",
        "DateOfClaimForPayment",
        "DatePaid",
        "InvoiceReference",
        "ReportingPeriodName",
    ],
}
# Template columns a file may leave out (blank in every row).
OPTIONAL_TEMPLATE_COLUMNS = frozenset({"ReportingPeriodName", "ActionDate", "InvoiceReference"})

COMMISSION_LAYOUTS: dict[TransactionKind, list[str]] = {
    TransactionKind.DONATION: finance_types.DONATION_COLUMNS,
    TransactionKind.LOAN: finance_types.LOAN_COLUMNS,
    TransactionKind.SPENDING: finance_types.SPENDING_COLUMNS,
}

_PLAIN_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
# A registered society's number on the Financial Conduct Authority's Mutuals Public
# Register ('IP14525R', '7486R', 'RS007012'): what the Commission publishes in the company
# number column for friendly, industrial and provident societies (PPERA 2000 s.54(2)(g)).
_SOCIETY_NUMBER = re.compile(r"^(?:(?:IP|RS)\d{1,6}R?|\d{1,6}R)$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class ParsedFile:
    kind: TransactionKind
    layout: Layout
    items: list[Any] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    period_names: set[str] = field(default_factory=set)


class Cells:
    """Cell readers that remember what they have read (files repeat dates and amounts)."""

    def __init__(self, findings: list[Finding], *, published: bool = False) -> None:
        self.findings = findings
        # Reading the Commission's published layout: a company number that is not one is
        # the published record, a warning (``published_company_number_unreadable``).
        self.published = published
        self.row = 0
        self._dates: dict[str, dt.date | None] = {"": None}
        self._amounts: dict[str, Decimal | None] = {"": None}
        self._companies: dict[str, str] = {"": ""}
        self._booleans: dict[str, bool | None] = {"": None, "True": True, "False": False}

    def _bad(self, code: RuleCode, column: str, value: str) -> None:
        self.findings.append(finding_for(code, self.row, {"column": column, "value": value}))

    def amount(self, row: dict[str, str], column: str) -> Decimal | None:
        text = row.get(column, "")
        found = self._amounts.get(text)
        if found is not None or text in self._amounts:
            return found
        stripped = text.strip()
        try:
            if _PLAIN_AMOUNT.match(stripped):
                value: Decimal | None = Decimal(stripped)
            else:
                value = core_cells.parse_amount(stripped)
        except (InvalidValueError, InvalidOperation):
            self._bad(RuleCode.CELL_NOT_MONEY, column, text)
            return None
        if len(self._amounts) < 100_000:
            self._amounts[text] = value
        return value

    def date(self, row: dict[str, str], column: str) -> dt.date | None:
        text = row.get(column, "")
        if text in self._dates:
            return self._dates[text]
        stripped = text.strip()
        try:
            match = _DMY.match(stripped)
            if match:
                value: dt.date | None = dt.date(
                    int(match.group(3)), int(match.group(2)), int(match.group(1))
                )
            else:
                value = core_cells.parse_date(stripped)
        except (InvalidValueError, ValueError):
            self._bad(RuleCode.CELL_NOT_DATE, column, text)
            return None
        self._dates[text] = value
        return value

    def boolean(self, row: dict[str, str], column: str) -> bool | None:
        text = row.get(column, "")
        if text in self._booleans:
            return self._booleans[text]
        try:
            value = core_cells.parse_bool(text)
        except InvalidValueError:
            self._bad(RuleCode.CELL_NOT_BOOLEAN, column, text)
            return None
        if len(self._booleans) < 1_000:
            self._booleans[text] = value
        return value

    def company(self, row: dict[str, str], column: str) -> str:
        text = row.get(column, "")
        found = self._companies.get(text)
        if found is not None:
            return found
        try:
            value = core_cells.normalise_company_number(text)
        except InvalidValueError:
            society = re.sub(r"\s+", "", text).upper()
            if not _SOCIETY_NUMBER.match(society):
                code = (
                    RuleCode.PUBLISHED_COMPANY_NUMBER_UNREADABLE
                    if self.published
                    else RuleCode.CELL_NOT_COMPANY_NUMBER
                )
                self._bad(code, column, text)
                return ""
            value = society
        if len(self._companies) < 100_000:
            self._companies[text] = value
        return value


def _text(row: dict[str, str], column: str) -> str:
    return row.get(column, "").strip()


def _name(row: dict[str, str], column: str) -> str:
    """Names as published carry stray and doubled spaces: fold them."""
    return " ".join(row.get(column, "").split())


def _donation_commission(row: dict[str, str], number: int, cells: Cells) -> DonationInput:
    return DonationInput(
        row=number,
        value=cells.amount(row, "Value"),
        source_name=_name(row, "DonorName"),
        source_status=_text(row, "DonorStatus"),
        company_number=cells.company(row, "CompanyRegistrationNumber"),
        received=cells.date(row, "ReceivedDate"),
        accepted=cells.date(row, "AcceptedDate"),
        is_aggregation=cells.boolean(row, "IsAggregation"),
        is_irish_source=cells.boolean(row, "IsIrishSource"),
        outcome=_text(row, "DonationAction"),
        recipient_entity_type=_text(row, "RegulatedEntityType") or None,
        recipient_accounting_unit=_text(row, "AccountingUnitName") or None,
        recipient_as_central=cells.boolean(row, "AccountingUnitsAsCentralParty"),
        recipient_entity_id=_text(row, "RegulatedEntityId") or None,
        recipient_donee_type=_text(row, "RegulatedDoneeType") or None,
        register=_text(row, "RegisterName") or None,
        period_name=_text(row, "ReportingPeriodName"),
        donation_type=_text(row, "DonationType"),
        nature=_text(row, "NatureOfDonation"),
    )


def _donation_template(row: dict[str, str], number: int, cells: Cells) -> DonationInput:
    # The hot path of a bulk upload: _text and _name inlined.
    get = row.get
    date = cells.date
    boolean = cells.boolean
    return DonationInput(
        row=number,
        value=cells.amount(row, "Value"),
        source_name=" ".join(get("DonorName", "").split()),
        source_status=get("DonorStatus", "").strip(),
        company_number=cells.company(row, "CompanyRegistrationNumber"),
        on_electoral_register=boolean(row, "OnElectoralRegister"),
        received=date(row, "ReceivedDate"),
        accepted=date(row, "AcceptedDate"),
        is_aggregation=boolean(row, "IsAggregation"),
        is_irish_source=boolean(row, "IsIrishSource"),
        outcome=get("DonationAction", "").strip(),
        outcome_date=date(row, "ActionDate"),
        period_name=get("ReportingPeriodName", "").strip(),
        donation_type=get("DonationType", "").strip(),
        nature=get("NatureOfDonation", "").strip(),
    )


def _loan_commission(row: dict[str, str], number: int, cells: Cells) -> LoanInput:
    start = cells.date(row, "StartDate")
    return LoanInput(
        row=number,
        value=cells.amount(row, "Value"),
        source_name=_name(row, "LoanParticipantName"),
        source_status=_text(row, "LoanParticipantType"),
        company_number=cells.company(row, "CompanyRegistrationNumber"),
        received=start,
        accepted=start,
        is_aggregation=cells.boolean(row, "IsAggregation"),
        is_irish_source=cells.boolean(row, "IsIrishSource"),
        recipient_entity_type=_text(row, "RegulatedEntityType") or None,
        recipient_accounting_unit=_text(row, "AccountingUnitName") or None,
        recipient_entity_id=_text(row, "RegulatedEntityId") or None,
        register=_text(row, "RegisterName") or None,
        **_loan_terms(row, cells),
    )


def _loan_terms(row: dict[str, str], cells: Cells) -> dict[str, Any]:
    """The terms of a loan, in the same columns in both layouts."""
    return {
        "period_name": _text(row, "ReportingPeriodName"),
        "loan_type": _text(row, "LoanType"),
        "rate": _text(row, "RateOfInterestDescription"),
        "status": _text(row, "LoanStatus"),
        "end_date": cells.date(row, "EndDate"),
        "date_repaid": cells.date(row, "DateRepaid"),
        "repaid": cells.amount(row, "AmountRepaid"),
        "converted": cells.amount(row, "AmountConverted"),
        "outstanding": cells.amount(row, "AmountOutstanding"),
    }


def _loan_template(row: dict[str, str], number: int, cells: Cells) -> LoanInput:
    start = cells.date(row, "StartDate")
    return LoanInput(
        row=number,
        value=cells.amount(row, "Value"),
        source_name=_name(row, "LenderName"),
        source_status=_text(row, "LenderStatus"),
        company_number=cells.company(row, "CompanyRegistrationNumber"),
        on_electoral_register=cells.boolean(row, "OnElectoralRegister"),
        received=start,
        accepted=start,
        is_aggregation=cells.boolean(row, "IsAggregation"),
        is_irish_source=cells.boolean(row, "IsIrishSource"),
        outcome=_text(row, "LoanAction"),
        outcome_date=cells.date(row, "ActionDate"),
        **_loan_terms(row, cells),
    )


def _spending(row: dict[str, str], number: int, cells: Cells) -> SpendingInput:
    return SpendingInput(
        row=number,
        total=cells.amount(row, "TotalExpenditure"),
        england=cells.amount(row, "AmountInEngland"),
        scotland=cells.amount(row, "AmountInScotland"),
        wales=cells.amount(row, "AmountInWales"),
        northern_ireland=cells.amount(row, "AmountInNorthernIreland"),
        incurred=cells.date(row, "DateIncurred"),
        claimed=cells.date(row, "DateOfClaimForPayment"),
        paid=cells.date(row, "DatePaid"),
        category=_text(row, "ExpenseCategoryName"),
        supplier=_name(row, "SupplierName"),
        invoice=_text(row, "RedactedSupportingInvoiceId") or _text(row, "InvoiceReference"),
        period_name=_text(row, "ReportingPeriodName"),
    )


READERS: dict[tuple[TransactionKind, Layout], Callable[[dict[str, str], int, Cells], Any]] = {
    (TransactionKind.DONATION, Layout.COMMISSION): _donation_commission,
    (TransactionKind.DONATION, Layout.TEMPLATE): _donation_template,
    (TransactionKind.LOAN, Layout.COMMISSION): _loan_commission,
    (TransactionKind.LOAN, Layout.TEMPLATE): _loan_template,
    (TransactionKind.SPENDING, Layout.COMMISSION): _spending,
    (TransactionKind.SPENDING, Layout.TEMPLATE): _spending,
}


UNKNOWN_COLUMNS_SHOWN = 10
COLUMN_NAME_SHOWN = 40


def _column_list(names: list[str]) -> str:
    """At most ``UNKNOWN_COLUMNS_SHOWN`` names, each cut to ``COLUMN_NAME_SHOWN``
    characters: a hostile header must not become a megabyte of error message."""
    shown = [
        name if len(name) <= COLUMN_NAME_SHOWN else name[:COLUMN_NAME_SHOWN] + "…"
        for name in names[:UNKNOWN_COLUMNS_SHOWN]
    ]
    more = len(names) - len(shown)
    if more:
        shown.append(_("and %(count)s more") % {"count": more})
    return ", ".join(shown)


def layout_of(header: list[str], kind: TransactionKind) -> Layout:
    """Which layout a header is for this kind; UnreadableFileError (in the user's
    language) when it is neither."""
    names = set(header)
    if names == set(COMMISSION_LAYOUTS[kind]):
        return Layout.COMMISSION
    template = TEMPLATES[kind]
    missing = [c for c in template if c not in names and c not in OPTIONAL_TEMPLATE_COLUMNS]
    unknown = [c for c in header if c not in template]
    if not missing and not unknown:
        return Layout.TEMPLATE
    for other, columns in COMMISSION_LAYOUTS.items():
        if other != kind and names == set(columns):
            raise UnreadableFileError(
                _("This is a file of %(found)s, not of %(wanted)s. Choose the right file.")
                % {"found": other.value, "wanted": kind.value}
            )
    problems = []
    if missing:
        problems.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(columns)s") % {"columns": _column_list(unknown)})
    raise UnreadableFileError(
        _(
            "The header row is neither the Commission's layout nor our template for %(kind)s "
            "(%(problems)s). Download the template and copy your data into it."
        )
        % {"kind": kind.value, "problems": "; ".join(problems)}
    )


# A header row longer than this is no header of ours (ours is well under 1 KB).
HEADER_MAX_CHARACTERS = 64 * 1024
# A line longer than this is checked for extra cells before the CSV reader splits it (a
# shorter one costs little to split, and its refusal names the row and its cells).
LONG_LINE_CHARACTERS = 64 * 1024
_QUOTED = re.compile(r'"[^"]*"')
_OPEN_QUOTE = re.compile(r'"[^"]*$')


def _separators_outside_quotes(line: str, in_quotes: bool) -> int:
    """Commas of a physical line that separate cells (not those inside a quoted cell),
    the line starting inside a quoted cell when ``in_quotes``."""
    if not in_quotes and '"' not in line:
        return line.count(",")  # no quoted cell: every comma separates (and no copy made)
    text = ('"' + line) if in_quotes else line
    return _OPEN_QUOTE.sub("", _QUOTED.sub("", text)).count(",")


def _guarded_lines(lines: Iterator[str], width: int, first_line: int) -> Iterator[str]:
    """The file's physical lines, refusing one with more cells than the header *before*
    the CSV reader splits it: a 45 MB line of commas would otherwise become tens of
    millions of cells in memory (600 MB) only to be refused."""
    in_quotes = False
    for number, line in enumerate(lines, start=first_line):
        # Cheap first: only a long line with as many commas as the header has cells.
        if (
            len(line) > LONG_LINE_CHARACTERS
            and line.count(",") >= width
            and _separators_outside_quotes(line, in_quotes) >= width
        ):
            raise UnreadableFileError(
                _(
                    "Line %(line)s of the file has more cells than the header's %(expected)s. "
                    "Check that each row has one cell per column."
                )
                % {"line": number, "expected": width}
            )
        if line.count('"') % 2:
            in_quotes = not in_quotes
        yield line


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines_of(text: str) -> Iterator[str]:
    """The text's physical lines (ended by \\n, \\r\\n or \\r, as a file opened with
    ``newline=""`` gives them), ends kept, each a slice of it: a StringIO would first copy
    the whole text at four bytes a character."""
    for match in _LINE.finditer(text):
        yield match.group()


def _read_cells(
    source: str | Path | bytes | IO[bytes],
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and each row's cells, as many as the header: blank rows skipped, a row
    longer than the header refused (as the file streams: see ``_guarded_lines``), a
    shorter one padded (as ``core.cells.read_rows``)."""
    text = core_cells.open_text(source)
    end = text.find("\n")
    if (end if end >= 0 else len(text)) > HEADER_MAX_CHARACTERS:
        raise UnreadableFileError(
            _("The header row is longer than %(size)s characters: it is not a header of ours.")
            % {"size": HEADER_MAX_CHARACTERS}
        )
    lines = _lines_of(text)
    header_reader = csv.reader(lines)
    try:
        header = [name.strip() for name in next(header_reader)]
    except StopIteration as exc:
        raise UnreadableFileError(_("The file is empty: it has no header row.")) from exc
    except csv.Error as exc:
        raise UnreadableFileError(
            _("The header row cannot be read: %(problem)s") % {"problem": exc}
        ) from exc
    width = len(header)
    reader = csv.reader(_guarded_lines(lines, width, header_reader.line_num + 1))

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 0
        try:
            for cells in reader:
                size = len(cells)
                if size == width and any(cells):
                    number += 1
                    yield number, cells
                    continue
                if not any(cell.strip() for cell in cells):
                    continue
                number += 1
                if size > width:
                    raise UnreadableFileError(
                        _("Row %(row)s has %(found)s cells but the header has %(expected)s.")
                        % {"row": number, "found": size, "expected": width}
                    )
                yield number, cells + [""] * (width - size)
        except csv.Error as exc:
            raise UnreadableFileError(
                _("Row %(row)s cannot be read: %(problem)s") % {"row": number + 1, "problem": exc}
            ) from exc

    return header, rows()


def _read_rows(
    source: str | Path | bytes | IO[bytes],
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """As ``_read_cells``, each row as column → cell (the last of repeated columns)."""
    header, rows = _read_cells(source)
    return header, ((number, dict(zip(header, cells, strict=True))) for number, cells in rows)


def template_rows(
    source: str | Path | bytes | IO[bytes], kind: TransactionKind
) -> tuple[Layout, Iterator[tuple[int, dict[str, str]]]]:
    """The file's layout and each row as our template's columns, stripped: what the
    upload stores. The Commission's layout shares the template's names for the columns a
    filer reports; a template column it lacks is blank. UnreadableFileError as
    ``layout_of`` and ``_read_cells``."""
    header, rows = _read_cells(source)
    layout = layout_of(header, kind)
    columns = TEMPLATES[kind]
    width = len(header)
    # A repeated column reads as its last cell, as a dict built from the header would.
    position = {name: index for index, name in enumerate(header)}
    pick = itemgetter(*(position.get(column, width) for column in columns))
    strip = str.strip

    def read() -> Iterator[tuple[int, dict[str, str]]]:
        for number, cells in rows:
            cells.append("")  # index ``width``: the blank of a column the layout lacks
            yield number, dict(zip(columns, map(strip, pick(cells)), strict=True))

    return layout, read()


def row_encoder(columns: Sequence[str]) -> Callable[[dict[str, str]], str]:
    """``json.dumps`` of a row of these columns, in this order, every cell text (what
    ``template_rows`` gives), at half its cost: the keys are written once into a
    format; any other row goes through ``json.dumps`` itself."""
    names = tuple(columns)
    form = "{" + ", ".join(quote_json(name).replace("%", "%%") + ": %s" for name in names) + "}"

    def encode(row: dict[str, str]) -> str:
        if tuple(row) == names:
            with suppress(TypeError):  # a cell that is not text: json.dumps copes
                return form % tuple(map(quote_json, row.values()))
        return json.dumps(row)

    return encode


def read_transactions(source: str | Path | bytes | IO[bytes], kind: TransactionKind) -> ParsedFile:
    """Every row of the file as typed input, with a finding for each unreadable cell.
    UnreadableFileError when the file as a whole cannot be read."""
    header, rows = _read_rows(source)
    layout = layout_of(header, kind)
    parsed = ParsedFile(kind=kind, layout=layout)
    cells = Cells(parsed.findings, published=layout == Layout.COMMISSION)
    reader = READERS[kind, layout]
    items = parsed.items
    for number, row in rows:
        cells.row = number
        items.append(reader(row, number, cells))
    parsed.period_names = {item.period_name for item in items if item.period_name}
    return parsed


def iter_gifts(parsed: ParsedFile) -> Iterator[GiftInput]:
    for item in parsed.items:
        if isinstance(item, GiftInput):
            yield item
