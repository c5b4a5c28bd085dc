"""Entry points (filer start, staff sign-in), the account page and API key
registration. Views are thin: permission checks, then a service or selector."""

from __future__ import annotations

import base64
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regulator.audit.types import Actor
from regulator.core import limits, notify
from regulator.identity import selectors, services, sso
from regulator.identity.forms import (
    ApiKeyRegisterForm,
    AuthenticatorCheckForm,
    AuthenticatorNewForm,
)
from regulator.identity.types import (
    ACCOUNT_SECTIONS,
    STAFF_WORK,
    AccountSection,
    StaffRole,
    StaffWork,
    UserKind,
)


def filer_start(request: HttpRequest) -> HttpResponse:
    """Start page for people who file returns: sign in, or create an account."""
    if request.user.is_authenticated and getattr(request.user, "kind", None) == UserKind.FILER:
        return redirect("identity:account")
    return render(request, "identity/filer_start.html")


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where signing in leads: staff to their work, everyone else to their account."""
    if getattr(request.user, "kind", None) == UserKind.STAFF:
        return redirect("identity:staff_home")
    return redirect("identity:account")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """A staff member's own work, role by role: each area's queues with their counts and
    the most pressing item, or, for a role no area offers work to yet (its area is not
    built), a plain word and the pages that exist."""
    if getattr(request.user, "kind", None) != UserKind.STAFF:
        raise PermissionDenied
    roles = frozenset(selectors.staff_roles_of(user=request.user))
    work = [
        item
        for items in STAFF_WORK.collect(roles)
        if isinstance(items, list)
        for item in items
        if isinstance(item, StaffWork) and item.role in roles
    ]
    if StaffRole.PLATFORM_ADMIN in roles:
        work.append(
            StaffWork(
                role=StaffRole.PLATFORM_ADMIN,
                title=_("Administration"),
                url=reverse("admin:index"),
                description=_("Users, roles, settings and the audit trail."),
            )
        )
    labels = dict(StaffRole.choices)
    by_role = []
    for role in sorted(roles, key=lambda r: str(labels.get(r, r))):
        items = sorted((w for w in work if w.role == role), key=lambda w: (w.order, w.title))
        by_role.append(
            {
                "role": role,
                "label": labels.get(role, role),
                "items": items,
                # No area offers this role any work: its area is not built yet.
                "not_built": not items,
            }
        )
    return render(
        request, "identity/staff_home.html", {"by_role": by_role, "has_roles": bool(roles)}
    )


def staff_sign_in(request: HttpRequest) -> HttpResponse:
    """Staff sign in through the organisation's directory (single sign-on)."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    response = render(request, "identity/staff_sign_in.html", {"next": next_url})
    # The sign-in form's POST is answered with a redirect to the directory; browsers hold
    # that redirect to this page's form-action, so the directory's origin is allowed here.
    origin = sso.directory_origin()
    if origin:
        response._csp_update = {"form-action": [origin]}  # type: ignore[attr-defined]  # django-csp reads this per-response attribute
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    role_labels = dict(StaffRole.choices)
    # The parts other areas own (e.g. the register's "Who you act for").
    sections = [s for s in ACCOUNT_SECTIONS.collect(user) if isinstance(s, AccountSection)]
    context = {
        "sections": sorted(sections, key=lambda section: section.order),
        "staff_roles": [
            role_labels.get(role, role) for role in selectors.staff_roles_of(user=user)
        ],
        "is_staff_user": getattr(user, "kind", None) == UserKind.STAFF,
    }
    return render(request, "identity/account.html", context)


