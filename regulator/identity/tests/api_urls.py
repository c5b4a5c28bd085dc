"""A tiny API for testing keys and rate limits with the project's REST framework settings."""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class Echo(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        key: Any = request.auth
        return Response({"key": getattr(key, "prefix", None), "user": str(request.user)})


urlpatterns = [path("api/echo/", Echo.as_view(), name="echo")]
