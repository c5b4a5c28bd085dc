"""API keys for the open-data API: DRF authentication and the rate limits.

A client sends ``Authorization: Api-Key <key>`` or ``X-Api-Key: <key>``. Anonymous
requests are limited per client address (``API_RATE_ANON``, default 600 a minute; the
address by the one trusted-proxy rule, ``core.limits.client_ip``), requests with a key per
key (``API_RATE_KEY``, default 6,000 a minute). Both are counted in the shared cache
(``core.limits.rate_hit``), so every web process counts together. A throttled request gets
429 with a ``Retry-After`` header, in the API's error envelope (core's EXCEPTION_HANDLER).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, throttling
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from regulator.core import clock, limits
from regulator.identity.errors import IdentityError
from regulator.identity.models import ApiKey
from regulator.identity.services import api_key_check


def key_from_request(request: Any) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:8].lower() == "api-key ":
        return header[8:].strip()
    key = request.META.get("HTTP_X_API_KEY", "").strip()
    return key or None


class ApiKeyAuthentication(BaseAuthentication):
    """``request.user`` stays anonymous (the API serves public data); ``request.auth``
    is the ``ApiKey``. A wrong or revoked key is refused with 401, never ignored, so a
    client learns at once that its key is not being used."""

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        key = key_from_request(request)
        if key is None:
            return None
        api_key = api_key_check(key)
        if api_key is None:
            raise exceptions.AuthenticationFailed(
                detail=_("The API key is not valid."), code=IdentityError.API_KEY_INVALID
            )
        if not api_key.is_active:
            raise exceptions.AuthenticationFailed(
                detail=_("The API key has been revoked."), code=IdentityError.API_KEY_REVOKED
            )
        now = clock.now()
        if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return AnonymousUser(), api_key

    def authenticate_header(self, request: Request) -> str:
        return "Api-Key"


class _SharedThrottle(throttling.BaseThrottle):
    """A rate per client of ``scope``, counted in the shared cache (``core.limits``)."""

    scope = ""
    # The rates by scope; None reads REST_FRAMEWORK's DEFAULT_THROTTLE_RATES at each request.
    THROTTLE_RATES: dict[str, str] | None = None

    def __init__(self) -> None:
        self.retry_after = 0

    def ident(self, request: Request) -> str | None:
        raise NotImplementedError

    def rate(self) -> limits.Rate:
        rates = self.THROTTLE_RATES or getattr(settings, "REST_FRAMEWORK", {}).get(
            "DEFAULT_THROTTLE_RATES", {}
        )
        return limits.rate_parse(str(rates[self.scope]))

    def allow_request(self, request: Request, view: Any) -> bool:
        ident = self.ident(request)
        if ident is None:
            return True
        decision = limits.rate_hit(f"api-{self.scope}", ident, self.rate())
        self.retry_after = decision.retry_after
        return decision.allowed

    def wait(self) -> float | None:
        return float(self.retry_after) if self.retry_after else None


class AnonRateThrottle(_SharedThrottle):
    """Requests without a key: limited per client address."""

    scope = "anon"

    def ident(self, request: Request) -> str | None:
        if isinstance(request.auth, ApiKey):
            return None
        return limits.client_bucket(request)


class ApiKeyRateThrottle(_SharedThrottle):
    """Requests with a key: limited per key, whatever the address."""

    scope = "api_key"

    def ident(self, request: Request) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return request.auth.prefix


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the key: optional, it only raises the rate limit."""

    target_class = "regulator.identity.api_auth.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": "Optional. A key raises the rate limit from 600 to 6,000 requests "
            "a minute. `Authorization: Api-Key <key>` works too.",
        }
