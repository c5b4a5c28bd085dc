"""The one way pages check permissions (deny by default).

    from regulator.core.permissions import permission_required, permission_check

    @permission_required("donors.review_donors")            # no object
    def review_queue(request): ...

    @permission_required()                                   # signed in; the view checks
    def return_detail(request, pk):
        filed = selectors.return_get(pk=pk)
        permission_check(request, "filings.view_return", filed, hide=True)
        ...

A signed-out visitor is sent to sign in and brought back (also when a check deep inside
the view finds no signed-in user); a signed-in user without the permission gets 403, or
404 with ``hide=True`` where even the object's existence is not theirs to know. Named
permissions come from each area's ``rules.py``; the decorator is ``rules``' own
``permission_required`` behind Django's ``login_required``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from rules.contrib.views import permission_required as rules_permission_required

from regulator.core.errors import PermissionDeniedError

View = Callable[..., HttpResponseBase]
ViewT = TypeVar("ViewT", bound=View)


class SignInRequired(Exception):  # noqa: N818 - it reads as what the visitor must do
    """Raised inside a view to send a signed-out visitor to the sign-in page."""


def permission_check(
    request: HttpRequest, perm: str, obj: Any = None, *, hide: bool = False
) -> None:
    """Refuse unless the signed-in user holds ``perm`` (on ``obj``)."""
    if not request.user.is_authenticated:
        raise SignInRequired
    if not request.user.has_perm(perm, obj):
        raise Http404 if hide else PermissionDenied


def permission_required(
    perm: str | None = None,
    *,
    fn: Callable[..., Any] | None = None,
    hide: bool = False,
) -> Callable[[View], View]:
    """Sign-in required, then ``perm`` (on the object ``fn`` returns from the view's
    arguments, if given); without ``perm`` only sign-in is required and the view checks."""

    def decorator(view: View) -> View:
        checked: View = view
        if perm is not None:
            checked = rules_permission_required(perm, fn=fn, raise_exception=True)(view)
            if hide:
                checked = _hidden(checked)
        signed_in: View = login_required(_sign_in_on_demand(checked))
        return wraps(view)(signed_in)

    return decorator


def _hidden(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            raise Http404 from None

    return wrapper


def _sign_in_on_demand(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except SignInRequired:
            return redirect_to_login(request.get_full_path())
        except PermissionDeniedError:
            # A service refused the signed-in user: the page answers 403.
            raise PermissionDenied from None

    return wrapper


def sign_in_on_demand(view: View) -> View:
    """For pages open to everyone that ask for sign-in only on some paths (a check deep
    inside raises ``SignInRequired``)."""
    return _sign_in_on_demand(view)


def recently_authenticated(request: HttpRequest, max_age: int | None = None) -> bool:
    """Whether the user signed in or re-authenticated in the last ``max_age`` seconds
    (``ACCOUNT_REAUTHENTICATION_TIMEOUT``, default 300)."""
    from allauth.account.internal.flows.login import get_authentication_records

    if not request.user.is_authenticated:
        return False
    if max_age is None:
        max_age = int(getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300))
    records = get_authentication_records(request, request.user)
    times = [float(record["at"]) for record in records if "at" in record]
    return bool(times) and time.time() - max(times) < max_age


def reauthentication_required(view: ViewT) -> ViewT:
    """Before a sensitive action (granting a membership, declaring a return): a user who
    has not signed in or re-authenticated recently is asked to again, then brought back
    to the same request. Check the permission first (a refused user must get 403/404,
    not a password prompt). The identity area's middleware decides how: a filer is asked
    for their password or code by allauth, staff go through the directory again."""
    from allauth.core.exceptions import ReauthenticationRequired

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not recently_authenticated(request):
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return cast(ViewT, wrapper)
