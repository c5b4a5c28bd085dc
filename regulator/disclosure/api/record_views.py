"""One published record in the open-data API, and its inclusion proof (docs/api.md,
"One record and its proof"; the tree in docs/audit.md)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regulator.core.api.errors import ApiError, ApiErrorCode
from regulator.core.api.headers import OpenDataHeadersMixin
from regulator.disclosure import record as records
from regulator.disclosure.api.serializers import SERIALIZERS


def _published(kind: str, ec_ref: str) -> records.RecordView:
    view = records.record_view(kind=kind, ec_ref=ec_ref)
    if view is None:
        raise ApiError(
            "No published record has this reference.",
            code=ApiErrorCode.NOT_FOUND,
            parameter="ec_ref",
            status_code=404,
        )
    if view.withdrawn:
        raise ApiError(
            f"This record was withdrawn from publication on "
            f"{view.record.withdrawn_at:%Y-%m-%d}: {view.record.withdrawal_reason}".rstrip(": "),
            code=ApiErrorCode.NOT_FOUND,
            parameter="ec_ref",
            status_code=410,
        )
    return view


class RecordDetail(OpenDataHeadersMixin, APIView):
    """``/api/v1/{kind}/{ec_ref}/``: the record as the list endpoints give it."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses=OpenApiTypes.OBJECT, tags=["records"])
    def get(self, request: Request, kind: str, ec_ref: str) -> Response:
        view = _published(kind, ec_ref)
        return Response(SERIALIZERS[kind](view.record).data)


class RecordProof(OpenDataHeadersMixin, APIView):
    """``/api/v1/{kind}/{ec_ref}/proof/``: the record's RFC 9162 inclusion proof in the
    Merkle tree its file's import committed to, with the leaf data to recompute it."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses=OpenApiTypes.OBJECT, tags=["records"])
    def get(self, request: Request, kind: str, ec_ref: str) -> Response:
        view = _published(kind, ec_ref)
        if view.proof is None:
            raise ApiError(
                "This record was published through a filed return: it is proven by the "
                "return's audit events, not by a file's Merkle root.",
                code=ApiErrorCode.NOT_FOUND,
                parameter="ec_ref",
                status_code=404,
            )
        return Response(view.proof)
