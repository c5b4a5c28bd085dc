"""Who may act for a regulated entity: its treasurer or responsible person (and
registration officers) see, grant and remove memberships. Views are thin: permission
checks, then a service or selector."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regulator.core.permissions import permission_required, reauthentication_required
from regulator.register import selectors
from regulator.register.forms import MembershipGrantForm
from regulator.register.models import Membership, RegulatedEntity
from regulator.register.services import memberships as services


def _entity_for(request: HttpRequest, entity_id: int, permission: str) -> RegulatedEntity:
    """The entity, if the user holds ``permission`` on it; otherwise 404 (whether or not
    it exists, so guessed ids reveal nothing)."""
    entity = selectors.entity_get(entity_id=entity_id)
    if entity is None or not request.user.has_perm(permission, entity):
        raise Http404
    return entity


@permission_required()
def entity_memberships(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, "register.view_memberships")
    memberships = selectors.memberships_of_entity(entity_id=entity.pk)
    return render(
        request,
        "register/memberships/entity_memberships.html",
        {
            "entity": entity,
            "memberships": memberships,
            "can_grant": request.user.has_perm("register.grant_membership", entity),
        },
    )


@permission_required()
@require_http_methods(["GET", "POST"])
def membership_grant(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, "register.grant_membership")
    return _membership_grant(request, entity)


@reauthentication_required
def _membership_grant(request: HttpRequest, entity: RegulatedEntity) -> HttpResponse:
    roles = services.grantable_roles_for(granter=request.user, entity=entity)
    form = MembershipGrantForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_grant_by_email(
                granter=request.user,
                entity=entity,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.MembershipError as error:
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
            return redirect("register:entity_memberships", entity_id=entity.pk)
    return render(
        request, "register/memberships/membership_grant.html", {"entity": entity, "form": form}
    )


@permission_required()
@require_http_methods(["GET", "POST"])
def membership_revoke(request: HttpRequest, entity_id: int, membership_id: int) -> HttpResponse:
    entity = _entity_for(request, entity_id, "register.revoke_membership")
    membership = selectors.membership_active_get(membership_id=membership_id, entity_id=entity.pk)
    if membership is None:
        raise Http404
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
                revoked_by=request.user,
                actor=request.user,
            )
        except services.MembershipError as exc:
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
            return redirect("register:entity_memberships", entity_id=entity.pk)
    return render(
        request,
        "register/memberships/membership_revoke.html",
        {"entity": entity, "membership": membership, "error": error},
        status=400 if error else 200,
    )
