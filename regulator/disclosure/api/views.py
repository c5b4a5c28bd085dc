"""Open-data API v1: donations, loans and spending; facets, totals and exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regulator.core import limits
from regulator.core.api.budget import query_budget
from regulator.core.api.errors import ApiError, ApiErrorCode
from regulator.core.api.headers import OpenDataHeadersMixin
from regulator.disclosure import bulk, selectors
from regulator.disclosure.api.exports import export_response
from regulator.disclosure.api.filters import FILTERSETS
from regulator.disclosure.api.pagination import TransactionPagination
from regulator.disclosure.api.serializers import SERIALIZERS
from regulator.finance import selectors as finance_selectors

EXPORT_FORMATS = ("csv", "ec", "parquet")


def _setting(name: str, default: Any) -> Any:
    """One of the area's abuse limits (config/settings/areas/disclosure.py)."""
    return getattr(settings, name, default)


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
    # The parameters besides the filters that this endpoint reads.
    other_parameters: frozenset[str] = frozenset()

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
        # A parameter this endpoint does not read is a mistake worth telling the client
        # about (a misspelt filter would silently select everything), as on the donors API.
        known = {*selectors.filter_names(self.kind), *self.other_parameters}
        for name in request.query_params:
            if name not in known:
                raise ApiError(f"'{name[:50]}' is not a parameter of this endpoint", parameter=name)

    def selection(self) -> selectors.Selection:
        """The parameters validated once for the whole request: the rows, the count, the
        facets and the totals all read this one (each validation builds a form and reads
        the entities named)."""
        chosen: selectors.Selection | None = self.__dict__.get("_selection")
        if chosen is None:
            try:
                chosen = selectors.transactions_selected(
                    kind=self.kind, params=self.request.query_params
                )
            except selectors.FiltersInvalid as exc:
                raise translate_validation(exc.errors) from None
            self.__dict__["_selection"] = chosen
        return chosen

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The selected rows, from the one filtered queryset the pages use too (the
        filter backend above only documents the parameters in the schema)."""
        return self.selection().queryset

    def filtered(self) -> QuerySet[Any]:
        return self.filter_queryset(self.get_queryset())


class TransactionList(_FilteredView):
    pagination_class = TransactionPagination
    content_negotiation_class = ExportNegotiation
    other_parameters = frozenset({"cursor", "page_size", "sort", "format"})
    # The search pages' downloads in Welsh (disclosure.views.search_download): our CSV's
    # headers in words in the page's language. The API itself keeps the documented names.
    labelled = False

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        layout = request.query_params.get("format")
        if layout:
            if layout not in EXPORT_FORMATS:
                raise ApiError(
                    "format must be one of " + ", ".join(EXPORT_FORMATS) + ".", parameter="format"
                )
            return self.export(request, layout)
        with query_budget():
            queryset = self.filtered().select_related("period")
            page = self.paginate_queryset(queryset)
            data = self.get_serializer(page, many=True).data
            return self.get_paginated_response(data)

    def export(self, request: Request, layout: str) -> HttpResponseBase:
        """Every matching row, streamed, within the abuse limits: a rate per client of its
        own (an export weighs more than a page), everything sent to the nightly bulk file,
        at most ``EXPORT_MAX_ROWS`` rows, the count under the query budget and each fetch
        under it too, and at most ``EXPORT_CONCURRENCY`` streams at once (one per client)."""
        key_prefix = getattr(request.auth, "prefix", None)  # an API key's
        ident = f"key:{key_prefix}" if key_prefix else f"ip:{limits.client_bucket(request)}"
        rate = (
            _setting("EXPORT_RATE_KEY", "60/minute")
            if key_prefix
            else _setting("EXPORT_RATE_ANON", "10/minute")
        )
        decision = limits.rate_hit("export", ident, limits.rate_parse(rate))
        if not decision.allowed:
            raise exceptions.Throttled(wait=decision.retry_after)
        try:
            filters = selectors.filter_key(kind=self.kind, params=request.query_params)
        except selectors.FiltersInvalid as exc:
            raise translate_validation(exc.errors) from None
        bulk_name = bulk.bulk_export_name(self.kind, layout)
        if not filters and bulk.bulk_file_path(bulk_name) is not None:
            return HttpResponseRedirect(
                reverse("api:bulk_file", kwargs={"name": bulk_name}), status=303
            )
        with query_budget():
            queryset = self.filtered()
            count = selectors.transaction_count(
                kind=self.kind,
                params=request.query_params,
                queryset=self.selection().counted,
                key=self.selection().key,
            )
        most = int(_setting("EXPORT_MAX_ROWS", 100_000))
        if count > most:
            raise ApiError(
                f"This export would have {count:,} rows, more than the "
                f"{most:,} an export may have. Narrow it with more "
                "filters, or download everything from the nightly bulk files at "
                + request.build_absolute_uri(reverse("api:bulk_files")),
                code=ApiErrorCode.EXPORT_TOO_LARGE,
                parameter="format",
            )
        slots = _export_slots(ident)
        if slots is None:
            raise exceptions.Throttled(
                wait=30,
                detail="Too many exports are running at once; try again in a minute.",
            )
        _sort, field, descending = TransactionPagination().get_sort(request)
        ordered = queryset.order_by(*((f"-{field}", "-id") if descending else (field, "id")))

        def give_back() -> None:
            for slot in slots:
                limits.slot_give_back(slot)

        return export_response(
            ordered, self.kind, layout, on_close=give_back, labelled=self.labelled
        )


def _export_slots(ident: str) -> list[limits.Slot] | None:
    """The client's own slot and one of everyone's, or None (nothing held) if either is full."""
    seconds = int(_setting("EXPORT_SLOT_SECONDS", 600))
    own = limits.slot_take(
        f"export:{ident}", int(_setting("EXPORT_CONCURRENCY_PER_CLIENT", 1)), timeout=seconds
    )
    if own is None:
        return None
    shared = limits.slot_take("export", int(_setting("EXPORT_CONCURRENCY", 4)), timeout=seconds)
    if shared is None:
        limits.slot_give_back(own)
        return None
    return [own, shared]


class TransactionFacets(_FilteredView):
    other_parameters = frozenset({"facet"})

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
                kind=self.kind,
                params=request.query_params,
                wanted=wanted,
                selection=self.selection(),
            )
        return Response({"facets": result})


class TransactionTotals(_FilteredView):
    other_parameters = frozenset({"group_by"})

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
                kind=self.kind,
                params=request.query_params,
                group_by=group_by,
                selection=self.selection(),
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


class BulkFiles(OpenDataHeadersMixin, APIView):
    """The nightly bulk files that exist now, with their sizes and when they were written."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["bulk files"],
        operation_id="bulk_files_list",
        summary="The nightly bulk files of everything published",
        responses=inline_serializer(
            "BulkFiles",
            {
                "files": serializers.ListField(
                    child=inline_serializer(
                        "BulkFile",
                        {
                            "name": serializers.CharField(),
                            "url": serializers.URLField(),
                            "bytes": serializers.IntegerField(),
                            "written_at": serializers.DateTimeField(),
                        },
                    )
                )
            },
        ),
    )
    def get(self, request: Request) -> Response:
        files = []
        for name in sorted(bulk.BULK_NAMES):
            path = bulk.bulk_file_path(name)
            if path is None:
                continue
            stat = path.stat()
            files.append(
                {
                    "name": name,
                    "url": request.build_absolute_uri(
                        reverse("api:bulk_file", kwargs={"name": name})
                    ),
                    "bytes": stat.st_size,
                    "written_at": dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC).isoformat(),
                }
            )
        return Response({"files": files})


class BulkFile(OpenDataHeadersMixin, APIView):
    """One nightly bulk file, served from disk (no query)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["bulk files"],
        operation_id="bulk_file_retrieve",
        summary="Download one nightly bulk file",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, name: str) -> HttpResponseBase:
        path = bulk.bulk_file_path(name)
        if path is None:
            raise ApiError(
                f"There is no bulk file {name[:80]!r} (yet).",
                code=ApiErrorCode.NOT_FOUND,
                parameter="name",
                status_code=404,
            )
        return FileResponse(path.open("rb"), as_attachment=True, filename=name)


DonationList, DonationFacets, DonationTotals = _views("donations", "donations")
LoanList, LoanFacets, LoanTotals = _views("loans", "loans")
SpendingList, SpendingFacets, SpendingTotals = _views("spending", "spending")
