"""The public shell: start page, statutory pages, error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "core/start.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The open-data API's introduction, in English and Welsh, leading to the reference
    (Swagger UI at ``api:docs``, in English) and the schema."""
    return render(
        request, "core/api_docs.html", {"api_root": request.build_absolute_uri("/api/v1/")}
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
