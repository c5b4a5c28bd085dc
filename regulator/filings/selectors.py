"""Reads of the filings area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from regulator.filings import parsing
from regulator.filings.figures import Figure, FigureTable
from regulator.filings.models import (
    Company,
    DraftTransaction,
    FiledReturn,
    ReturnVersion,
    Status,
    StatutoryFigure,
)
from regulator.filings.rules.engine import WEEKLY, prior_gift
from regulator.filings.rules.inputs import (
    CompanyFacts,
    GiftInput,
    Layout,
    PriorGift,
    ReportPeriod,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.finance import selectors as finance_selectors
from regulator.finance.types import GiftRecord


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


# --- What the recipient reported earlier in the year ------------------------------------

# Versions that speak for their return once submitted: the filer's latest word stands
# until it is amended (an amended one is replaced by the next).
_SUBMITTED = frozenset(
    {
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.QUERIED,
        Status.ACCEPTED,
        Status.PUBLISHED,
    }
)


def prior_gifts(
    *,
    entity_id: int,
    accounting_unit_id: int | None,
    period: ReportPeriod | None,
    figures: FigureTable,
    exclude_return_id: int | None = None,
) -> list[PriorGift]:
    """The gifts that a recipient (the entity's central party, or one accounting unit)
    accepted earlier in the calendar year of ``period`` and reported in its returns
    (other than ``exclude_return_id``, the one being checked), up to the end of ``period``: the accepted records of the imported
    history (``finance.selectors.gift_records``), and for each of its other filed returns
    the latest version it submitted, its accepted records when it was accepted (as the
    Commission holds them, corrections and withdrawals included), else its rows as
    submitted. An accepted amendment counts by its rows (its unchanged rows keep an
    earlier version's records). Returned, forfeited and impermissible gifts never count
    (``rules.engine.prior_gift``)."""
    if period is None:
        return []
    since = dt.date(period.end.year, 1, 1)
    until = period.end
    unit_id = accounting_unit_id
    gifts: list[GiftInput] = []
    for record in finance_selectors.gift_records(
        entity_id=entity_id,
        accounting_unit_id=unit_id,
        since=since,
        until=until,
        imported_only=True,
    ):
        gifts.append(_record_gift(record))
    others = FiledReturn.objects.filter(entity_id=entity_id, accounting_unit_id=unit_id)
    if exclude_return_id is not None:
        others = others.exclude(pk=exclude_return_id)
    record_returns: list[int] = []
    row_versions: list[int] = []
    for other in others.only("pk", "period_name"):
        other_period = parse_period(other.period_name)
        if other_period is None or other_period.end < since or other_period.start > until:
            continue
        if other_period.kind in WEEKLY:  # it repeats gifts the quarterly reports hold
            continue
        latest = (
            ReturnVersion.objects.filter(filed_return=other, status__in=_SUBMITTED)
            .order_by("-number")
            .only("pk", "finance_return_id", "amends_id")
            .first()
        )
        if latest is None:
            continue
        if latest.finance_return_id and latest.amends_id is None:
            record_returns.append(latest.finance_return_id)
        else:
            row_versions.append(latest.pk)
    if record_returns:
        for record in finance_selectors.gift_records(
            entity_id=entity_id,
            accounting_unit_id=unit_id,
            since=since,
            until=until,
            return_ids=record_returns,
        ):
            gifts.append(_record_gift(record))
    if row_versions:
        findings: list[Any] = []
        cells = parsing.Cells(findings)
        rows = DraftTransaction.objects.filter(
            version_id__in=row_versions,
            kind__in=[TransactionKind.DONATION, TransactionKind.LOAN],
        ).values_list("kind", "row", "data")
        for kind, row, data in rows.iterator(chunk_size=2000):
            reader = parsing.READERS[TransactionKind(kind), Layout.TEMPLATE]
            gifts.append(reader(data, row, cells))
    found = []
    for gift in gifts:
        prior = prior_gift(gift, figures)
        if prior is not None and since <= prior.day <= until:
            found.append(prior)
    found.sort(key=lambda gift: gift.day)
    return found


def _record_gift(record: GiftRecord) -> GiftInput:
    return GiftInput(
        row=0,
        value=record.value,
        source_name=" ".join(record.source_name.split()),
        source_status=record.source_status.strip(),
        company_number=record.company_number,
        received=record.received,
        accepted=record.accepted,
        outcome=record.action.strip(),
    )
