"""Writes to identity: memberships (and, with the identity issue, sign-in records,
API keys and roles). Every change is recorded in the audit chain."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.identity.models import Membership, MembershipRole, User
from regulator.register.models import RegulatedEntity


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
