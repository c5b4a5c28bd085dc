"""``GET /api/v1/enforcement/`` (published outcomes: filter, page, or ``?format=csv``)
and ``GET /api/v1/enforcement/{reference}/``. The platform's kit: the envelope and keyset
pagination, the error format, open-data headers, the query budget, the API's throttles
(REST framework's defaults). Rows are ``outcomes.outcome_row``'s, as on the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regulator.cases import outcomes, selectors
from regulator.cases.api.serializers import OutcomeSerializer
from regulator.core.api.budget import query_budget
from regulator.core.api.errors import ApiError, ApiErrorCode, api_exception_handler
from regulator.core.api.headers import LICENCE_URL, OpenDataHeadersMixin
from regulator.core.api.pagination import KeysetPagination
from regulator.core.api.params import id_in_range

LICENCE_NOTE = (
    "Licence: the data is published under the Open Government Licence v3.0 "
    f"({LICENCE_URL}). Anonymous GET requests may be made from any origin (CORS)."
)
FORMATS = ("csv",)


class OutcomePagination(KeysetPagination):
    """Newest published first, then by id."""

    sorts = {"-published_on": ("published_on", True)}
    default_sort = "-published_on"
    key_types = {"published_on": dt.date}
    sort_parameter = False


class CsvNegotiation(DefaultContentNegotiation):
    """``?format=csv`` asks for the CSV whatever ``Accept`` says (no 406)."""

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        if request.query_params.get("format") in FORMATS:
            first = next(iter(renderers))
            return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)


class EnforcementApiView(OpenDataHeadersMixin, APIView):
    renderer_classes = [JSONRenderer]
    permission_classes: list[Any] = []
    content_negotiation_class = CsvNegotiation

    def get_exception_handler(self) -> Any:
        return api_exception_handler


_FILTERS = [
    OpenApiParameter(
        "entity", OpenApiTypes.INT, description="The regulated entity's id (RegulatedEntityId)"
    ),
    OpenApiParameter(
        "offence", OpenApiTypes.STR, description="The offence's code, e.g. late-accounts"
    ),
    OpenApiParameter(
        "sanction",
        OpenApiTypes.STR,
        description="A sanction imposed: fixed, variable, compliance, restoration, stop, "
        "undertaking (or its label)",
    ),
    OpenApiParameter("year", OpenApiTypes.INT, description="The year the outcome was published"),
    OpenApiParameter(
        "q", OpenApiTypes.STR, description="Part of the subject's name or of the matter"
    ),
]

ERROR_SCHEMA = inline_serializer(
    name="EnforcementError",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "parameter": serializers.CharField(allow_null=True),
    },
)

PAGE_SCHEMA = inline_serializer(
    name="EnforcementOutcomePage",
    fields={
        "count": serializers.IntegerField(),
        "count_is_exact": serializers.BooleanField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": OutcomeSerializer(many=True),
    },
)


class OutcomeList(EnforcementApiView):
    known = frozenset({*outcomes.FILTER_NAMES, "cursor", "page_size", "format"})

    @extend_schema(
        operation_id="enforcement_list",
        summary="Published enforcement outcomes: filter, page or download as CSV",
        description=(
            "Concluded investigations published by the Commission, newest first, in its "
            "layout: subject and entity type, what was investigated, the decision, any "
            "sanction and amount, the payment status and the summary of reasons. " + LICENCE_NOTE
        ),
        parameters=[
            *_FILTERS,
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=list(FORMATS),
                description="csv: every matching outcome as CSV instead of a page",
            ),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 100 (default 25)"),
            OpenApiParameter(
                "cursor", OpenApiTypes.STR, description="Opaque; follow next/previous"
            ),
        ],
        responses={
            (200, "application/json"): PAGE_SCHEMA,
            (200, "text/csv"): OpenApiTypes.STR,
            400: ERROR_SCHEMA,
        },
        tags=["enforcement"],
    )
    def get(self, request: Request) -> Any:
        for name in request.query_params:
            if name not in self.known:
                raise ApiError(f"'{name[:50]}' is not a parameter of this endpoint", parameter=name)
        layout = request.query_params.get("format")
        if layout is not None and layout not in FORMATS:
            raise ApiError("format must be csv.", parameter="format")
        with translation.override("en"):
            found = outcomes.filters_parse(request.query_params)
            if found.errors:
                name, message = found.errors[0]
                raise ApiError(message, parameter=name)
            if found.entity_id is not None and not id_in_range(found.entity_id):
                raise ApiError("entity is not a regulated entity's id.", parameter="entity")
            with query_budget():
                cases = selectors.outcomes_published(**found.selector_arguments())
                if layout == "csv":
                    rows = [outcomes.outcome_row(case) for case in cases]
                    response = HttpResponse(
                        "".join(outcomes.csv_lines(rows)), content_type="text/csv; charset=utf-8"
                    )
                    response["Content-Disposition"] = (
                        'attachment; filename="enforcement-outcomes.csv"'
                    )
                    return response
                paginator = OutcomePagination()
                page = paginator.paginate_queryset(cases, request)
                rows = [outcomes.outcome_row(case) for case in page]
                data = OutcomeSerializer(rows, many=True, context={"request": request}).data
        return Response(paginator.envelope(data))


class OutcomeDetail(EnforcementApiView):
    @extend_schema(
        operation_id="enforcement_retrieve",
        summary="One published enforcement outcome",
        description=LICENCE_NOTE,
        parameters=[
            OpenApiParameter(
                "reference",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The case's reference",
            )
        ],
        responses={200: OutcomeSerializer, 404: ERROR_SCHEMA},
        tags=["enforcement"],
    )
    def get(self, request: Request, reference: str) -> Response:
        for name in request.query_params:
            raise ApiError(f"'{name[:50]}' is not a parameter of this endpoint", parameter=name)
        case = selectors.outcome_published(reference=reference[:40])
        if case is None:
            raise ApiError(
                "No published enforcement outcome has that reference.",
                code=ApiErrorCode.NOT_FOUND,
                parameter="reference",
                status_code=status.HTTP_404_NOT_FOUND,
            )
        with translation.override("en"):
            row = outcomes.outcome_row(case)
            data = OutcomeSerializer(row, context={"request": request}).data
        return Response(data)
