"""Open-data API v1: donations, loans and spending; facets, totals and exports."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from regulator.core.api.budget import query_budget
from regulator.core.api.errors import ApiError
from regulator.core.api.headers import OpenDataHeadersMixin
from regulator.core.money import from_pence
from regulator.disclosure.api.exports import export_response
from regulator.disclosure.api.filters import FILTERSETS
from regulator.disclosure.api.pagination import KeysetPagination
from regulator.disclosure.api.serializers import SERIALIZERS
from regulator.finance import types as finance_types
from regulator.finance.answer_cache import query_pairs, remembered
from regulator.finance.models import TRANSACTION_MODELS
from regulator.finance.selectors import Quarter, SumPence, Year

EXPORT_FORMATS = ("csv", "ec", "parquet")

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
FACET_LIMIT = 100


def facet_names(kind: str) -> list[str]:
    return [*COMMON_FACETS, *FACETS[kind]]


class _FilteredView(OpenDataHeadersMixin, generics.GenericAPIView):
    kind = "donations"
    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self) -> QuerySet[Any]:
        return TRANSACTION_MODELS[self.kind].objects.all()

    def get_serializer_class(self) -> Any:
        return SERIALIZERS[self.kind]

    @property
    def filterset_class(self) -> Any:
        return FILTERSETS[self.kind]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        for name, values in request.query_params.lists():
            if any("\x00" in value for value in values):
                raise ApiError("The parameter contains a NUL character.", parameter=name)

    def filtered(self) -> QuerySet[Any]:
        return self.filter_queryset(self.get_queryset())


class TransactionList(_FilteredView):
    pagination_class = KeysetPagination  # type: ignore[assignment]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        layout = request.query_params.get("format")
        if layout:
            if layout not in EXPORT_FORMATS:
                raise ApiError(
                    "format must be one of " + ", ".join(EXPORT_FORMATS) + ".", parameter="format"
                )
            paginator = KeysetPagination()
            _sort, field, descending = paginator.get_sort(request)
            queryset = self.filtered().order_by(
                *((f"-{field}", "-id") if descending else (field, "id"))
            )
            return export_response(queryset, self.kind, layout)
        with query_budget():
            queryset = self.filtered().select_related("period")
            page = self.paginate_queryset(queryset)
            data = self.get_serializer(page, many=True).data
            return self.get_paginated_response(data)


def _group_value(kind: str, queryset: QuerySet[Any], field: str) -> QuerySet[Any]:
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
        qs = _group_value(kind, base, field)
        if name == "regulated_entity":
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
            result[name] = list(merged.values())
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


class TransactionFacets(_FilteredView):
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wanted = request.query_params.getlist("facet") or facet_names(self.kind)
        allowed = facet_names(self.kind)
        for name in wanted:
            if name not in allowed:
                raise ApiError(
                    "facet must be one of " + ", ".join(allowed) + ".", parameter="facet"
                )
        with query_budget():
            base = self.filtered().order_by()
            result = remembered(
                self.kind,
                "facets:" + ",".join(dict.fromkeys(wanted)),
                query_pairs(request),
                lambda: facet_counts(self.kind, base, wanted),
            )
        return Response({"facets": result})


class TransactionTotals(_FilteredView):
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        group_by = request.query_params.get("group_by") or "regulated_entity"
        if group_by not in GROUP_BY:
            raise ApiError(
                "group_by must be one of " + ", ".join(GROUP_BY) + ".", parameter="group_by"
            )
        with query_budget():
            base = self.filtered().order_by()
            results = remembered(
                self.kind,
                f"totals:{group_by}",
                query_pairs(request),
                lambda: totals(self.kind, base, group_by),
            )
        return Response({"group_by": group_by, "results": results})


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


# --- concrete views with their OpenAPI descriptions ---------------------------------

_FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=list(EXPORT_FORMATS),
    description="Export every matching row instead of a page: csv (our columns), ec (the Commission's layout), parquet.",
)


_FACET_ITEM_CLASS = type(
    inline_serializer(
        "FacetValue",
        {
            "value": serializers.JSONField(),
            "label": serializers.CharField(),
            "slug": serializers.CharField(allow_null=True, required=False),
            "count": serializers.IntegerField(),
            "total": serializers.DecimalField(max_digits=16, decimal_places=2),
        },
    )
)


_TOTAL_ITEM_CLASS = type(
    inline_serializer(
        "TotalsRow",
        {
            "id": serializers.CharField(),
            "name": serializers.CharField(),
            "total": serializers.DecimalField(max_digits=16, decimal_places=2),
            "count": serializers.IntegerField(),
        },
    )
)


def _views(kind: str, tag: str) -> tuple[Any, Any, Any]:
    list_view = extend_schema(
        tags=[tag],
        parameters=[_FORMAT],
        summary=f"Published {tag}: search, filter, page or export",
    )(type(f"{kind.title()}List", (TransactionList,), {"kind": kind}))
    facets_view = extend_schema(
        tags=[tag],
        parameters=[
            OpenApiParameter(
                "facet",
                OpenApiTypes.STR,
                many=True,
                enum=facet_names(kind),
                explode=True,
                description="Which facets to count (repeatable; all when absent).",
            )
        ],
        responses=inline_serializer(
            f"{kind.title()}Facets",
            {
                "facets": serializers.DictField(
                    child=serializers.ListField(child=_FACET_ITEM_CLASS())
                )
            },
        ),
        summary=f"Counts per value of each filter, for {tag}",
    )(type(f"{kind.title()}Facets", (TransactionFacets,), {"kind": kind}))
    totals_view = extend_schema(
        tags=[tag],
        parameters=[OpenApiParameter("group_by", OpenApiTypes.STR, enum=list(GROUP_BY))],
        responses=inline_serializer(
            f"{kind.title()}Totals",
            {
                "group_by": serializers.CharField(),
                "results": serializers.ListField(child=_TOTAL_ITEM_CLASS()),
            },
        ),
        summary=f"Totals of {tag} grouped by entity, counterparty type, year or quarter",
    )(type(f"{kind.title()}Totals", (TransactionTotals,), {"kind": kind}))
    return list_view, facets_view, totals_view


DonationList, DonationFacets, DonationTotals = _views("donations", "donations")
LoanList, LoanFacets, LoanTotals = _views("loans", "loans")
SpendingList, SpendingFacets, SpendingTotals = _views("spending", "spending")
