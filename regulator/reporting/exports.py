"""A frozen pack as a table (one row a measure) in CSV, XLSX (openpyxl), ODS (odfpy) and
PDF (fpdf2: pure Python, no system libraries). Every text cell is neutralised so a
spreadsheet never runs it as a formula; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from regulator.core.cells import neutralise_formula
from regulator.reporting.catalogue import Result, as_decimal, status_label
from regulator.reporting.models import Pack

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
}
# A font with Welsh letters (ŵ, ŷ) where the system has one; otherwise PDF text falls
# back to Helvetica with those letters written without their accents.
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)


def headers() -> list[str]:
    return [
        _("Code"),
        _("Measure"),
        _("Value"),
        _("Unit"),
        _("Numerator"),
        _("Denominator"),
        _("Target"),
        _("Status"),
        _("Definition version"),
        _("In force from"),
        _("Owning area"),
    ]


def rows(pack: Pack) -> list[list[Any]]:
    table = []
    for data in pack.measures:
        result = Result.from_dict(data)
        table.append(
            [
                result.code,
                result.name,
                as_decimal(result.value) if result.available else _("Not yet available"),
                result.unit,
                as_decimal(result.numerator),
                as_decimal(result.denominator),
                as_decimal(result.target),
                status_label(result.status),
                result.version,
                result.effective_from,
                result.area,
            ]
        )
    return table


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_formula(value)
    return value


def _title(pack: Pack) -> str:
    return _("Performance pack %(period)s, edition %(edition)s") % {
        "period": pack.period,
        "edition": pack.edition,
    }


def as_csv(pack: Pack) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(h) for h in headers()])
    for row in rows(pack):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(pack: Pack) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = pack.period
    sheet.append([_cell(_title(pack))])
    sheet.append([_cell(_("Figures as at %(when)s") % {"when": pack.as_of.isoformat()})])
    sheet.append([])
    sheet.append([_cell(h) for h in headers()])
    for row in rows(pack):
        sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_ods(pack: Pack) -> bytes:
    from decimal import Decimal

    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=pack.period)

    def add(values: list[Any]) -> None:
        row = TableRow()
        for value in values:
            value = _cell(value)
            if isinstance(value, int | float | Decimal):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)

    add([_title(pack)])
    add([_("Figures as at %(when)s") % {"when": pack.as_of.isoformat()}])
    add(headers())
    for values in rows(pack):
        add(values)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _pdf_text(text: str, unicode_font: bool) -> str:
    if unicode_font:
        return text
    import unicodedata

    return "".join(c if ord(c) < 256 else unicodedata.normalize("NFKD", c)[0] for c in text)


def as_pdf(pack: Pack) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="A4")
    font = next((path for path in FONTS if path.exists()), None)
    if font is not None:
        pdf.add_font("body", fname=str(font))
        family = "body"
    else:
        family = "helvetica"
    pdf.set_title(_title(pack))
    pdf.set_lang("cy" if _("Code") != "Code" else "en")
    pdf.add_page()
    pdf.set_font(family, size=14)
    pdf.multi_cell(0, 8, _pdf_text(_title(pack), font is not None), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=9)
    when = _("Figures as at %(when)s") % {"when": pack.as_of.isoformat()}
    pdf.multi_cell(0, 6, _pdf_text(when, font is not None), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    columns = (70, 30, 18, 25, 25, 20, 50, 20, 20)
    picked = [1, 2, 3, 4, 5, 6, 7, 8, 10]
    from fpdf.fonts import FontFace

    with pdf.table(
        col_widths=columns,
        text_align="LEFT",
        first_row_as_headings=True,
        headings_style=FontFace(emphasis=None, fill_color=(243, 242, 241)),
    ) as table:
        heading = table.row()
        for index in picked:
            heading.cell(_pdf_text(headers()[index], font is not None))
        for values in rows(pack):
            row = table.row()
            for index in picked:
                value = values[index]
                row.cell(_pdf_text("" if value is None else str(value), font is not None))
    return bytes(pdf.output())


def export(pack: Pack, fmt: str) -> bytes:
    return {"csv": as_csv, "xlsx": as_xlsx, "ods": as_ods, "pdf": as_pdf}[fmt](pack)
