"""Reads of the published data, shared by the open-data API, the search pages, the entity
pages and their charts, and the warm-up of remembered answers: one filtered queryset per
kind from validated filters (the django-filter sets of ``api/filters.py``), and the
counts, facets and totals over it, each remembered until the published rows change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Model, QuerySet
from django.http import QueryDict

from regulator.core.money import from_pence
from regulator.disclosure.api.filters import FILTERSETS
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types
from regulator.finance.selectors import Quarter, SumPence, Year

# facet name -> (model field for grouping, label set or None) per kind
FACETS: dict[str, dict[str, tuple[str, dict[str, Any] | None]]] = {
    "donations": {
        "donor_status": ("donor_status", finance_types.DONOR_STATUSES),
        "donation_type": ("donation_type", finance_types.DONATION_TYPES),
        "nature": ("nature", finance_types.NATURES),
        "is_public_fund": ("is_public_fund", None),
    },
    "loans": {
        "lender_type": ("lender_type", finance_types.LENDER_TYPES),
        "loan_status": ("loan_status", finance_types.LOAN_STATUSES),
    },
    "spending": {"expense_category": ("expense_category", finance_types.EXPENSE_CATEGORIES)},
}
COMMON_FACETS: dict[str, tuple[str, dict[str, Any] | None]] = {
    "regulated_entity": ("entity_id", None),
    "regulated_entity_type": ("entity_type", finance_types.ENTITY_TYPES),
    "register": ("register", finance_types.REGISTERS),
    "reporting_period": ("period__name", None),
    "accounting_unit": ("accounting_unit_id", None),
    "year": ("year", None),
}
# group_by for totals; donor_status means the counterparty's type for every kind
GROUP_BY = ("regulated_entity", "donor_status", "year", "quarter")
COUNTERPARTY_TYPE = {
    "donations": "donor_status",
    "loans": "lender_type",
    "spending": "expense_category",
}
# (parameter, model field, known labels) of the checkbox facets on each page
PAGE_FACETS: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "donations": [
        ("donor_status", "donor_status", finance_types.DONOR_STATUSES),
        ("donation_type", "donation_type", finance_types.DONATION_TYPES),
        ("nature", "nature", finance_types.NATURES),
        ("regulated_entity_type", "entity_type", finance_types.ENTITY_TYPES),
        ("register", "register", finance_types.REGISTERS),
    ],
    "loans": [
        ("lender_type", "lender_type", finance_types.LENDER_TYPES),
        ("loan_status", "loan_status", finance_types.LOAN_STATUSES),
        ("regulated_entity_type", "entity_type", finance_types.ENTITY_TYPES),
        ("register", "register", finance_types.REGISTERS),
    ],
    "spending": [
        ("expense_category", "expense_category", finance_types.EXPENSE_CATEGORIES),
        ("regulated_entity_type", "entity_type", finance_types.ENTITY_TYPES),
    ],
}
FACET_LIMIT = 100
PAGE_FACET_LIMIT = 30


class FiltersInvalid(Exception):  # noqa: N818 - it reads as what the filters are
    """The parameters do not make a valid search; ``errors`` is the form's error dict."""

    def __init__(self, errors: Mapping[str, Any]) -> None:
        super().__init__("invalid filters")
        self.errors = errors

    def messages(self) -> list[tuple[str, str]]:
        return [
            (field, str(message)) for field, messages in self.errors.items() for message in messages
        ]


def _params(params: Mapping[str, Any] | None) -> QueryDict:
    if isinstance(params, QueryDict):
        return params
    query = QueryDict(mutable=True)
    for name, value in (params or {}).items():
        for item in value if isinstance(value, list | tuple) else [value]:
            query.appendlist(name, str(item))
    return query


def facet_names(kind: str) -> list[str]:
    return [*COMMON_FACETS, *FACETS[kind]]


def filter_names(kind: str) -> list[str]:
    """The filter parameters of ``kind`` (what the API accepts besides paging and format)."""
    return list(FILTERSETS[kind].base_filters)


