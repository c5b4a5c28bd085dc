"""What an entity's page shows of its published rows: the sums, the charts' rows (the
same rows feed the chart, its table and its CSV) and the notes withdrawn records leave."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from regulator.disclosure.selectors import totals
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types
from regulator.finance.selectors import SumPence

CHART_GROUPS = {"year": "year", "quarter": "quarter", "donor-type": "donor_status"}


def entity_donations(*, entity_id: int) -> QuerySet[Any]:
    return finance_selectors.transactions_published("donations").filter(entity_id=entity_id)


def entity_chart_rows(*, entity_id: int, chart: str, public: bool = False) -> list[dict[str, Any]]:
    """A chart's rows of an entity's private donations (or its public funds). Each label
    is a key that is the same in every language (a year, "2023-Q1", a donor type's label:
    ``chart_label`` words it), and the years or quarters with nothing are there as zero
    (time in a chart is not skipped)."""
    queryset = entity_donations(entity_id=entity_id).filter(is_public_fund=public)
    rows = [
        {"label": _chart_key(chart, row), "total": Decimal(row["total"]), "count": row["count"]}
        for row in totals("donations", queryset, CHART_GROUPS[chart])
    ]
    return _with_empty_periods(chart, rows)


def _chart_key(chart: str, row: dict[str, Any]) -> str:
    """A row's label that is the same in every language: a donor type's published label
    (a value outside the known set as published), a year, or "2023-Q1"."""
    if chart == "donor-type":
        known = finance_types.resolve_label(finance_types.DONOR_STATUSES, row["id"])
        return known if known and row["id"] else str(row["name"])
    return str(row["id"])


def _period_keys(chart: str, first: str, last: str) -> list[str]:
    if chart == "year":
        return [str(year) for year in range(int(first), int(last) + 1)]
    (y1, q1), (y2, q2) = ((int(k[:4]), int(k[-1])) for k in (first, last))
    keys = []
    while (y1, q1) <= (y2, q2):
        keys.append(f"{y1}-Q{q1}")
        y1, q1 = (y1 + 1, 1) if q1 == 4 else (y1, q1 + 1)
    return keys


def _with_empty_periods(chart: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if chart not in ("year", "quarter") or not rows:
        return rows
    found = {row["label"]: row for row in rows}
    return [
        found.get(key, {"label": key, "total": Decimal("0.00"), "count": 0})
        for key in _period_keys(chart, rows[0]["label"], rows[-1]["label"])
    ]


def quarter_name(year: int, quarter: int) -> str:
    """A quarter in the reader's language: "Q1 2023", in Welsh "Ch1 2023"."""
    return gettext("Q%(quarter)d %(year)d") % {"quarter": quarter, "year": year}


def chart_label(chart: str, key: str) -> str:
    """A chart row's label in the reader's language: a quarter as "Q1 2023" ("Ch1 2023"
    in Welsh), a donor type as its published label, translated."""
    if chart == "quarter" and len(key) == 7 and key[4:6] == "-Q":
        return quarter_name(int(key[:4]), int(key[-1]))
    if chart == "donor-type":
        label = finance_types.resolve_label(finance_types.DONOR_STATUSES, key)
        return finance_types.display(finance_types.DONOR_STATUSES, label) if label else key
    return key


def entity_figures(*, entity_id: int) -> dict[str, Any]:
    """The sums and chart rows of an entity's page (JSON-able: pence, totals as text);
    over a large party's half a million donations they take a second or more, so they
    are remembered until the published donations change."""

    def compute() -> dict[str, Any]:
        donations = entity_donations(entity_id=entity_id)
        split = donations.order_by().aggregate(
            private=SumPence("value", filter=Q(is_public_fund=False)),
            public=SumPence("value", filter=Q(is_public_fund=True)),
            private_count=Count("id", filter=Q(is_public_fund=False)),
            public_count=Count("id", filter=Q(is_public_fund=True)),
        )

        def rows(chart: str, public: bool) -> list[list[Any]]:
            return [
                [row["label"], str(row["total"]), row["count"]]
                for row in entity_chart_rows(entity_id=entity_id, chart=chart, public=public)
            ]

        return {
            "split": split,
            "charts": {name: rows(name, False) for name in CHART_GROUPS},
            "public": rows("year", True),
        }

    return finance_selectors.remembered(
        # v2: chart labels are language-neutral keys (see entity_chart_rows)
        "donations",
        f"entity-page:v2:{entity_id}",
        [],
        compute,
    )


def entity_counts(*, entity_id: int) -> dict[str, int]:
    """How many published loans and spending items the entity has."""
    return {
        kind: finance_selectors.transactions_published(kind).filter(entity_id=entity_id).count()
        for kind in ("loans", "spending")
    }


def entity_withdrawn_notes(*, entity_id: int) -> list[dict[str, Any]]:
    """A withdrawn record leaves a visible note: its reference, when and why (no data)."""
    return [
        row
        for kind in finance_types.TRANSACTION_KINDS
        for row in finance_selectors.transactions_all(kind)
        .filter(entity_id=entity_id, withdrawn_at__isnull=False)
        .values("ec_ref", "withdrawn_at", "withdrawal_reason")
        .order_by("-withdrawn_at")
    ]
