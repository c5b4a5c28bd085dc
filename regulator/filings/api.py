"""The filing API for parties' accounting software: create a draft return, add
transactions (JSON rows or a CSV file in our template or the Commission's layout),
validate and read the results. Declaring and submitting stay in the browser (they need
the declaring officer in person, re-authenticated).

Authentication: ``Authorization: Filer-Token <key>`` (api_auth.py), or a signed-in
session. Every object is checked with the filings permissions of that user. Errors use
the open-data API's envelope (regulator/disclosure/api/errors.py).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regulator.core.api.errors import ApiError, ApiErrorCode
from regulator.core.api.params import id_in_range
from regulator.filings import services
from regulator.filings.api_auth import FilerTokenAuthentication
from regulator.filings.findings import findings_for_reader
from regulator.filings.models import FiledReturn, ReturnKind, ReturnVersion, UploadStatus
from regulator.filings.parsing import TEMPLATES
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError
from regulator.identity.types import UserKind
from regulator.register import selectors as register_selectors


class FilerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "regulator.filings.api_auth.FilerTokenAuthentication"
    name = "FilerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Filer-Token <key>`: a key issued to a filer user.",
        }


class CsvParser(BaseParser):
    media_type = "text/csv"

    def parse(  # type: ignore[override]  # DRF's stubs type the stream too narrowly
        self, stream: Any, media_type: Any = None, parser_context: Any = None
    ) -> bytes:
        return bytes(stream.read())


AUTH = [FilerTokenAuthentication, SessionAuthentication]


class IsFiler(BasePermission):
    """The filing API is for filers' software; staff work in the browser."""

    message = "The filing API is for filers: sign in with a filer token."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(
            request.user
            and request.user.is_authenticated
            and getattr(request.user, "kind", None) == UserKind.FILER
        )


class _Base(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated, IsFiler]

    def filed(self, request: Request, pk: int, perm: str = "filings.view_return") -> FiledReturn:
        filed = (
            FiledReturn.objects.select_related("entity").filter(pk=pk).first()
            if id_in_range(pk)
            else None
        )
        if filed is None or not request.user.has_perm("filings.view_return", filed):
            raise ApiError("No such return.", code=ApiErrorCode.NOT_FOUND, status_code=404)
        if not request.user.has_perm(perm, filed):
            raise ApiError(
                "You cannot change this return.",
                code=ApiErrorCode.PERMISSION_DENIED,
                status_code=403,
            )
        return filed


def _refused(exc: FilingError, parameter: str | None = None) -> ApiError:
    return ApiError(exc.message, code=str(exc.code), parameter=parameter, status_code=422)


class FindingSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    code = serializers.CharField()
    severity = serializers.CharField()
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class ReturnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entity = serializers.IntegerField()
    kind = serializers.CharField()
    period_name = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    status = serializers.CharField()
    transaction_count = serializers.IntegerField()
    error_count = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    validated_at = serializers.DateTimeField(allow_null=True)
    seats_contested = serializers.DictField(child=serializers.IntegerField())


def _return_data(filed: FiledReturn) -> dict[str, Any]:
    version: ReturnVersion = filed.current
    return {
        "id": filed.pk,
        "entity": filed.entity_id,
        "kind": filed.kind,
        "period_name": filed.period_name,
        "due_date": filed.due_date,
        "version": version.number,
        "status": version.status,
        "transaction_count": version.transactions.count(),
        "error_count": len(version.errors),
        "warning_count": len(version.warnings),
        "validated_at": version.validated_at,
        "seats_contested": filed.seats_contested or {},
    }


class ReturnCreateSerializer(serializers.Serializer):
    entity = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReturnKind.choices)
    period_name = serializers.CharField(max_length=255)
    seats_contested = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text=(
            "A party's campaign spending return: constituencies contested in each part of "
            'the UK, e.g. {"england": 533, "scotland": 59, "wales": 32, '
            '"northern-ireland": 0}. Required there, ignored elsewhere.'
        ),
    )


class ReturnListCreate(_Base):
    @extend_schema(operation_id="filings_returns_list", responses=ReturnSerializer(many=True))
    def get(self, request: Request) -> Response:
        entity_ids = register_selectors.entity_ids_for_member(user=request.user)
        returns = FiledReturn.objects.filter(entity_id__in=entity_ids).order_by("-created_at")
        data = [_return_data(f) for f in returns[:500]]
        return Response({"results": ReturnSerializer(data, many=True).data})

    @extend_schema(
        operation_id="filings_returns_create",
        request=ReturnCreateSerializer,
        responses={201: ReturnSerializer},
    )
    def post(self, request: Request) -> Response:
        given = ReturnCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        entity = register_selectors.entity_get(entity_id=given.validated_data["entity"])
        if entity is None or not request.user.has_perm("filings.create_return", entity):
            raise ApiError(
                "You cannot file for this entity.",
                parameter="entity",
                status_code=403,
                code=ApiErrorCode.PERMISSION_DENIED,
            )
        try:
            filed = services.return_create(
                entity=entity,
                kind=given.validated_data["kind"],
                period_name=given.validated_data["period_name"],
                actor=request.user,
                seats_contested=given.validated_data.get("seats_contested"),
            )
        except services.ReturnExistsError as exc:
            raise ApiError(
                f"{exc.message} /api/v1/filings/returns/{exc.existing}/",
                code=str(exc.code),
                parameter="period_name",
                status_code=409,
            ) from exc
        except FilingError as exc:
            parameter = "seats_contested" if exc.code == "seats_required" else "period_name"
            raise _refused(exc, parameter) from exc
        return Response(ReturnSerializer(_return_data(filed)).data, status=status.HTTP_201_CREATED)


