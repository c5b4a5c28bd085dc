"""The fonts every PDF the platform writes embeds (DejaVu Sans, so that Welsh letters such
as ŵ and ŷ print): guidance documents and enforcement notices."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"


def add_fonts(pdf: FPDF) -> str:
    """Register the regular and bold faces on ``pdf`` and return the family name."""
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    return FAMILY
