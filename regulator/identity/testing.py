"""Helpers for tests in every area (not used by the running service)."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str


def sign_in(client: Any, user: Any, *, method: str = "password") -> None:
    """``client.force_login(user)`` plus a fresh authentication record, so views behind
    ``reauthentication_required`` let the user through (as right after a real sign-in)."""
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": method, "at": time.time()}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()


def signed_in_client(user: Any) -> Any:
    """A test client signed in as ``user``, just after a real sign-in."""
    from django.test import Client

    client = Client()
    sign_in(client, user)
    return client


# The base32 key of the test authenticators: a well-known example ("Hello!" and 0xDEADBEEF).
KNOWN_BASE32 = "JBSWY3DPEHPK3PXP"


def totp_code(secret: str = KNOWN_BASE32) -> str:
    """The code an authenticator app shows now for ``secret`` (the current 30-second step,
    not the earliest step the server tolerates)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def activate_totp(user: Any, secret: str = KNOWN_BASE32) -> Any:
    """Give ``user`` a TOTP authenticator with a known secret (base32)."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return authenticator
