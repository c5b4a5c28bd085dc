"""Session rules that apply on every request.

- A staff session expires ``STAFF_SESSION_MAX_AGE`` after sign-in (set at sign-in, see
  ``adapters``): the next sign-in goes back to the directory, which refreshes the roles
  (and refuses a disabled account).
- A disabled account (``is_active=False``) has no session at all: Django's
  authentication backend refuses to load an inactive user, so ``request.user`` is
  anonymous from the very next request.
- A signed-in filer who has not set up a second factor yet can only reach the pages that
  set one up (and sign out); everything else sends them there.
- A filer's session ends after ``FILER_SESSION_IDLE_SECONDS`` without a request: the
  next request signs them out and asks them to sign in again.
- Every response to a signed-in user is ``Cache-Control: private, no-store``: no shared
  cache keeps it and no browser keeps a copy on disk.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.messages import constants
from django.contrib.messages.storage import default_storage
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from regulator.identity.types import UserKind

# Set at a filer's password sign-in while they have no second factor yet.
MFA_SETUP_REQUIRED = "identity_mfa_setup_required"
# When a filer's session last saw a request (seconds since the epoch).
LAST_SEEN = "identity_last_seen"
# The last-seen time is written at most this often (a session write per request is waste).
LAST_SEEN_STEP = 60

# URL names a filer without MFA may still reach.
MFA_SETUP_ALLOWED = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_logout",
        "account_reauthenticate",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_change_password",
    }
)
# allauth's pages for local accounts (passwords, second factors, re-authentication,
# email addresses): staff authenticate with the directory and are refused here.
FILER_ONLY_URL_NAMES = frozenset(
    {
        "account_change_password",
        "account_set_password",
        "account_email",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
    }
)
MFA_EXEMPT_PREFIXES = ("/static/", "/healthz", "/readyz", "/metrics", "/media/")


def user_has_mfa(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._policy(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response

    def _idle_expired(self, request: HttpRequest) -> bool:
        """True (and signed out) when a filer's session has been idle too long; otherwise
        the session's last-seen time and its expiry move on."""
        idle = int(getattr(settings, "FILER_SESSION_IDLE_SECONDS", 1800))
        now = time.time()
        last = request.session.get(LAST_SEEN)
        if isinstance(last, int | float) and now - last > idle:
            logout(request)
            return True
        if not isinstance(last, int | float) or now - last > LAST_SEEN_STEP:
            request.session[LAST_SEEN] = now
            request.session.set_expiry(idle)
        return False

    def _policy(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "kind", None) == UserKind.FILER
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and self._idle_expired(request)
        ):
            # Before the message middleware: the message goes straight into its storage.
            storage = default_storage(request)
            storage.add(
                constants.INFO,
                _(
                    "You were signed out because you had not used the service for a while. "
                    "Sign in again to carry on."
                ),
            )
            query = urlencode({"next": request.get_full_path()})
            response = redirect(f"{reverse('account_login')}?{query}")
            storage.update(response)
            return response
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "kind", None) != UserKind.FILER
            and self._url_name(request) in FILER_ONLY_URL_NAMES
        ):
            raise PermissionDenied
        if (
            user.is_authenticated
            and request.session.get(MFA_SETUP_REQUIRED)
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
        ):
            if user_has_mfa(user):
                del request.session[MFA_SETUP_REQUIRED]
            elif not self._mfa_page(request):
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Staff re-authenticate through the directory, not with a password (allauth's
        own middleware, which runs after this one, asks filers for theirs)."""
        from allauth.core.exceptions import ReauthenticationRequired

        if isinstance(exception, ReauthenticationRequired) and (
            getattr(request.user, "kind", None) == UserKind.STAFF
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('identity:staff_sign_in')}?{query}")
        return None

    @staticmethod
    def _url_name(request: HttpRequest) -> str | None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return None if match.namespace else match.url_name

    def _mfa_page(self, request: HttpRequest) -> bool:
        return self._url_name(request) in MFA_SETUP_ALLOWED