@require_http_methods(["GET", "POST"])
def api_key_register(request: HttpRequest) -> HttpResponse:
    """Self-service registration for an API key: a link is emailed to the address given,
    and the key is shown once to whoever follows it. Limited per client address and per
    email address (``API_KEY_REGISTER_RATE_IP``, ``API_KEY_REGISTER_RATE_EMAIL``), and one
    address holds at most ``API_KEYS_PER_EMAIL`` keys."""
    form = ApiKeyRegisterForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        by_address = limits.rate_hit(
            "api-key-register-ip",
            limits.client_bucket(request),
            limits.rate_parse(getattr(settings, "API_KEY_REGISTER_RATE_IP", "5/hour")),
        )
        by_email = (
            limits.rate_hit(
                "api-key-register-email",
                email,
                limits.rate_parse(getattr(settings, "API_KEY_REGISTER_RATE_EMAIL", "3/day")),
            )
            if by_address.allowed
            else by_address
        )
        if not by_address.allowed or not by_email.allowed:
            services.sign_in_event_record(
                actor=Actor.anonymous(),
                action="identity.rate_limited",
                subject=None,
                payload={"action": "api_key_register", "ip": limits.client_ip(request)},
                once_per=f"api-key-register:{limits.client_bucket(request)}",
            )
            form.add_error(
                None,
                _(
                    "Too many keys have been asked for from here or for this email address. "
                    "Try again later."
                ),
            )
            status = 429
        else:
            try:
                api_key, token = services.api_key_request(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    actor=request.user if request.user.is_authenticated else Actor.anonymous(),
                )
            except services.IdentityServiceError as exc:
                form.add_error("email", exc.message)
                status = 400
            else:
                _confirmation_email_send(request, api_key, token)
                return render(request, "identity/api_key_sent.html", {"email": api_key.email})
    return render(
        request,
        "identity/api_key_register.html",
        {
            "form": form,
            "rate_anon": _rates()["anon"],
            "rate_key": _rates()["api_key"],
        },
        status=status,
    )


def _confirmation_email_send(request: HttpRequest, api_key: Any, token: str) -> None:
    link = request.build_absolute_uri(reverse("identity:api_key_confirm", kwargs={"token": token}))
    notify.send_email(
        email_address=api_key.email,
        template_id=notify.generic_template_id(),
        personalisation={
            "subject": _("Confirm your email address to get your API key"),
            "body": _(
                "Someone asked for a key to the political finance API for this email "
                "address, in the name %(name)s.\n\n"
                "To see your key, follow this link within a day:\n\n%(link)s\n\n"
                "If you did not ask for a key, ignore this email: no key exists until the "
                "link is followed."
            )
            % {"name": api_key.name, "link": link},
        },
        reference=f"api-key-request-{api_key.prefix}",
    )


