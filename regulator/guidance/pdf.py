"""A PDF of one guidance document (fpdf2, with DejaVu Sans embedded so that Welsh letters
print): the version in force on a date, its headings, text, lists, tables and figures as
the page shows them, and the address of the page it came from."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from regulator.core.pdf_fonts import add_fonts
from regulator.guidance import selectors
from regulator.guidance.models import Version
from regulator.guidance.types import BlockKind

LABELS = {
    BlockKind.MUST: lambda: _("Legal requirement"),
    BlockKind.SHOULD: lambda: _("Good practice"),
    BlockKind.WARNING: lambda: _("Warning"),
    BlockKind.EXAMPLE: lambda: _("Example"),
}


def document_pdf(*, version: Version, language: str, on: dt.date) -> bytes:
    with translation.override(language):
        pdf = FPDF(format="A4")
        pdf.set_title(version.title(language))
        pdf.set_lang("cy" if language == "cy" else "en-GB")
        add_fonts(pdf)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_page()
        width = pdf.w - pdf.l_margin - pdf.r_margin
        pdf.set_font("DejaVu", "B", 20)
        pdf.multi_cell(width, 9, version.title(language))
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(
            width,
            6,
            _("Version %(number)s, in force from %(date)s. Figures as on %(on)s.")
            % {
                "number": version.number,
                "date": version.effective_from.strftime("%d/%m/%Y")
                if version.effective_from
                else "",
                "on": on.strftime("%d/%m/%Y"),
            },
        )
        pdf.ln(3)
        for block in selectors.blocks_rendered(version=version, language=language, on=on):
            text = "".join(segment.text for segment in block.segments)
            if block.kind == BlockKind.HEADING:
                pdf.ln(2)
                pdf.set_font("DejaVu", "B", 14)
                pdf.multi_cell(width, 7, text)
            elif block.kind == BlockKind.STEP:
                pdf.set_font("DejaVu", "", 11)
                for number, item in enumerate(block.items, start=1):
                    pdf.multi_cell(width, 6, f"{number}. " + "".join(s.text for s in item))
            elif block.kind == BlockKind.TABLE:
                pdf.set_font("DejaVu", "", 10)
                with pdf.table(text_align="LEFT") as table:
                    for row in block.rows:
                        cells = table.row()
                        for cell in row:
                            cells.cell(cell)
            elif block.kind == BlockKind.FIGURE:
                pdf.set_font("DejaVu", "B", 11)
                pdf.multi_cell(width, 6, f"{text} {block.figure_label}")
            else:
                label = LABELS.get(BlockKind(block.kind))
                if label is not None:
                    pdf.set_font("DejaVu", "B", 11)
                    pdf.multi_cell(width, 6, label())
                pdf.set_font("DejaVu", "", 11)
                pdf.multi_cell(width, 6, text)
            pdf.ln(1)
        return bytes(pdf.output())
