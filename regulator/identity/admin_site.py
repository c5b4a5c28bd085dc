"""The Django admin, for platform administrators only.

Django's admin sends anyone it does not admit to its own sign-in form, which shows a
signed-in user "You are authenticated as …, but are not authorized" and asks for another
account's password. A signed-in user who is not a platform administrator (``is_staff``,
set from the directory role by ``services.staff_user_ensure``) is refused instead: the
platform's 403 page, or, for a filer asking for the admin's password form, their own
password page. Anonymous visitors still get the admin's (rate-limited, audited) sign-in.
Installed in place of ``django.contrib.admin`` by ``config/settings/areas/identity.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from regulator.identity.types import UserKind

View = TypeVar("View", bound=Callable[..., Any])


def refused_elsewhere(request: HttpRequest) -> HttpResponse | None:
    """Where a signed-in user the admin does not admit goes instead of the admin's page,
    or None for everyone else (anonymous visitors and platform administrators)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or admin.site.has_permission(request):
        return None
    match = getattr(request, "resolver_match", None)
    if (
        getattr(user, "kind", None) == UserKind.FILER
        and match
        and match.url_name
        in {
            "password_change",
            "password_change_done",
        }
    ):
        return redirect("account_change_password")
    raise PermissionDenied


class RegulatorAdminSite(admin.AdminSite):
    def admin_view(self, view: View, cacheable: bool = False) -> View:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            elsewhere = refused_elsewhere(request)
            return elsewhere if elsewhere is not None else inner(request, *args, **kwargs)

        return cast("View", guarded)


class RegulatorAdminConfig(AdminConfig):
    default_site = "regulator.identity.admin_site.RegulatorAdminSite"