def _filterset(kind: str, params: Mapping[str, Any] | None) -> Any:
    filterset = FILTERSETS[kind](
        _params(params), queryset=finance_selectors.transactions_published(kind)
    )
    if not filterset.is_valid():
        raise FiltersInvalid(filterset.errors)
    return filterset


def transactions_filtered(
    *, kind: str, params: Mapping[str, Any] | None = None, counting: bool = False
) -> QuerySet[Any]:
    """The published rows of ``kind`` that the parameters select (raises
    ``FiltersInvalid`` naming each bad parameter). ``counting``: rows to be counted or
    grouped, not paged (see ``Selection.counted``)."""
    filterset = _filterset(kind, params)
    return _counted(filterset) if counting else filterset.qs


def _counted(filterset: Any) -> QuerySet[Any]:
    """The filter set's rows built for counting: the same rows as ``filterset.qs``, with
    any value range in the form its index counts."""
    cleaned = filterset.form.cleaned_data
    if cleaned.get("value_min") is None and cleaned.get("value_max") is None:
        return filterset.qs
    filterset.counting = True
    try:
        return filterset.filter_queryset(filterset.queryset.all())
    finally:
        filterset.counting = False


def _walked(filterset: Any) -> QuerySet[Any]:
    """The filter set's rows built for a page of many rows chosen by a name, or by a span
    of dates and sorted by value: the sort's index walked, each row tested against the
    name's matches and the dates (``_Base.walking``)."""
    filterset.walking = True
    try:
        return filterset.filter_queryset(filterset.queryset.all())
    finally:
        filterset.walking = False


@dataclass(frozen=True)
class Selection:
    """The rows some parameters select and the key of their remembered answers, from one
    validation of the parameters: each validation builds a form and reads the entities
    named, and an API request needs both, once (it validated them two or three times)."""

    queryset: QuerySet[Any]
    key: list[tuple[str, str]]
    # The same rows for a count, facets or totals: on SQLite a page by date walks the date
    # index past a value range, which a count must not (``DonationFilter._value_range``).
    counted: QuerySet[Any]
    # The same rows for a page of many rows that a name or a span of dates by value
    # choose (``_walked``); None for other selections.
    walked: Callable[[], QuerySet[Any]] | None = None


def transactions_selected(*, kind: str, params: Mapping[str, Any] | None) -> Selection:
    """``transactions_filtered`` and ``filter_key`` of the same parameters at once."""
    filterset = _filterset(kind, params)
    key = _filter_key(kind, filterset)
    cleaned = filterset.form.cleaned_data
    by_value = filterset.sort_asked().lstrip("-") == "value"
    dated = bool(cleaned.get("date_from") or cleaned.get("date_to"))
    walks = bool(dict(key).get("q")) or (by_value and dated)
    return Selection(
        filterset.qs,
        key,
        _counted(filterset),
        walked=(lambda: _walked(filterset)) if walks else None,
    )