class ReturnDetail(_Base):
    @extend_schema(operation_id="filings_returns_retrieve", responses=ReturnSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ReturnSerializer(_return_data(self.filed(request, pk))).data)


class TransactionsResultSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    rows = serializers.IntegerField()
    problems = FindingSerializer(many=True)


def _rows_csv(kind: TransactionKind, rows: list[dict[str, Any]]) -> bytes:
    columns = TEMPLATES[kind]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else str(v) for k, v in row.items()})
    return buffer.getvalue().encode()


class Transactions(_Base):
    """Add transactions: JSON ``{"kind": "donations", "rows": [{column: value}]}`` in our
    template's columns, or a CSV body (``Content-Type: text/csv``, ``?kind=``). All or
    nothing: with any bad row nothing is added and every problem is listed (422)."""

    parser_classes = [JSONParser, CsvParser]

    @extend_schema(
        operation_id="filings_transactions_add",
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                enum=[k.value for k in TransactionKind],
                required=False,
                description="With a CSV body: what the file contains.",
            )
        ],
        request={
            "application/json": inline_serializer(
                "TransactionRows",
                {
                    "kind": serializers.ChoiceField(choices=[k.value for k in TransactionKind]),
                    "rows": serializers.ListField(child=serializers.DictField()),
                },
            ),
            "text/csv": {"type": "string", "format": "binary"},
        },
        responses={201: TransactionsResultSerializer, 422: TransactionsResultSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        filed = self.filed(request, pk, "filings.edit_return")
        data = request.data
        if isinstance(data, bytes):
            kind_name, source = request.query_params.get("kind", ""), data
        else:
            kind_name = str(data.get("kind", ""))
            rows = data.get("rows")
            if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
                raise ApiError(
                    "Give rows: a list of objects, one per transaction.", parameter="rows"
                )
            source = b""
        try:
            kind = TransactionKind(kind_name)
        except ValueError:
            raise ApiError("Give kind: donations, loans or spending.", parameter="kind") from None
        if not isinstance(data, bytes):
            try:
                source = _rows_csv(kind, rows)
            except ValueError as exc:
                raise ApiError(
                    f"Unknown column: {exc}. Use the template's columns.", parameter="rows"
                ) from None
        try:
            upload = services.upload_receive(
                version=filed.current,
                kind=kind,
                source=source,
                file_name="api.csv",
                actor=request.user,
            )
        except FilingError as exc:
            raise _refused(exc) from exc
        if upload.status == UploadStatus.SAVED:
            body = {"added": upload.row_count, "rows": upload.row_count, "problems": []}
            return Response(body, status=status.HTTP_201_CREATED)
        problems = findings_for_reader(upload.problems)
        services.upload_discard(upload=upload, actor=request.user)
        body = {"added": 0, "rows": upload.row_count, "problems": problems}
        return Response(
            {
                "code": "rows_invalid",
                "message": "Nothing was added: correct the rows listed and send them again.",
                "parameter": "rows",
                "errors": [],
                **TransactionsResultSerializer(body).data,
            },
            status=422,
        )


class ResultsSerializer(serializers.Serializer):
    status = serializers.CharField()
    validated_at = serializers.DateTimeField(allow_null=True)
    errors = FindingSerializer(many=True)  # type: ignore[assignment]  # a list of findings
    warnings = FindingSerializer(many=True)


def _results(version: ReturnVersion) -> dict[str, Any]:
    return ResultsSerializer(
        {
            "status": version.status,
            "validated_at": version.validated_at,
            "errors": findings_for_reader(version.errors, limit=10_000),
            "warnings": findings_for_reader(version.warnings, limit=10_000),
        }
    ).data


class Validate(_Base):
    @extend_schema(operation_id="filings_validate", request=None, responses=ResultsSerializer)
    def post(self, request: Request, pk: int) -> Response:
        filed = self.filed(request, pk, "filings.edit_return")
        try:
            version = services.version_validate(version=filed.current, actor=request.user)
        except FilingError as exc:
            raise _refused(exc) from exc
        return Response(_results(version))


class Results(_Base):
    @extend_schema(operation_id="filings_results", responses=ResultsSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_results(self.filed(request, pk).current))
