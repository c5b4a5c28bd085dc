"""Staff single sign-on: OpenID Connect against the organisation's directory.

allauth's ``openid_connect`` provider does discovery, the authorisation code flow with
PKCE and the token exchange. Its callback skips the ID token's signature check when the
token came straight from the token endpoint (which the specification allows); we never
skip it: ``StrictDirectoryAdapter`` always verifies the signature against the JWKS, and
the issuer, audience and expiry (PyJWT through allauth's ``jwtkit``). These views replace
allauth's per-provider URLs, which the project does not route.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from requests import RequestException

from regulator.audit.types import Actor
from regulator.identity import services

PROVIDER_ID = "directory"


class StrictDirectoryAdapter(OpenIDConnectOAuth2Adapter):
    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request, PROVIDER_ID)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        return verify_id_token(self, app, id_token)

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        return str(build_absolute_uri(request, reverse("identity:staff_sso_callback")))


def verify_id_token(
    adapter: OpenIDConnectOAuth2Adapter, app: SocialApp, id_token: str
) -> dict[str, Any]:
    """Decode ``id_token``: signature (JWKS), issuer, audience (our client id) and expiry
    all checked; raises allauth's ``OAuth2Error`` otherwise."""
    config = adapter.openid_config
    try:
        data: dict[str, Any] = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=config["jwks_uri"],
            issuer=config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
    except (KeyError, ValueError, TypeError, jwt.PyJWTError) as error:
        # A token without a key id, with a malformed header or an unknown algorithm:
        # refused like any other bad token (the callback shows the sign-in error page).
        raise OAuth2Error(f"Invalid id_token: {type(error).__name__}") from error
    return data


def directory_origin() -> str:
    """scheme://host[:port] of the configured directory, for the sign-in page's CSP."""
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {})
    apps = providers.get("openid_connect", {}).get("APPS", [])
    for app in apps:
        if app.get("provider_id") == PROVIDER_ID:
            parsed = urlparse(str(app.get("settings", {}).get("server_url", "")))
            if parsed.scheme in ("http", "https") and parsed.netloc:
                return f"{parsed.scheme}://{parsed.netloc}"
    return ""


@login_not_required
@require_http_methods(["POST"])
def staff_sso_login(request: HttpRequest) -> HttpResponse:
    """Start the directory sign-in (POST only, so a link cannot start it for someone)."""
    try:
        view = OAuth2LoginView.adapter_view(StrictDirectoryAdapter(request))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    except (RequestException, ValueError, KeyError) as error:
        # Discovery failed: the directory is down or answered nonsense.
        services.sign_in_event_record(
            actor=Actor.anonymous(),
            action="identity.staff_sign_in_failed",
            payload={"error": "directory-unreachable", "detail": f"{type(error).__name__}"[:100]},
        )
        return render(request, "identity/staff_directory_unavailable.html", status=503)


@login_not_required
def staff_sso_callback(request: HttpRequest) -> HttpResponse:
    try:
        view = OAuth2CallbackView.adapter_view(StrictDirectoryAdapter(request))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


class DirectoryProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, routed through the views above."""

    def get_login_url(self, request: HttpRequest, **kwargs: Any) -> str:
        return reverse("identity:staff_sign_in")

    def get_callback_url(self) -> str:
        return reverse("identity:staff_sso_callback")

    def get_oauth2_adapter(self, request: HttpRequest) -> StrictDirectoryAdapter:
        return StrictDirectoryAdapter(request)
