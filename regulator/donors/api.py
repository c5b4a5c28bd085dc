"""The open-data API of the donors area: ``/api/v1/donors/`` and ``/api/v1/donors/{id}/``.

The envelope, errors and anonymous-GET headers are the platform's shared pieces
(``regulator/disclosure/api/``: ``ApiError`` and its exception handler,
``OpenDataHeadersMixin``); the keyset pagination over (name, id) is the register's
the platform's keyset pagination. Never an address or a postcode.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regulator.core.api.errors import ApiError, ApiErrorCode, api_exception_handler
from regulator.core.api.headers import LICENCE_URL, OpenDataHeadersMixin
from regulator.core.api.pagination import KeysetPagination
from regulator.donors import selectors
from regulator.donors.models import Donor
from regulator.finance.types import DONOR_STATUSES

LICENCE_NOTE = (
    "Licence: the data is published under the Open Government Licence v3.0 "
    f"({LICENCE_URL}). Anonymous GET requests may be made from any origin (CORS)."
)


class DonorPagination(KeysetPagination):
    """Donors by display name, then id."""

    page_size = 20
    sorts = {"name": ("display_name", False)}
    default_sort = "name"
    sort_parameter = False


def status_values(request: Request) -> list[str]:
    """``status`` given as the published label (any case) or its slug; repeatable."""
    from django.utils.text import slugify

    lookup = {}
    for label in DONOR_STATUSES:
        lookup[label.casefold()] = label
        lookup[slugify(label)] = label
    out = []
    for raw in request.query_params.getlist("status"):
        for item in raw.split(","):
            key = " ".join(item.split()).casefold()
            if not key:
                continue
            if key not in lookup:
                raise ApiError(
                    f"'{item[:50]}' is not a donor status; use one of: "
                    + ", ".join(DONOR_STATUSES)
                    + " (or its slug)",
                    parameter="status",
                )
            out.append(lookup[key])
    return out


class DonorSerializer(serializers.Serializer):
    id = serializers.CharField(source="donor_id", help_text="The public donor id, e.g. D0000042")
    number = serializers.SerializerMethodField(
        help_text="The number that donations' and loans' donor_id holds"
    )
    name = serializers.CharField(source="display_name")
    status = serializers.CharField(source="donor_status")
    company_number = serializers.CharField()
    record_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_number(self, donor: Donor) -> int:
        return int(donor.donor_id[1:])

    def get_url(self, donor: Donor) -> str:
        return str(self.context["request"].build_absolute_uri(f"/api/v1/donors/{donor.donor_id}/"))


class TotalSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a plain label where the parent has a derived one
    donations_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    donations_count = serializers.IntegerField()
    loans_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    loans_count = serializers.IntegerField()


class NameSerializer(serializers.Serializer):
    name = serializers.CharField()
    record_count = serializers.IntegerField()


class DonorDetailSerializer(DonorSerializer):
    names = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()

    def get_names(self, donor: Donor) -> list[dict[str, Any]]:
        return [{"name": n.name, "record_count": n.record_count} for n in donor.names.all()]

    def get_totals(self, donor: Donor) -> dict[str, Any]:
        totals = selectors.donor_totals(donor)
        return {
            "donations_total": f"{totals.donations_total:.2f}",
            "donations_count": totals.donations_count,
            "loans_total": f"{totals.loans_total:.2f}",
            "loans_count": totals.loans_count,
            "by_recipient": TotalSerializer(totals.by_recipient, many=True).data,
            "by_year": TotalSerializer(totals.by_year, many=True).data,
        }


ERROR_SCHEMA = inline_serializer(
    name="DonorError",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "parameter": serializers.CharField(),
    },
)


class DonorsApiView(OpenDataHeadersMixin, APIView):
    renderer_classes = [JSONRenderer]
    permission_classes: list[Any] = []

    def get_exception_handler(self) -> Any:
        return api_exception_handler


class DonorListView(DonorsApiView):
    @extend_schema(
        operation_id="donors_list",
        summary="Search resolved donors and lenders",
        description=(
            "Each donor or lender once, matched across the names the recipients reported. "
            + LICENCE_NOTE
        ),
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Words of any reported name, or a donor id"
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                many=True,
                description="Donor status: published label (any case) or slug; repeatable",
            ),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 100 (default 20)"),
            OpenApiParameter(
                "cursor", OpenApiTypes.STR, description="Opaque; follow next/previous"
            ),
        ],
        responses={
            200: inline_serializer(
                name="DonorPage",
                fields={
                    "count": serializers.IntegerField(),
                    "count_is_exact": serializers.BooleanField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": DonorSerializer(many=True),
                },
            ),
            400: ERROR_SCHEMA,
        },
        tags=["donors"],
    )
    def get(self, request: Request) -> Response:
        for parameter in request.query_params:
            if parameter not in {"q", "status", "page_size", "cursor", "format"}:
                raise ApiError(
                    f"'{parameter[:50]}' is not a parameter of this endpoint", parameter=parameter
                )
        q = request.query_params.get("q", "")
        if len(q) > 200:
            raise ApiError("q must be 200 characters or fewer", parameter="q")
        donors = selectors.donor_list(q=q, statuses=status_values(request) or None)
        paginator = DonorPagination()
        rows = paginator.paginate_queryset(donors, request)
        return Response(
            paginator.envelope(DonorSerializer(rows, many=True, context={"request": request}).data)
        )


class DonorDetailView(DonorsApiView):
    @extend_schema(
        operation_id="donors_retrieve",
        summary="One donor: every name reported, totals by recipient and by year",
        description=LICENCE_NOTE,
        parameters=[
            OpenApiParameter(
                "donor_id",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Donor id (D0000042) or its number (42)",
            )
        ],
        responses={200: DonorDetailSerializer, 400: ERROR_SCHEMA, 404: ERROR_SCHEMA},
        tags=["donors"],
    )
    def get(self, request: Request, donor_id: str) -> Response:
        if selectors.donor_number_parse(donor_id) is None:
            raise ApiError(
                f"'{donor_id[:50]}' is not a donor id: give D0000042 or 42",
                parameter="donor_id",
            )
        donor = selectors.donor_get(donor_id)
        if donor is not None and not donor.active and donor.merged_into is not None:
            donor = donor.merged_into
        if donor is None or not donor.active:
            raise ApiError(
                f"There is no donor {donor_id[:50]}",
                code=ApiErrorCode.NOT_FOUND,
                parameter="donor_id",
                status_code=status.HTTP_404_NOT_FOUND,
            )
        return Response(DonorDetailSerializer(donor, context={"request": request}).data)
