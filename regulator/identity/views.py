"""Entry points (filer start, staff sign-in), the account page and API key
registration. Views are thin: permission checks, then a service or selector."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regulator.audit.types import Actor
from regulator.core import notify
from regulator.identity import selectors, services, sso
from regulator.identity.forms import ApiKeyRegisterForm
from regulator.identity.types import ACCOUNT_SECTIONS, AccountSection, StaffRole, UserKind


def filer_start(request: HttpRequest) -> HttpResponse:
    """Start page for people who file returns: sign in, or create an account."""
    if request.user.is_authenticated and getattr(request.user, "kind", None) == UserKind.FILER:
        return redirect("identity:account")
    return render(request, "identity/filer_start.html")


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
    """Self-service registration for an API key. The key is shown once and emailed."""
    form = ApiKeyRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        api_key, key = services.api_key_issue(
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            actor=request.user if request.user.is_authenticated else Actor.anonymous(),
        )
        notify.send_email(
            email_address=api_key.email,
            template_id=notify.generic_template_id(),
            personalisation={
                "subject": _("Your API key"),
                "body": _(
                    "Your key for the political finance API is:\n\n%(key)s\n\n"
                    "Send it in the header ‘Authorization: Api-Key <key>’. Keep it secret."  # noqa: RUF001
                )
                % {"key": key},
            },
            reference=f"api-key-{api_key.prefix}",
        )
        response = render(request, "identity/api_key_issued.html", {"api_key": api_key, "key": key})
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "identity/api_key_register.html",
        {
            "form": form,
            "rate_anon": _rates()["anon"],
            "rate_key": _rates()["api_key"],
        },
    )


def _rates() -> dict[str, str]:
    return dict(getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {}))
