"""Filer tokens for the filing API: ``Authorization: Filer-Token <key>``.

The open-data API keys (regulator/identity/api_auth.py) belong to no user, so they cannot
file; a filer token belongs to one filer user and the API acts as that user, with that
user's permissions (memberships). A wrong or revoked token is refused with 401.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from regulator.core import clock
from regulator.filings.models import FilerToken
from regulator.filings.services.tokens import filer_token_check, filer_token_used

SCHEME = "filer-token "


class FilerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, FilerToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header[: len(SCHEME)].lower() != SCHEME:
            return None
        token = filer_token_check(header[len(SCHEME) :].strip())
        if token is None or not token.is_active or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                detail=_("The filer token is not valid or has been revoked."),
                code="filer_token_invalid",
            )
        filer_token_used(token=token, now=clock.now())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Filer-Token"
