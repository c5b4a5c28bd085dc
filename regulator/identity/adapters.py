"""allauth adapters: where allauth's sign-in flows meet this project's rules.

- ``AccountAdapter``: local filer accounts (email, verification, MFA set-up on first
  sign-in), email through the Notify client, audit of sign-ins and failures.
- ``StaffSocialAdapter``: staff single sign-on; every sign-in maps the directory's
  ``roles`` claim onto the user's groups (``services.staff_roles_sync``).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regulator.audit.types import Actor
from regulator.core import limits
from regulator.core.permissions import recently_authenticated
from regulator.identity import services
from regulator.identity.middleware import MFA_SETUP_REQUIRED, user_has_mfa
from regulator.identity.types import UserKind


def client_ip(request: HttpRequest) -> str:
    """The client's address by the one trusted-proxy rule (``TRUSTED_PROXIES``)."""
    return limits.client_ip(request)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits (failed sign-ins, sign-ups, resets) count per this address:
        # the same rule as every other limit, never a forgeable header nor the proxy's own.
        return limits.client_ip(request) or "unknown"

    def new_user(self, request: HttpRequest) -> Any:
        user = super().new_user(request)
        user.kind = UserKind.FILER
        return user

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit)
        if commit:
            services.sign_in_event_record(
                actor=Actor.anonymous(),
                action="identity.signed_up",
                subject=user,
                payload={"email": str(user.email)[:254], "ip": client_ip(request)},
            )
        return user

    def confirm_email(self, request: HttpRequest, email_address: Any) -> Any:
        confirmed = super().confirm_email(request, email_address)
        services.sign_in_event_record(
            actor=Actor.anonymous(),
            action="identity.email_confirmed",
            subject=email_address.user,
            payload={"email": str(email_address.email)[:254], "ip": client_ip(request)},
        )
        return confirmed

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Locked out (too many failed sign-ins for the account or from the address):
            # audited once a minute per account and address, never a flood of events.
            email = str(credentials.get("email", ""))[:254]
            services.sign_in_event_record(
                actor=Actor.anonymous(),
                action="identity.rate_limited",
                subject=None,
                payload={"action": "login_failed", "email": email, "ip": client_ip(request)},
                once_per=f"login:{email.lower()}:{client_ip(request)}",
            )
            raise

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if user.kind == UserKind.STAFF:
            request.session.set_expiry(int(getattr(settings, "STAFF_SESSION_MAX_AGE", 8 * 3600)))
        elif not user_has_mfa(user):
            request.session[MFA_SETUP_REQUIRED] = True
        services.sign_in_event_record(
            actor=user,
            action="identity.signed_in",
            subject=user,
            payload={
                "method": "sso" if sociallogin is not None else "password",
                "ip": client_ip(request),
                "signup": bool(kwargs.get("signup")),
            },
        )
        return response

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        # The password is never recorded; the email tried is, to spot attacks on one account.
        services.sign_in_event_record(
            actor=Actor.anonymous(),
            action="identity.sign_in_failed",
            subject=None,
            payload={"email": str(credentials.get("email", ""))[:254], "ip": client_ip(request)},
        )

    def send_notification_mail(
        self,
        template_prefix: str,
        user: Any,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        # allauth calls this for every security change (TOTP added or removed, recovery
        # codes generated, password changed); each is an audit event, and the filer is
        # told by email (ACCOUNT_EMAIL_NOTIFICATIONS).
        change = template_prefix.rsplit("/", 1)[-1]
        services.sign_in_event_record(
            actor=user,
            action="identity.mfa_changed"
            if template_prefix.startswith("mfa/")
            else "identity.account_changed",
            subject=user,
            payload={"change": change},
        )
        super().send_notification_mail(template_prefix, user, context, email)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # A sign-in within ACCOUNT_REAUTHENTICATION_TIMEOUT counts as fresh (allauth
        # alone counts only explicit re-authentication), so a filer who has just signed
        # in can set up MFA without typing the password twice.
        if self.request is not None and recently_authenticated(self.request):
            return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def respond_user_inactive(self, request: HttpRequest, user: Any) -> HttpResponse:
        services.sign_in_event_record(
            actor=Actor.anonymous(),
            action="identity.sign_in_refused_inactive",
            subject=user,
            payload={"ip": client_ip(request)},
        )
        return super().respond_user_inactive(request, user)


class MfaAdapter(DefaultMFAAdapter):
    """A filer's second factor is mandatory: their authenticator app cannot be switched
    off (replacing it goes through ``identity:mfa_replace``, which asks for the old one
    or a recovery code first)."""

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        from allauth.mfa.models import Authenticator

        if authenticator.type == Authenticator.Type.TOTP:
            return getattr(authenticator.user, "kind", None) != UserKind.FILER
        return bool(super().can_delete_authenticator(authenticator))


def _mfa_failure_record(request: Any, user: Any, reauthentication: bool) -> None:
    services.sign_in_event_record(
        actor=Actor.anonymous() if not getattr(user, "pk", None) else user,
        action="identity.mfa_failed",
        subject=user,
        payload={"ip": client_ip(request) if request else "", "reauthentication": reauthentication},
    )


class MfaAuthenticateForm(AuthenticateForm):
    """allauth's second step of sign-in; a wrong code is an audit event."""

    def _emit_authentication_failed(self, authenticator: Any) -> None:
        from allauth.core import context

        _mfa_failure_record(context.request, self.user, False)
        super()._emit_authentication_failed(authenticator)


class MfaReauthenticateForm(ReauthenticateForm):
    def _emit_authentication_failed(self, authenticator: Any) -> None:
        from allauth.core import context

        _mfa_failure_record(context.request, self.user, True)
        super()._emit_authentication_failed(authenticator)


class StaffSocialAdapter(DefaultSocialAccountAdapter):
    """Only the staff directory signs people in through here."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        user.kind = UserKind.STAFF
        user.full_name = str(data.get("name") or "")[:255]
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        user = sociallogin.user
        if sociallogin.is_existing:
            if user.kind != UserKind.STAFF:
                services.sign_in_event_record(
                    actor=Actor.anonymous(),
                    action="identity.staff_sign_in_refused",
                    subject=user,
                    payload={"reason": "not-a-staff-account"},
                )
                raise ImmediateHttpResponse(_refusal(request))
            if user.is_active:
                services.staff_roles_sync(
                    user=user, claimed_roles=roles_claim(sociallogin), actor=user
                )

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        services.sign_in_event_record(
            actor=Actor.system("staff directory"),
            action="identity.staff_account_created",
            subject=user,
            payload={"email": user.email},
        )
        services.staff_roles_sync(user=user, claimed_roles=roles_claim(sociallogin), actor=user)
        return user

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        services.sign_in_event_record(
            actor=Actor.anonymous(),
            action="identity.staff_sign_in_failed",
            subject=None,
            payload={
                "error": str(error or "")[:100],
                "detail": (f"{type(exception).__name__}: {exception}" if exception else "")[:300],
                "ip": client_ip(request),
            },
        )


def roles_claim(sociallogin: Any) -> list[str]:
    data = sociallogin.account.extra_data or {}
    claims = data.get("id_token") or data.get("userinfo") or data
    roles = claims.get("roles", [])
    if isinstance(roles, str):
        roles = [roles]
    if not isinstance(roles, list):
        return []
    return [str(role) for role in roles]


def _refusal(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/staff_sign_in_refused.html", status=403)
