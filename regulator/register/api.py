"""The open-data API of the register: ``/api/v1/entities/`` and ``/api/v1/entities/{id}/``.

The envelope, errors, keyset pagination, enumerated parameters and anonymous-GET headers
are the platform's shared pieces from ``regulator/core/api/``; the register's own
addition is ``entity_id_parse`` (52 or PP52).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regulator.core.api.errors import ApiError, ApiErrorCode, api_exception_handler
from regulator.core.api.headers import LICENCE_URL, OpenDataHeadersMixin
from regulator.core.api.pagination import KeysetPagination
from regulator.core.api.params import enum_values
from regulator.register import selectors
from regulator.register.models import RegulatedEntity
from regulator.register.types import DoneeType, EntityStatus, EntityType, OfficerRole, Register

LICENCE_NOTE = (
    "Licence: the data is published under the Open Government Licence v3.0 "
    f"({LICENCE_URL}). Anonymous GET requests may be made from any origin (CORS)."
)


_ENTITY_ID = re.compile(r"^\s*(?:[A-Za-z]{1,3})?0*(\d{1,15})\s*$")


def entity_id_parse(raw: str, parameter: str = "id") -> int:
    """52 and the register entry PP52 are the same entity."""
    match = _ENTITY_ID.match(raw)
    if not match:
        raise ApiError(
            f"'{raw}' is not an entity id: give the number (52) or the register entry (PP52)",
            parameter=parameter,
        )
    return int(match.group(1))


class EntityPagination(KeysetPagination):
    """Entities by name, then id."""

    page_size = 20
    sorts = {"name": ("name", False)}
    default_sort = "name"
    sort_parameter = False


class RegisterApiView(OpenDataHeadersMixin, APIView):
    """Public, read-only, JSON, errors in the platform format whatever the settings say."""

    renderer_classes = [JSONRenderer]
    permission_classes: list[Any] = []

    def get_exception_handler(self) -> Any:
        return api_exception_handler


# --- Serializers ---------------------------------------------------------------------------


class OfficerSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=OfficerRole.choices)
    full_name = serializers.CharField()
    appointed_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class AccountingUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    deregistered_on = serializers.DateField(allow_null=True)


class EntitySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The Commission's RegulatedEntityId")
    register_entry = serializers.CharField(help_text="The register entry, e.g. PP52")
    name = serializers.CharField()
    entity_type = serializers.ChoiceField(choices=EntityType.choices)
    entity_type_label = serializers.SerializerMethodField()
    register = serializers.ChoiceField(choices=Register.choices, allow_blank=True)
    status = serializers.ChoiceField(choices=EntityStatus.choices)
    donee_type = serializers.CharField(allow_blank=True)
    registered_on = serializers.DateField(allow_null=True)
    deregistered_on = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_entity_type_label(self, entity: RegulatedEntity) -> str:
        with translation.override("en"):
            return str(EntityType(entity.entity_type).label)

    def get_url(self, entity: RegulatedEntity) -> str:
        request = self.context["request"]
        return str(request.build_absolute_uri(f"/api/v1/entities/{entity.pk}/"))


class EntityDetailSerializer(EntitySerializer):
    former_names = serializers.SerializerMethodField()
    officers = serializers.SerializerMethodField()
    accounting_units = serializers.SerializerMethodField()
    descriptions = serializers.SerializerMethodField()

    def get_former_names(self, entity: RegulatedEntity) -> list[dict[str, Any]]:
        return [
            {"name": n.name, "valid_from": n.valid_from, "valid_to": n.valid_to}
            for n in entity.names.all()
            if n.valid_to is not None
        ]

    @extend_schema_field(OfficerSerializer(many=True))
    def get_officers(self, entity: RegulatedEntity) -> Any:
        return OfficerSerializer(entity.officers.all(), many=True).data

    @extend_schema_field(AccountingUnitSerializer(many=True))
    def get_accounting_units(self, entity: RegulatedEntity) -> Any:
        return AccountingUnitSerializer(entity.accounting_units.all(), many=True).data

    def get_descriptions(self, entity: RegulatedEntity) -> list[dict[str, Any]]:
        return [
            {"text": d.text, "approved_on": d.approved_on}
            for d in entity.descriptions.all()
            if d.ended_on is None
        ]


# --- Views --------------------------------------------------------------------------------------

_ENUM_PARAMETERS = (
    (
        "entity_type",
        EntityType.choices,
        "Political Party, Third Party, Regulated Donee, Permitted Participant (label, any case, or slug)",
    ),
    (
        "register",
        [c for c in Register.choices if c[0]],
        "Great Britain or Northern Ireland (label or slug)",
    ),
    ("status", EntityStatus.choices, "Registered or Deregistered (label or slug)"),
    (
        "donee_type",
        DoneeType.choices,
        "For regulated donees: MP, MSP, Councillor ... (label or slug)",
    ),
)


def _list_page_schema() -> Any:
    return inline_serializer(
        name="EntityPage",
        fields={
            "count": serializers.IntegerField(),
            "count_is_exact": serializers.BooleanField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": EntitySerializer(many=True),
        },
    )


ERROR_SCHEMA = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "parameter": serializers.CharField(),
    },
)


class EntityListView(RegisterApiView):
    @extend_schema(
        operation_id="entities_list",
        summary="Search the register of regulated entities",
        description=(
            "Registered and deregistered political parties, non-party campaigners, "
            "regulated donees and permitted participants. " + LICENCE_NOTE
        ),
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Part of the current or a former name"
            ),
            OpenApiParameter(
                "id",
                OpenApiTypes.STR,
                many=True,
                description="Entity id (52) or register entry (PP52); repeatable",
            ),
            *[
                OpenApiParameter(name, OpenApiTypes.STR, many=True, description=text)
                for name, _choices, text in _ENUM_PARAMETERS
            ],
            OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 100 (default 20)"),
            OpenApiParameter(
                "cursor", OpenApiTypes.STR, description="Opaque; follow next/previous"
            ),
        ],
        responses={200: _list_page_schema(), 400: ERROR_SCHEMA},
        tags=["register"],
    )
    def get(self, request: Request) -> Response:
        known = {"q", "id", "page_size", "cursor", *(p[0] for p in _ENUM_PARAMETERS), "format"}
        for parameter in request.query_params:
            if parameter not in known:
                raise ApiError(
                    f"'{parameter}' is not a parameter of this endpoint", parameter=parameter
                )
        q = request.query_params.get("q", "")
        if len(q) > 200:
            raise ApiError("q must be 200 characters or fewer", parameter="q")
        ids = [
            entity_id_parse(item, "id")
            for raw in request.query_params.getlist("id")
            for item in raw.split(",")
            if item.strip()
        ]
        enums = {
            name: enum_values(request, name, choices) for name, choices, _t in _ENUM_PARAMETERS
        }
        entities = selectors.entity_list(
            q=q,
            ids=ids or None,
            entity_types=enums["entity_type"] or None,
            registers=enums["register"] or None,
            statuses=enums["status"] or None,
            donee_types=[str(DoneeType(v).label) for v in enums["donee_type"]] + enums["donee_type"]
            if enums["donee_type"]
            else None,
        )
        paginator = EntityPagination()
        rows = paginator.paginate_queryset(entities, request)
        results = EntitySerializer(rows, many=True, context={"request": request}).data
        return Response(paginator.envelope(results))


class EntityDetailView(RegisterApiView):
    @extend_schema(
        operation_id="entities_retrieve",
        summary="One regulated entity, with officers, accounting units and former names",
        description=LICENCE_NOTE,
        parameters=[
            OpenApiParameter(
                "entity_id",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Entity id (52) or register entry (PP52)",
            )
        ],
        responses={200: EntityDetailSerializer, 400: ERROR_SCHEMA, 404: ERROR_SCHEMA},
        tags=["register"],
    )
    def get(self, request: Request, entity_id: str) -> Response:
        pk = entity_id_parse(entity_id, "entity_id")
        entity = selectors.entity_public_get(pk)
        if entity is None:
            raise ApiError(
                f"No entity with id {pk} is on the register",
                code=ApiErrorCode.NOT_FOUND,
                parameter="entity_id",
                status_code=status.HTTP_404_NOT_FOUND,
            )
        return Response(EntityDetailSerializer(entity, context={"request": request}).data)
