"""The API's error format: JSON with a code, a message and the offending parameter.

    {"code": "invalid_parameter", "message": "...", "parameter": "date_from",
     "errors": [{"code": ..., "message": ..., "parameter": ...}, ...]}

``errors`` lists every problem; the top-level keys repeat the first one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApiErrorCode(StrEnum):
    INVALID_PARAMETER = "invalid_parameter"
    INVALID_CURSOR = "invalid_cursor"
    QUERY_TOO_EXPENSIVE = "query_too_expensive"
    EXPORT_TOO_LARGE = "export_too_large"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    THROTTLED = "throttled"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    ERROR = "error"


class ApiError(exceptions.APIException):
    """Raise with a code, a message and the parameter at fault."""

    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(
        self,
        message: str,
        *,
        code: str = ApiErrorCode.INVALID_PARAMETER,
        parameter: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(detail=message, code=code)
        self.message = message
        self.error_code = str(code)
        self.parameter = parameter
        if status_code is not None:
            self.status_code = status_code


def _flatten(detail: Any, parameter: str | None = None) -> list[dict[str, Any]]:
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            items += _flatten(value, name or parameter)
        return items
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, parameter)]
    code = getattr(detail, "code", None) or "invalid"
    return [
        {
            "code": ApiErrorCode.INVALID_PARAMETER if parameter else str(code),
            "message": str(detail),
            "parameter": parameter,
        }
    ]


_CODES = {
    exceptions.NotFound: ApiErrorCode.NOT_FOUND,
    exceptions.PermissionDenied: ApiErrorCode.PERMISSION_DENIED,
    exceptions.NotAuthenticated: ApiErrorCode.NOT_AUTHENTICATED,
    exceptions.AuthenticationFailed: ApiErrorCode.NOT_AUTHENTICATED,
    exceptions.Throttled: ApiErrorCode.THROTTLED,
    exceptions.MethodNotAllowed: ApiErrorCode.METHOD_NOT_ALLOWED,
    exceptions.NotAcceptable: ApiErrorCode.NOT_ACCEPTABLE,
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST framework's EXCEPTION_HANDLER: every error in the one format."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ApiError):
        errors = [{"code": exc.error_code, "message": exc.message, "parameter": exc.parameter}]
    elif isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
    else:
        code = next(
            (value for kind, value in _CODES.items() if isinstance(exc, kind)), ApiErrorCode.ERROR
        )
        detail = getattr(exc, "detail", str(exc))
        errors = [{"code": str(code), "message": str(detail), "parameter": None}]
    errors = errors or [{"code": ApiErrorCode.ERROR, "message": "Error", "parameter": None}]
    response.data = {**errors[0], "errors": errors}
    return response
