"""Entry points (filer start, staff sign-in), the account page, membership management
and API key registration. Views are thin: permission checks, then a service or selector."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regulator.audit.types import Actor
from regulator.core import notify
from regulator.identity import selectors, services, sso
from regulator.identity.forms import ApiKeyRegisterForm, MembershipGrantForm
from regulator.identity.models import Membership, StaffRole, UserKind
from regulator.identity.reauth import reauthentication_required
from regulator.register.models import RegulatedEntity


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
        response._csp_update = {"form-action": [origin]}  # type: ignore[attr-defined]
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = selectors.memberships_active_for_user(user=user)  # type: ignore[arg-type]
    manageable = [
        m.entity for m in memberships if user.has_perm("identity.view_memberships", m.entity)
    ]
    role_labels = dict(StaffRole.choices)
    context = {
        "memberships": memberships,
        "manageable_entities": list({e.pk: e for e in manageable}.values()),
        "staff_roles": [
            role_labels.get(role, role)
            for role in selectors.staff_roles_of(user=user)  # type: ignore[arg-type]
        ],
        "is_staff_user": getattr(user, "kind", None) == UserKind.STAFF,
    }
    return render(request, "identity/account.html", context)


def _entity_for(request: HttpRequest, entity_id: int, permission: str) -> RegulatedEntity:
    """The entity, if the user holds ``permission`` on it; otherwise 404 (whether or not
    it exists, so guessed ids reveal nothing)."""
    entity = RegulatedEntity.objects.filter(pk=entity_id).first()
    if entity is None or not request.user.has_perm(permission, entity):
        raise Http404
    return entity


@login_required
def entity_memberships(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, "identity.view_memberships")
    memberships = selectors.memberships_of_entity(entity_id=entity.pk)
    return render(
        request,
        "identity/entity_memberships.html",
        {
            "entity": entity,
            "memberships": memberships,
            "can_grant": request.user.has_perm("identity.grant_membership", entity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_grant(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, "identity.grant_membership")
    return _membership_grant(request, entity)


@reauthentication_required
def _membership_grant(request: HttpRequest, entity: RegulatedEntity) -> HttpResponse:
    roles = services.grantable_roles_for(granter=request.user, entity=entity)  # type: ignore[arg-type]
    form = MembershipGrantForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_grant_by_email(
                granter=request.user,  # type: ignore[arg-type]
                entity=entity,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.IdentityServiceError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                _("%(person)s can now act for %(entity)s as %(role)s.")
                % {
                    "person": membership.user.email,
                    "entity": entity.name,
                    "role": membership.get_role_display(),
                },
            )
            return redirect("identity:entity_memberships", entity_id=entity.pk)
    return render(request, "identity/membership_grant.html", {"entity": entity, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def membership_revoke(request: HttpRequest, entity_id: int, membership_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, "identity.revoke_membership")
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        pk=membership_id,
        entity=entity,
        revoked_at__isnull=True,
    )
    return _membership_revoke(request, entity, membership)


@reauthentication_required
def _membership_revoke(
    request: HttpRequest, entity: RegulatedEntity, membership: Membership
) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            services.membership_revoke(
                membership=membership,
                revoked_by=request.user,  # type: ignore[arg-type]
                actor=request.user,
            )
        except services.IdentityServiceError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("%(person)s can no longer act for %(entity)s as %(role)s.")
                % {
                    "person": membership.user.email,
                    "entity": entity.name,
                    "role": membership.get_role_display(),
                },
            )
            return redirect("identity:entity_memberships", entity_id=entity.pk)
    return render(
        request,
        "identity/membership_revoke.html",
        {"entity": entity, "membership": membership, "error": error},
        status=400 if error else 200,
    )


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
