"""The key dates as open data: ``GET /api/v1/key-dates/``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regulator.core import clock
from regulator.core.api.errors import ApiError
from regulator.core.api.headers import OpenDataHeadersMixin
from regulator.guidance import keydates


class KeyDates(OpenDataHeadersMixin, APIView):
    """Forthcoming election timetables and reporting deadlines, soonest first."""

    permission_classes: list[Any] = []

    @extend_schema(
        operation_id="key_dates_list",
        parameters=[
            OpenApiParameter("lang", str, enum=["en", "cy"], description="Language of the titles")
        ],
        responses=inline_serializer(
            "KeyDates",
            {
                "results": serializers.ListField(
                    child=inline_serializer(
                        "KeyDate",
                        {
                            "id": serializers.CharField(),
                            "date": serializers.DateField(),
                            "title": serializers.CharField(),
                            "category": serializers.ChoiceField(["poll", "timetable", "deadline"]),
                            "election_id": serializers.CharField(allow_blank=True),
                            "bank_holiday": serializers.BooleanField(),
                        },
                    )
                )
            },
        ),
    )
    def get(self, request: Request) -> Response:
        from django.utils import translation

        language = request.query_params.get("lang", "en")
        if language not in {"en", "cy"}:
            raise ApiError("lang must be en or cy", parameter="lang")
        with translation.override(language):
            dates = keydates.key_dates(today=clock.local_today(), language=language)
            results: list[dict[str, Any]] = [
                {
                    "id": item.uid,
                    "date": item.date.isoformat(),
                    "title": item.title,
                    "category": item.category,
                    "election_id": item.poll,
                    "bank_holiday": item.bank_holiday,
                }
                for item in dates
            ]
        return Response({"results": results})
