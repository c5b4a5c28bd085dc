"""Read-only mode: public search and downloads keep running while filing is closed
(maintenance, a database move, a restore drill).

The switch is a flag file (``READ_ONLY_FLAG_FILE``) so that every web process sees it at
once without a database write, or the ``READ_ONLY`` environment variable. While it is on,
every request that would change something is answered with a clear page (or the API's
JSON error) and 503 with Retry-After, and pages of the areas that exist to change things
(``READ_ONLY_CLOSED_NAMESPACES``: filing, sign-in, registration) say that filing is
closed; everything else is served as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_AFTER_SECONDS = 600


def flag_file() -> Path:
    return Path(settings.READ_ONLY_FLAG_FILE)


def read_only_is_on() -> bool:
    return bool(settings.READ_ONLY) or flag_file().exists()


def read_only_message() -> str:
    path = flag_file()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return ""


def read_only_set(*, on: bool, message: str = "") -> None:
    path = flag_file()
    if on:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(message, encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def _namespace(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).namespace
    except Resolver404:
        return ""


class ReadOnlyModeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not read_only_is_on() or request.path_info in ("/healthz", "/readyz", "/metrics"):
            return self.get_response(request)
        closed_page = _namespace(request).split(":")[0] in settings.READ_ONLY_CLOSED_NAMESPACES
        if request.method in SAFE_METHODS and not closed_page:
            return self.get_response(request)
        response: HttpResponse
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {
                    "code": "read_only",
                    "message": "The service is read-only for maintenance: reading and "
                    "downloading work, changes do not. Try again later.",
                    "parameter": None,
                },
                status=503,
            )
        else:
            response = render(
                request,
                "core/read_only.html",
                {
                    "message": read_only_message(),
                    "page_title": _("Filing is closed for maintenance"),
                },
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
