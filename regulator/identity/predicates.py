"""Predicates for ``rules``: the building blocks of every named permission.

Each area declares its permissions in ``regulator/<area>/rules.py`` from these, e.g.

    rules.add_perm("filings.submit_return", is_declaring_member_of_entity)

and checks them with ``user.has_perm("filings.submit_return", obj)``. An object passed to
an entity predicate is a ``RegulatedEntity`` or anything with an ``entity`` attribute or
an ``entity_id``.
"""

from __future__ import annotations

from typing import Any

import rules

from regulator.identity.models import DECLARING_ROLES, GRANTING_ROLES, StaffRole, UserKind


def entity_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    from regulator.register.models import RegulatedEntity

    if isinstance(obj, RegulatedEntity):
        return int(obj.pk)
    if getattr(obj, "entity_id", None) is not None:
        return int(obj.entity_id)
    entity = getattr(obj, "entity", None)
    return int(entity.pk) if entity is not None else None


def active_roles_for(user: Any, entity_id: int) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = getattr(user, "_membership_roles_cache", None)
    if cache is None:
        cache = {}
        for membership_entity, role in user.memberships.filter(revoked_at__isnull=True).values_list(
            "entity_id", "role"
        ):
            cache.setdefault(membership_entity, set()).add(role)
        user._membership_roles_cache = cache
    return set(cache.get(entity_id, set()))


def has_staff_role(role: StaffRole | str) -> rules.Predicate:
    role_name = str(role)

    @rules.predicate(name=f"has_staff_role:{role_name}")
    def predicate(user: Any) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if getattr(user, "kind", None) != UserKind.STAFF:
            return False
        return user.groups.filter(name=role_name).exists()

    return predicate


def _member_with(roles_allowed: frozenset[str] | None, name: str) -> rules.Predicate:
    @rules.predicate(name=name)
    def predicate(user: Any, obj: Any) -> bool:
        entity_id = entity_id_of(obj)
        if entity_id is None:
            return False
        roles = active_roles_for(user, entity_id)
        return bool(roles) if roles_allowed is None else bool(roles & roles_allowed)

    return predicate


is_member_of_entity = _member_with(None, "is_member_of_entity")
is_declaring_member_of_entity = _member_with(DECLARING_ROLES, "is_declaring_member_of_entity")
is_granting_member_of_entity = _member_with(GRANTING_ROLES, "is_granting_member_of_entity")

is_registration_officer = has_staff_role(StaffRole.REGISTRATION_OFFICER)
is_finance_analyst = has_staff_role(StaffRole.FINANCE_ANALYST)
is_publication_approver = has_staff_role(StaffRole.PUBLICATION_APPROVER)
is_investigator = has_staff_role(StaffRole.INVESTIGATOR)
is_platform_admin = has_staff_role(StaffRole.PLATFORM_ADMIN)
