"""One way for views to send a signed-out visitor to sign in from deep inside a check.

A permission check that finds no signed-in user raises ``SignInRequired``; a view wrapped
in ``sign_in_guarded`` turns that into the redirect to the sign-in page, coming back to the
same address afterwards. Signed-in users who lack a permission get 403 or 404 as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse


class SignInRequired(Exception):  # noqa: N818 - it reads as what the visitor must do
    """Raised inside a view to send a signed-out visitor to the sign-in page."""


def sign_in_guarded(
    view: Callable[..., HttpResponse], *, require_sign_in: bool = False
) -> Callable[..., HttpResponse]:
    """Wrap a view so that ``SignInRequired`` becomes the sign-in redirect; with
    ``require_sign_in`` every signed-out visitor is redirected before the view runs."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if require_sign_in and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except SignInRequired:
            return redirect_to_login(request.get_full_path())

    return wrapper
