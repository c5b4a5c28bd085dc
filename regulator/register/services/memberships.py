"""Writes to memberships: who may act for which regulated entity, in which role. A
membership is granted by a registration officer, by the register's approval of an
application, or by the entity's treasurer or responsible person; it is revoked, never
deleted. Every change is recorded in the audit chain, under the action names it had when
memberships were the identity area's (``identity.membership_granted``, ``..._revoked``),
so that the chain's history of who could act for whom reads as one."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.errors import InvalidValueError
from regulator.identity import selectors as identity_selectors
from regulator.register.models import Membership, RegulatedEntity
from regulator.register.types import GRANTING_ROLES, MembershipRole


class MembershipErrorCode(StrEnum):
    NO_FILER_ACCOUNT = "no-filer-account"
    ROLE_NOT_GRANTABLE = "role-not-grantable"
    ALREADY_MEMBER = "already-member"
    MEMBERSHIP_NOT_ACTIVE = "membership-not-active"
    CANNOT_REVOKE_OWN = "cannot-revoke-own"


class MembershipError(InvalidValueError):
    """A refused membership change; ``code`` is a ``MembershipErrorCode``."""


# Roles a treasurer or responsible person may hand out; the registered roles themselves
# (treasurer, responsible person, donee) are granted only by a registration officer.
MEMBER_GRANTABLE_ROLES = frozenset(
    {
        MembershipRole.DEPUTY_TREASURER,
        MembershipRole.CAMPAIGNS_OFFICER,
        MembershipRole.AGENT,
        MembershipRole.VIEWER,
    }
)


@transaction.atomic
def membership_grant(
    *,
    user: Any,
    entity: RegulatedEntity,
    role: MembershipRole | str,
    granted_by: Any,
    actor: Any,
) -> Membership:
    """Let ``user`` act for ``entity`` in ``role``. Granting an active membership again
    returns it unchanged. Permission to grant is checked by the caller's view
    (``register.grant_membership``) or is the register's approval."""
    existing = Membership.objects.filter(
        user=user, entity=entity, role=role, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    membership = Membership.objects.create(
        user=user, entity=entity, role=role, granted_by=granted_by, granted_at=clock.now()
    )
    audit_record(
        actor=actor,
        action="identity.membership_granted",
        subject=membership,
        payload={"user_id": user.pk, "entity_id": entity.pk, "role": str(role)},
    )
    return membership


def grantable_roles_for(*, granter: Any, entity: RegulatedEntity) -> list[MembershipRole]:
    """The roles ``granter`` may grant for ``entity`` (empty when they may grant none)."""
    if granter.has_perm("register.grant_any_membership_role", entity):
        return list(MembershipRole)
    if granter.has_perm("register.grant_membership", entity):
        return [role for role in MembershipRole if role in MEMBER_GRANTABLE_ROLES]
    return []


@transaction.atomic
def membership_grant_by_email(
    *, granter: Any, entity: RegulatedEntity, email: str, role: str
) -> Membership:
    """A treasurer, responsible person or registration officer grants a membership to
    the filer account with this email address. The caller has checked
    ``register.grant_membership``; the role must be one ``granter`` may grant."""
    if role not in {str(r) for r in grantable_roles_for(granter=granter, entity=entity)}:
        raise MembershipError(
            _("You cannot grant this role."), code=MembershipErrorCode.ROLE_NOT_GRANTABLE
        )
    user = identity_selectors.filer_active_by_email(email=email)
    if user is None:
        raise MembershipError(
            _(
                "No filer account uses this email address. Ask the person to create an "
                "account first, then grant the membership."
            ),
            code=MembershipErrorCode.NO_FILER_ACCOUNT,
        )
    if Membership.objects.filter(
        user=user, entity=entity, role=role, revoked_at__isnull=True
    ).exists():
        raise MembershipError(
            _("This person already has this role for this entity."),
            code=MembershipErrorCode.ALREADY_MEMBER,
        )
    return membership_grant(user=user, entity=entity, role=role, granted_by=granter, actor=granter)


@transaction.atomic
def membership_revoke(*, membership: Membership, revoked_by: Any, actor: Any) -> Membership:
    """End a membership. It stays in the table with ``revoked_at`` set."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.revoked_at is not None:
        raise MembershipError(
            _("This membership has already been revoked."),
            code=MembershipErrorCode.MEMBERSHIP_NOT_ACTIVE,
        )
    if (
        revoked_by is not None
        and membership.user_id == revoked_by.pk
        and membership.role in GRANTING_ROLES
    ):
        raise MembershipError(
            _("You cannot revoke your own membership. Ask the Commission to do this."),
            code=MembershipErrorCode.CANNOT_REVOKE_OWN,
        )
    membership.revoked_at = clock.now()
    membership.revoked_by = revoked_by
    membership.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        action="identity.membership_revoked",
        subject=membership,
        payload={
            "user_id": membership.user_id,
            "entity_id": membership.entity_id,
            "role": membership.role,
        },
    )
    return membership
