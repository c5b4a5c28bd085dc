"""Reads of the filings area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from regulator.filings.figures import Figure, FigureTable
from regulator.filings.models import Company, StatutoryFigure
from regulator.filings.rules.inputs import CompanyFacts


def figure_table() -> FigureTable:
    """Every statutory figure, in memory (a few dozen rows)."""
    return FigureTable(
        Figure(
            code=row.code,
            value=row.value,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            source=row.source,
            verified=row.verified,
        )
        for row in StatutoryFigure.objects.all()
    )


def figure_at(code: str, on: dt.date) -> Decimal:
    """The value of a statutory figure in force on a date; FigureNotInForceError if none."""
    return figure_table().at(code, on)


def figure_history(code: str) -> list[Figure]:
    """Every dated value of a statutory figure, oldest first (guidance shows the table)."""
    return [
        Figure(
            code=row.code,
            value=row.value,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            source=row.source,
            verified=row.verified,
        )
        for row in StatutoryFigure.objects.filter(code=code).order_by("effective_from")
    ]


def company_facts(numbers: Iterable[str]) -> dict[str, CompanyFacts]:
    """The snapshot's facts for these (normalised) company numbers; unknown ones absent."""
    wanted = sorted({n for n in numbers if n})
    found: dict[str, CompanyFacts] = {}
    for start in range(0, len(wanted), 500):
        for row in Company.objects.filter(company_number__in=wanted[start : start + 500]):
            found[row.company_number] = CompanyFacts(
                number=row.company_number,
                name=row.name,
                status=row.status,
                category=row.category,
                country_of_origin=row.country_of_origin,
                accounts_category=row.accounts_category,
                incorporated_on=row.incorporated_on,
                dissolved_on=row.dissolved_on,
            )
    return found