@require_http_methods(["GET", "POST"])
def api_key_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: a page with a button (a mail scanner that fetches links makes no
    key), whose POST makes the key and shows it once."""
    if request.method == "POST":
        try:
            api_key, key = services.api_key_confirm(
                token=token,
                actor=request.user if request.user.is_authenticated else Actor.anonymous(),
            )
        except services.IdentityServiceError:
            response = render(request, "identity/api_key_confirm.html", {"valid": False})
        else:
            response = render(
                request, "identity/api_key_issued.html", {"api_key": api_key, "key": key}
            )
    else:
        valid = services.api_key_request_get(token) is not None
        response = render(request, "identity/api_key_confirm.html", {"valid": valid})
    # (The site's Referrer-Policy, same-origin, keeps the link's token to this site: a
    # stricter one would make browsers send "Origin: null", which CSRF protection refuses.)
    response["Cache-Control"] = "no-store"
    return response


def _rates() -> dict[str, str]:
    return dict(getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {}))


# --- Replacing the authenticator app -----------------------------------------------------

REPLACE_SESSION_KEY = "identity_mfa_replace"
# Once the old app (or a recovery code) has been shown, this long to set up the new one.
REPLACE_SECONDS = 600


def _old_factor_accepts(user: Any, code: str) -> bool:
    """The user's current authenticator app or one of their unused recovery codes
    accepts ``code`` (each code once: allauth marks it used)."""
    from allauth.mfa.models import Authenticator

    for authenticator in Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ):
        if authenticator.wrap().validate_code(code.strip()):
            return True
    return False


@login_required
@require_http_methods(["GET", "POST"])
def mfa_replace(request: HttpRequest) -> HttpResponse:
    """A filer's second factor cannot be switched off, only replaced: first a code from
    the old app or a recovery code, then a code from the new app; audited and emailed."""
    user = request.user
    if getattr(user, "kind", None) != UserKind.FILER:
        raise PermissionDenied
    state = request.session.get(REPLACE_SESSION_KEY) or {}
    if not state or time.time() - float(state.get("checked_at", 0)) > REPLACE_SECONDS:
        return _replace_check(request, user)
    return _replace_new(request, user, str(state["secret"]))


def _replace_check(request: HttpRequest, user: Any) -> HttpResponse:
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    form = AuthenticatorCheckForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        decision = limits.rate_hit(
            "mfa-replace",
            f"user:{user.pk}",
            limits.rate_parse(getattr(settings, "MFA_REPLACE_RATE", "5/5m")),
        )
        if not decision.allowed:
            services.sign_in_event_record(
                actor=user,
                action="identity.rate_limited",
                subject=user,
                payload={"action": "mfa_replace", "ip": limits.client_ip(request)},
                once_per=f"mfa-replace:{user.pk}",
            )
            form.add_error("code", _("Too many codes were wrong. Try again in a few minutes."))
            status = 429
        elif _old_factor_accepts(user, form.cleaned_data["code"]):
            request.session[REPLACE_SESSION_KEY] = {
                "checked_at": time.time(),
                "secret": generate_totp_secret(),
            }
            return redirect("identity:mfa_replace")
        else:
            services.sign_in_event_record(
                actor=user,
                action="identity.mfa_failed",
                subject=user,
                payload={"ip": limits.client_ip(request), "reauthentication": True},
            )
            form.add_error(
                "code",
                _(
                    "The code is not right. Enter the code your authenticator app shows now, "
                    "or a recovery code you have not used."
                ),
            )
            status = 400
    return render(request, "identity/mfa_replace.html", {"form": form, "step": 1}, status=status)


def _replace_new(request: HttpRequest, user: Any, secret: str) -> HttpResponse:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.totp.internal.auth import validate_totp_code

    form = AuthenticatorNewForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if validate_totp_code(secret, form.cleaned_data["code"].strip()):
            services.authenticator_replace(user=user, secret=secret, actor=user)
            request.session.pop(REPLACE_SESSION_KEY, None)
            notify.send_email(
                email_address=user.email,
                template_id=notify.generic_template_id(),
                personalisation={
                    "subject": _("Your authenticator app has been replaced"),
                    "body": _(
                        "The authenticator app that gives the codes for signing in to your "
                        "political finance account has been replaced with a new one.\n\n"
                        "If you did not do this, contact the Commission at once: someone "
                        "else may be able to sign in as you."
                    ),
                },
                reference=f"mfa-replaced-{user.pk}",
            )
            messages.success(request, _("Your new authenticator app is set up."))
            return redirect("identity:account")
        form.add_error(
            "code", _("That is not the code the new app shows. Check the app and try again.")
        )
        status = 400
    adapter = get_adapter()
    url = adapter.build_totp_url(user, secret)
    svg = adapter.build_totp_svg(url)
    context = {
        "form": form,
        "step": 2,
        "secret": secret,
        "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    }
    response = render(request, "identity/mfa_replace.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


# --- Rate-limited sign-in attempts and the Django admin's sign-in -----------------------------


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth's answer to a rate-limited attempt (``handler429`` in config/urls.py): the
    platform's 429 page, and an audit event (once a minute per client and page)."""
    path = request.path_info
    services.sign_in_event_record(
        actor=Actor.anonymous(),
        action="identity.rate_limited",
        subject=None,
        payload={"path": path[:200], "ip": limits.client_ip(request)},
        once_per=f"429:{path}:{limits.client_bucket(request)}",
    )
    return limits.too_many_requests(request, 60)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin's own sign-in form, rate-limited per client address
    (``ADMIN_LOGIN_RATE``) and with each failure audited (platform administrators sign in
    through the directory; this form is a door attackers knock on)."""
    from django.contrib import admin

    # A signed-in user who is not a platform administrator never sees the admin's form
    # (which would offer to sign in as someone else): back to their own pages.
    if request.user.is_authenticated and not admin.site.has_permission(request):
        return redirect("identity:landing")
    if request.method == "POST":
        decision = limits.rate_hit(
            "admin-login",
            limits.client_bucket(request),
            limits.rate_parse(getattr(settings, "ADMIN_LOGIN_RATE", "10/5m")),
        )
        if not decision.allowed:
            services.sign_in_event_record(
                actor=Actor.anonymous(),
                action="identity.rate_limited",
                subject=None,
                payload={"action": "admin_login", "ip": limits.client_ip(request)},
                once_per=f"admin-login:{limits.client_bucket(request)}",
            )
            return limits.too_many_requests(request, decision.retry_after)
    response = admin.site.login(request)
    if request.method == "POST" and response.status_code == 200:
        # The form came back: the user name and password were not accepted.
        services.sign_in_event_record(
            actor=Actor.anonymous(),
            action="identity.admin_sign_in_failed",
            subject=None,
            payload={
                "username": str(request.POST.get("username", ""))[:150],
                "ip": limits.client_ip(request),
            },
        )
    return response
