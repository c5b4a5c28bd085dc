"""Small middleware that the platform needs on every response."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django_structlog.middlewares import RequestMiddleware

from regulator.core import limits
from regulator.core.log_masking import mask


class RequestLogMiddleware(RequestMiddleware):
    """django-structlog's request logging, with the client's address by the one
    trusted-proxy rule (``core.limits.client_ip``; django-structlog alone would take the
    left-most ``X-Forwarded-For`` entry, which any client writes) and secret keys in URLs
    (password resets, email confirmations, API key links) masked."""

    @classmethod
    def bind_ip(cls, request: HttpRequest) -> None:
        structlog.contextvars.bind_contextvars(ip=limits.client_ip(request))

    @staticmethod
    def format_request(request: HttpRequest) -> str:
        return mask(f"{request.method} {request.get_full_path()}")


class RequestIdHeaderMiddleware:
    """Echo the request id that django-structlog put in every log line, so a user's
    support request ("the page said X-Request-ID …") finds the exact log lines."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        if request_id:
            response["X-Request-ID"] = str(request_id)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BODY_BYTES before anything reads it.

    Django caps form fields in memory (DATA_UPLOAD_MAX_MEMORY_SIZE) but not the total size
    of file uploads; a 100,000-row return is about 20 MB, so the cap sits well above that.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= settings.MAX_REQUEST_BODY_BYTES:
            return self.get_response(request)
        limit_mb = settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "request_too_large",
                    "message": f"The request body is larger than {limit_mb} MB.",
                    "parameter": None,
                },
                status=413,
            )
        # This runs before the locale middleware: take the language from the path.
        with translation.override(translation.get_language_from_path(request.path_info) or "en"):
            return render(
                request,
                "core/request_too_large.html",
                {"limit_mb": limit_mb, "page_title": _("The file is too large")},
                status=413,
            )
