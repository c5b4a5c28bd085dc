"""Settings of the platform's one API under /api/ (config/api_urls.py): REST framework,
the OpenAPI schema, the query budget and public caching. Every area's endpoints share them;
applied by config.settings.base before the areas' own settings."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    settings["INSTALLED_APPS"] = [
        *settings["INSTALLED_APPS"],
        *[
            app
            for app in (
                "rest_framework",
                "django_filters",
                "drf_spectacular",
                "drf_spectacular_sidecar",
            )
            if app not in settings["INSTALLED_APPS"]
        ],
    ]
    # The identity area adds the authentication and throttling keys of this dict.
    settings.setdefault("REST_FRAMEWORK", {}).update(
        {
            "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
            # DRF's JSON, written by orjson (regulator/core/api/renderers.py).
            "DEFAULT_RENDERER_CLASSES": ["regulator.core.api.renderers.OrjsonRenderer"],
            "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
            "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
            "EXCEPTION_HANDLER": "regulator.core.api.errors.api_exception_handler",
            # ?format= selects an export (csv, ec, parquet), not a renderer.
            "URL_FORMAT_OVERRIDE": None,
            "COERCE_DECIMAL_TO_STRING": True,
            "DATE_FORMAT": "iso-8601",
            "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
        }
    )
    settings["SPECTACULAR_SETTINGS"] = {
        "TITLE": "Political finance open data API",
        "DESCRIPTION": (
            "Published donations, loans and campaign spending. Contains public sector "
            "information licensed under the Open Government Licence v3.0."
        ),
        "VERSION": "1.0.0",
        "SERVE_INCLUDE_SCHEMA": False,
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        # Deep links sit inside each operation's button (nested controls, tiny targets) and
        # the highlighter's colours fail contrast: both off. The page's template is
        # templates/drf_spectacular/swagger_ui.html (accessibility notes there).
        "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": False},
        "REDOC_DIST": "SIDECAR",
        "SCHEMA_PATH_PREFIX": "/api/v1",
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_NAME_OVERRIDES": {},
    }
    # Per-request time budget for API searches (ms): over it, a clear 400.
    settings["API_QUERY_BUDGET_MS"] = int(os.environ.get("API_QUERY_BUDGET_MS", "5000"))
    # How long a public answer may be cached by browsers and proxies.
    settings["API_CACHE_SECONDS"] = int(os.environ.get("API_CACHE_SECONDS", "300"))
