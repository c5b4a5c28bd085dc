"""Open-data API v1: donations, loans and spending; facets, totals and exports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from regulator.core.api.budget import query_budget
from regulator.core.api.errors import ApiError
from regulator.core.api.headers import OpenDataHeadersMixin
from regulator.disclosure import selectors
from regulator.disclosure.api.exports import export_response
from regulator.disclosure.api.filters import FILTERSETS
from regulator.disclosure.api.pagination import TransactionPagination
from regulator.disclosure.api.serializers import SERIALIZERS
from regulator.finance import selectors as finance_selectors

EXPORT_FORMATS = ("csv", "ec", "parquet")


class ExportNegotiation(DefaultContentNegotiation):
    """``?format=csv|ec|parquet`` asks for an export, whatever ``Accept`` says: the
    parameter wins (so ``Accept: text/csv`` gets the CSV, not a 406); without it, the usual
    negotiation of the JSON list."""

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        if request.query_params.get("format") in EXPORT_FORMATS:
            first = next(iter(renderers))
            return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)


class _FilteredView(OpenDataHeadersMixin, generics.GenericAPIView):
    kind = "donations"
    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self) -> QuerySet[Any]:
        return finance_selectors.transactions_published(self.kind)

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

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The selected rows, from the one filtered queryset the pages use too (the
        filter backend above only documents the parameters in the schema)."""
        try:
            return selectors.transactions_filtered(kind=self.kind, params=self.request.query_params)
        except selectors.FiltersInvalid as exc:
            raise translate_validation(exc.errors) from None

    def filtered(self) -> QuerySet[Any]:
        return self.filter_queryset(self.get_queryset())


class TransactionList(_FilteredView):
    pagination_class = TransactionPagination
    content_negotiation_class = ExportNegotiation

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        layout = request.query_params.get("format")
        if layout:
            if layout not in EXPORT_FORMATS:
                raise ApiError(
                    "format must be one of " + ", ".join(EXPORT_FORMATS) + ".", parameter="format"
                )
            paginator = TransactionPagination()
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


class TransactionFacets(_FilteredView):
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        allowed = selectors.facet_names(self.kind)
        wanted = request.query_params.getlist("facet") or allowed
        for name in wanted:
            if name not in allowed:
                raise ApiError(
                    "facet must be one of " + ", ".join(allowed) + ".", parameter="facet"
                )
        with query_budget():
            self.filtered()  # the parameters' errors first, as on every list
            result = selectors.transaction_facets(
                kind=self.kind, params=request.query_params, wanted=wanted
            )
        return Response({"facets": result})


class TransactionTotals(_FilteredView):
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        group_by = request.query_params.get("group_by") or "regulated_entity"
        if group_by not in selectors.GROUP_BY:
            raise ApiError(
                "group_by must be one of " + ", ".join(selectors.GROUP_BY) + ".",
                parameter="group_by",
            )
        with query_budget():
            self.filtered()  # the parameters' errors first, as on every list
            results = selectors.transaction_totals(
                kind=self.kind, params=request.query_params, group_by=group_by
            )
        return Response({"group_by": group_by, "results": results})


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
                enum=selectors.facet_names(kind),
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
        parameters=[OpenApiParameter("group_by", OpenApiTypes.STR, enum=list(selectors.GROUP_BY))],
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
