"""Open-data headers for anonymous GETs: CORS, the Open Government Licence notice and
cache headers. Mix ``OpenDataHeadersMixin`` into any public API view."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.response import Response

LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LICENCE_NOTICE = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)


def open_data_headers(response: Any, request: Any) -> Any:
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return response
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        response["Cache-Control"] = "private, no-store"
        return response
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Expose-Headers"] = "Link, X-Licence, Content-Disposition"
    response["X-Licence"] = LICENCE_NOTICE
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    if 200 <= response.status_code < 300:
        max_age = int(getattr(settings, "API_CACHE_SECONDS", 300))
        response["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response["Cache-Control"] = "no-store"
    return response


class OpenDataHeadersMixin:
    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]  # a mixin: the view class supplies finalize_response
        return open_data_headers(response, request)