def _key_values(value: Any) -> list[str]:
    """A validated filter value as text that is the same however it was written."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple | set | frozenset | QuerySet):
        return sorted({text for item in value for text in _key_values(item)})
    if isinstance(value, Model):
        return [str(value.pk)]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, Decimal):
        return [format(value.normalize(), "f")]
    if isinstance(value, dt.date):
        return [value.isoformat()]
    return [str(value)]


def filter_key(*, kind: str, params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """The filters the parameters make, validated and normalised: the key of a remembered
    answer. Anything that is not a filter (paging, sorting, unknown parameters) is no part
    of it, and one filter written two ways (a label or its slug, 5 or 5.00, repeated or
    reordered search words) is one key, so no visitor can add a kept answer per spelling."""
    return _filter_key(kind, _filterset(kind, params))


def _filter_key(kind: str, filterset: Any) -> list[tuple[str, str]]:
    cleaned = filterset.form.cleaned_data
    pairs: list[tuple[str, str]] = []
    for name in FILTERSETS[kind].base_filters:
        value = cleaned.get(name)
        if name == "q":
            value = finance_selectors.text_terms(value or "").text
        pairs += [(name, text) for text in _key_values(value)]
    return pairs


def _name_within(
    kind: str, key: list[tuple[str, str]]
) -> tuple[str, finance_types.NameCountWithin]:
    """The name a filter key asks and the spans, statuses and entities asked with it, when
    nothing else is asked (the name's index carries only those); otherwise no name."""
    asked: dict[str, list[str]] = {}
    for name, text in key:
        asked.setdefault(name, []).append(text)
    status = finance_types.NAME_COUNT_STATUS.get(kind)
    carried = {"q", "date_from", "date_to", "value_min", "value_max", "regulated_entity", status}
    if len(asked.get("q", [])) != 1 or not set(asked) <= carried:
        return "", finance_types.NameCountWithin()

    def one(name: str) -> str | None:
        return asked[name][0] if name in asked else None

    def day(name: str) -> dt.date | None:
        text = one(name)
        return dt.date.fromisoformat(text) if text else None

    def amount(name: str) -> Decimal | None:
        text = one(name)
        return Decimal(text) if text else None

    return asked["q"][0], finance_types.NameCountWithin(
        value_min=amount("value_min"),
        value_max=amount("value_max"),
        date_from=day("date_from"),
        date_to=day("date_to"),
        statuses=tuple(asked.get(status, [])) if status else (),
        entities=tuple(int(pk) for pk in asked.get("regulated_entity", [])),
    )


def transaction_count(
    *,
    kind: str,
    params: QueryDict,
    queryset: QuerySet[Any],
    key: list[tuple[str, str]] | None = None,
) -> int:
    """How many rows the parameters select (remembered); ``key``: their ``filter_key``
    when the caller has it (a ``Selection``'s). A name asked alone, or with spans of
    values or dates or statuses, may be counted from the name's index
    (``finance_selectors.published_name_count``)."""
    if key is None:
        key = filter_key(kind=kind, params=params)
    name, within = _name_within(kind, key)

    def count() -> int:
        if name:
            counted = finance_selectors.published_name_count(kind, name, within)
            if counted is not None:
                return counted
        return queryset.order_by().count()

    return finance_selectors.remembered(kind, "count", key, count)


def transaction_name_keys(
    *, kind: str, key: list[tuple[str, str]], field: str
) -> list[tuple[Any, int]] | None:
    """The (``field``, id) of every row a name search selects, read from the name's index
    when its filter key asks nothing that index does not carry (``_name_within``);
    otherwise None."""
    name, within = _name_within(kind, key)
    if not name:
        return None
    return finance_selectors.published_name_keys(kind, name, within, field)


def transaction_facets(
    *,
    kind: str,
    params: Mapping[str, Any] | None,
    wanted: Iterable[str],
    selection: Selection | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Counts and totals per value of each wanted facet over the selected rows
    (``selection``: the parameters' own, when the caller has it)."""
    names = list(dict.fromkeys(wanted))
    chosen = selection or transactions_selected(kind=kind, params=_params(params))
    base = chosen.counted.order_by()
    return finance_selectors.remembered(
        kind, "facets:" + ",".join(names), chosen.key, lambda: facet_counts(kind, base, names)
    )


def transaction_totals(
    *,
    kind: str,
    params: Mapping[str, Any] | None,
    group_by: str,
    selection: Selection | None = None,
) -> list[dict[str, Any]]:
    """[{id, name, total, count}] of the selected rows grouped by ``group_by``."""
    chosen = selection or transactions_selected(kind=kind, params=_params(params))
    base = chosen.counted.order_by()
    return finance_selectors.remembered(
        kind, f"totals:{group_by}", chosen.key, lambda: totals(kind, base, group_by)
    )


def page_facet_counts(
    *, kind: str, params: Mapping[str, Any] | None, parameter: str, field: str
) -> list[tuple[str, int]]:
    """(value, count) of one of a search page's checkbox facets, over the rows every
    other parameter selects (so the facet's other values stay visible and selectable);
    empty when the other parameters are not a valid search."""
    query = _params(params).copy()
    query.pop(parameter, None)
    try:
        queryset = transactions_filtered(kind=kind, params=query, counting=True).order_by()
    except FiltersInvalid:
        return []
    rows = finance_selectors.remembered(
        kind,
        f"page-facet:{parameter}",
        filter_key(kind=kind, params=query),
        lambda: [
            [row[field], row["count"]]
            for row in queryset.values(field)
            .annotate(count=Count("id"))
            .order_by("-count", field)[:PAGE_FACET_LIMIT]
        ],
    )
    return [(value, count) for value, count in rows]


def _group_value(queryset: QuerySet[Any], field: str) -> QuerySet[Any]:
    if field == "year":
        return queryset.annotate(year=Year("date"))
    if field == "quarter":
        return queryset.annotate(year=Year("date"), quarter=Quarter("date"))
    return queryset


def facet_counts(
    kind: str, base: QuerySet[Any], wanted: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """Counts and totals per value of each wanted facet over a filtered queryset."""
    result: dict[str, list[dict[str, Any]]] = {}
    for name in dict.fromkeys(wanted):
        field, known = {**COMMON_FACETS, **FACETS[kind]}[name]
        qs = _group_value(base, field)
        if name == "regulated_entity":
            result[name] = _entity_facet(qs)
            continue
        if name == "accounting_unit":
            rows = (
                qs.values("accounting_unit_id", "accounting_unit_name")
                .annotate(count=Count("id"), pence=SumPence("value"))
                .order_by("-count", "accounting_unit_id")[:FACET_LIMIT]
            )
            result[name] = [
                {
                    "value": row["accounting_unit_id"],
                    "label": row["accounting_unit_name"] or "Central party",
                    "count": row["count"],
                    "total": f"{from_pence(row['pence'] or 0):.2f}",
                }
                for row in rows
            ]
            continue
        rows = (
            qs.values(field)
            .annotate(count=Count("id"), pence=SumPence("value"))
            .order_by("-count", field)[:FACET_LIMIT]
        )
        result[name] = [
            {
                "value": row[field],
                "label": str(row[field])
                if known is None
                else finance_types.display(known, row[field]),
                "slug": finance_types.slug(str(row[field]))
                if known is not None and row[field]
                else None,
                "count": row["count"],
                "total": f"{from_pence(row['pence'] or 0):.2f}",
            }
            for row in rows
        ]
    return result


def _entity_facet(qs: QuerySet[Any]) -> list[dict[str, Any]]:
    rows = (
        qs.values("entity_id", "entity_name")
        .annotate(count=Count("id"), pence=SumPence("value"))
        .order_by("-count", "entity_id")[:FACET_LIMIT]
    )
    items = [
        {
            "value": row["entity_id"],
            "label": row["entity_name"],
            "count": row["count"],
            "total": f"{from_pence(row['pence'] or 0):.2f}",
        }
        for row in rows
    ]
    # one entity can appear under two published names: merge them
    merged: dict[Any, dict[str, Any]] = {}
    for item in items:
        if item["value"] in merged:
            merged[item["value"]]["count"] += item["count"]
        else:
            merged[item["value"]] = item
    return list(merged.values())


def totals(kind: str, queryset: QuerySet[Any], group_by: str) -> list[dict[str, Any]]:
    """[{id, name, total, count}] of a filtered queryset; shared with the pages and charts."""
    if group_by == "regulated_entity":
        rows = (
            queryset.values("entity_id")
            .annotate(name=F("entity_name"), count=Count("id"), pence=SumPence("value"))
            .order_by()
        )
        merged: dict[int, dict[str, Any]] = {}
        for row in rows:
            item = merged.setdefault(
                row["entity_id"],
                {"id": row["entity_id"], "name": row["name"], "pence": 0, "count": 0},
            )
            item["pence"] += row["pence"] or 0
            item["count"] += row["count"]
        items = sorted(merged.values(), key=lambda item: (-item["pence"], item["id"]))
    elif group_by == "donor_status":
        field = COUNTERPARTY_TYPE[kind]
        known = {**finance_types.DONOR_STATUSES, **finance_types.EXPENSE_CATEGORIES}
        rows = (
            queryset.values(field).annotate(count=Count("id"), pence=SumPence("value")).order_by()
        )
        items = sorted(
            (
                {
                    "id": finance_types.slug(row[field]) if row[field] else "",
                    "name": finance_types.display(known, row[field]),
                    "pence": row["pence"] or 0,
                    "count": row["count"],
                }
                for row in rows
            ),
            key=lambda item: (-item["pence"], item["id"]),
        )
    elif group_by == "year":
        rows = (
            queryset.annotate(year=Year("date"))
            .values("year")
            .annotate(count=Count("id"), pence=SumPence("value"))
            .order_by("year")
        )
        items = [
            {
                "id": str(row["year"]),
                "name": str(row["year"]),
                "pence": row["pence"] or 0,
                "count": row["count"],
            }
            for row in rows
        ]
    else:
        rows = (
            queryset.annotate(year=Year("date"), quarter=Quarter("date"))
            .values("year", "quarter")
            .annotate(count=Count("id"), pence=SumPence("value"))
            .order_by("year", "quarter")
        )
        items = [
            {
                "id": f"{row['year']}-Q{row['quarter']}",
                "name": f"Q{row['quarter']} {row['year']}",
                "pence": row["pence"] or 0,
                "count": row["count"],
            }
            for row in rows
        ]
    return [
        {
            "id": item["id"],
            "name": item["name"],
            "total": f"{from_pence(item['pence']):.2f}",
            "count": item["count"],
        }
        for item in items
    ]


# --- Totals by donor ----------------------------------------------------------------------

DONOR_GROUP_LIMIT = 50
COUNTERPARTY_NAME = {"donations": "donor_name", "loans": "lender_name"}


def donor_groups(
    *, kind: str, params: Mapping[str, Any] | None, limit: int = DONOR_GROUP_LIMIT
) -> list[dict[str, Any]]:
    """The selected rows' totals by resolved donor (or lender), largest first: [{donor_id
    (the public number, or None for records not resolved yet, which are grouped by the
    name as reported), name (as reported), total, count}]. Raises ``FiltersInvalid``."""
    query = _params(params)
    base = transactions_filtered(kind=kind, params=query, counting=True).order_by()
    name_field = COUNTERPARTY_NAME[kind]

    def compute() -> list[dict[str, Any]]:
        resolved = (
            base.filter(donor_id__isnull=False)
            .values("donor_id")
            .annotate(count=Count("id"), pence=SumPence("value"))
            .order_by("-pence", "donor_id")[:limit]
        )
        unresolved = (
            base.filter(donor_id__isnull=True)
            .values(name_field)
            .annotate(count=Count("id"), pence=SumPence("value"))
            .order_by("-pence", name_field)[:limit]
        )
        items = [
            {
                "donor_id": row["donor_id"],
                "name": "",
                "pence": row["pence"] or 0,
                "count": row["count"],
            }
            for row in resolved
        ] + [
            {
                "donor_id": None,
                "name": row[name_field],
                "pence": row["pence"] or 0,
                "count": row["count"],
            }
            for row in unresolved
        ]
        items.sort(key=lambda item: (-item["pence"], item["name"]))
        return items[:limit]

    rows = finance_selectors.remembered(
        kind, f"donor-groups:{limit}", filter_key(kind=kind, params=query), compute
    )
    return [
        {
            "donor_id": row["donor_id"],
            "name": row["name"],
            "total": from_pence(row["pence"]),
            "count": row["count"],
        }
        for row in rows
    ]
