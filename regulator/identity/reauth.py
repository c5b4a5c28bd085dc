"""Re-authentication before sensitive actions (granting a membership, declaring a return).

    from regulator.identity.reauth import reauthentication_required

    @reauthentication_required
    def return_declare(request, pk): ...

Check the permission first (a refused user must get 403/404, not a password prompt), then
apply this. A user who signed in or re-authenticated within
``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds (default 300) passes; a filer is otherwise
asked for their password (or TOTP code) by allauth and brought back to the same request;
a staff user is sent through the directory sign-in again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from regulator.identity.models import UserKind


def recently_authenticated(request: HttpRequest, max_age: int | None = None) -> bool:
    if not request.user.is_authenticated:
        return False
    if max_age is None:
        max_age = int(getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300))
    records = get_authentication_records(request, request.user)
    times = [float(record["at"]) for record in records if "at" in record]
    return bool(times) and time.time() - max(times) < max_age


def reauthentication_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recently_authenticated(request):
            if getattr(request.user, "kind", None) == UserKind.STAFF:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('identity:staff_sign_in')}?{query}")
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return wrapper


__all__ = [
    "AUTHENTICATION_METHODS_SESSION_KEY",
    "reauthentication_required",
    "recently_authenticated",
]
