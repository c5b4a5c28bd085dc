"""Writes to identity: memberships, staff roles, API keys. Every change is recorded in
the audit chain, in the same transaction as the change."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.types import Actor
from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.errors import InvalidValueError
from regulator.identity.errors import IdentityError
from regulator.identity.models import (
    GRANTING_ROLES,
    ApiKey,
    Membership,
    MembershipRole,
    StaffRole,
    User,
    UserKind,
)
from regulator.register.models import RegulatedEntity

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


class IdentityServiceError(InvalidValueError):
    """A refused identity change; ``code`` is an ``IdentityError``."""


@transaction.atomic
def membership_grant(
    *,
    user: User,
    entity: RegulatedEntity,
    role: MembershipRole | str,
    granted_by: User | None,
    actor: Any,
) -> Membership:
    """Let ``user`` act for ``entity`` in ``role``. Granting an active membership again
    returns it unchanged. Permission to grant is checked by the caller's view
    (``identity.grant_membership``) or is the register's approval."""
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


def grantable_roles_for(*, granter: User, entity: RegulatedEntity) -> list[MembershipRole]:
    """The roles ``granter`` may grant for ``entity`` (empty when they may grant none)."""
    if granter.has_perm("identity.grant_any_membership_role", entity):
        return list(MembershipRole)
    if granter.has_perm("identity.grant_membership", entity):
        return [role for role in MembershipRole if role in MEMBER_GRANTABLE_ROLES]
    return []


@transaction.atomic
def membership_grant_by_email(
    *, granter: User, entity: RegulatedEntity, email: str, role: str
) -> Membership:
    """A treasurer, responsible person or registration officer grants a membership to
    the filer account with this email address. The caller has checked
    ``identity.grant_membership``; the role must be one ``granter`` may grant."""
    if role not in {str(r) for r in grantable_roles_for(granter=granter, entity=entity)}:
        raise IdentityServiceError(
            _("You cannot grant this role."), code=IdentityError.ROLE_NOT_GRANTABLE
        )
    user = User.objects.filter(
        email__iexact=email.strip(), kind=UserKind.FILER, is_active=True
    ).first()
    if user is None:
        raise IdentityServiceError(
            _(
                "No filer account uses this email address. Ask the person to create an "
                "account first, then grant the membership."
            ),
            code=IdentityError.NO_FILER_ACCOUNT,
        )
    if Membership.objects.filter(
        user=user, entity=entity, role=role, revoked_at__isnull=True
    ).exists():
        raise IdentityServiceError(
            _("This person already has this role for this entity."),
            code=IdentityError.ALREADY_MEMBER,
        )
    return membership_grant(user=user, entity=entity, role=role, granted_by=granter, actor=granter)


@transaction.atomic
def membership_revoke(*, membership: Membership, revoked_by: User | None, actor: Any) -> Membership:
    """End a membership. It stays in the table with ``revoked_at`` set."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.revoked_at is not None:
        raise IdentityServiceError(
            _("This membership has already been revoked."),
            code=IdentityError.MEMBERSHIP_NOT_ACTIVE,
        )
    if (
        revoked_by is not None
        and membership.user_id == revoked_by.pk
        and membership.role in GRANTING_ROLES
    ):
        raise IdentityServiceError(
            _("You cannot revoke your own membership. Ask the Commission to do this."),
            code=IdentityError.CANNOT_REVOKE_OWN,
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


@dataclass(frozen=True)
class RoleChange:
    granted: tuple[str, ...]
    removed: tuple[str, ...]
    unknown: tuple[str, ...]


@transaction.atomic
def staff_roles_sync(*, user: User, claimed_roles: Iterable[str], actor: Any) -> RoleChange:
    """Make the user's groups exactly the known roles of the directory's ``roles`` claim.

    Unknown role names are ignored (and recorded); a role missing from the claim is
    removed. ``platform-admin`` also opens the Django admin (``is_staff``)."""
    known = {str(role) for role in StaffRole}
    claimed = {str(role) for role in claimed_roles}
    wanted = claimed & known
    unknown = tuple(sorted(claimed - known))
    current = set(user.groups.filter(name__in=known).values_list("name", flat=True))
    granted = tuple(sorted(wanted - current))
    removed = tuple(sorted(current - wanted))
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    for name in granted:
        group, _created = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    is_staff = StaffRole.PLATFORM_ADMIN in wanted
    if user.is_staff != is_staff or user.kind != UserKind.STAFF:
        user.is_staff = is_staff
        user.kind = UserKind.STAFF
        user.save(update_fields=["is_staff", "kind"])
    if granted or removed:
        audit_record(
            actor=actor,
            action="identity.staff_roles_changed",
            subject=user,
            payload={"granted": list(granted), "removed": list(removed)},
        )
    if unknown:
        audit_record(
            actor=actor,
            action="identity.unknown_roles_ignored",
            subject=user,
            payload={"roles": [role[:64] for role in unknown[:20]]},
        )
    return RoleChange(granted=granted, removed=removed, unknown=unknown)


@transaction.atomic
def user_disable(*, user: User, actor: Any, reason: str = "") -> User:
    """Disable an account (e.g. the directory reported a leaver). Its sessions stop
    working at the next request: an inactive user is never loaded from a session."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="identity.user_disabled",
            subject=user,
            payload={"reason": reason[:200]},
        )
    return user


# --- API keys ---------------------------------------------------------------------------

API_KEY_PREFIX_LENGTH = 8


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_key_issue(*, name: str, email: str, actor: Any) -> tuple[ApiKey, str]:
    """Create a key and return it with its plain text, which is never stored: the caller
    shows it once and emails it."""
    name = name.strip()
    email = email.strip()
    if not name or not email:
        raise IdentityServiceError(_("Enter a name and an email address."), code="required")
    while True:
        prefix = secrets.token_hex(API_KEY_PREFIX_LENGTH // 2)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            break
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        prefix=prefix, key_hash=_key_hash(key), name=name[:200], email=email, created_at=clock.now()
    )
    audit_record(
        actor=actor,
        action="identity.api_key_issued",
        subject=api_key,
        payload={"prefix": prefix, "name": api_key.name},
    )
    return api_key, key


def api_key_check(key: str) -> ApiKey | None:
    """The active key matching this plain text, or None. Constant-time comparison."""
    prefix, _sep, _rest = key.partition(".")
    if len(prefix) != API_KEY_PREFIX_LENGTH:
        return None
    api_key = ApiKey.objects.filter(prefix=prefix).first()
    if api_key is None or not hmac.compare_digest(api_key.key_hash, _key_hash(key)):
        return None
    return api_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor: Any) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = clock.now()
        api_key.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="identity.api_key_revoked",
            subject=api_key,
            payload={"prefix": api_key.prefix},
        )
    return api_key


def system_actor(command: str) -> Actor:
    return Actor.system(f"manage.py {command}")
