"""Reads of identity data. List querysets are filtered by the same rules as the views:
a filer only ever sees entities they act for."""

from __future__ import annotations

from django.db.models import QuerySet

from regulator.identity.models import Membership, StaffRole, User, UserKind
from regulator.identity.predicates import is_registration_officer


def memberships_active_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("entity")
        .order_by("entity__name", "role")
    )


def memberships_of_entity(*, entity_id: int, include_revoked: bool = False) -> QuerySet[Membership]:
    qs = Membership.objects.filter(entity_id=entity_id).select_related("user", "granted_by")
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return qs.order_by("revoked_at", "user__email", "role")


# Staff roles whose work reads every entity's filed (unpublished) data.
STAFF_ROLES_READING_ALL_ENTITIES = frozenset(
    {
        StaffRole.REGISTRATION_OFFICER,
        StaffRole.FINANCE_ANALYST,
        StaffRole.PUBLICATION_APPROVER,
        StaffRole.INVESTIGATOR,
        StaffRole.CASE_DECISION_MAKER,
    }
)


def entity_ids_visible_to(*, user: User) -> set[int] | None:
    """The entities whose private data ``user`` may see: None means every entity (staff
    whose role reads filings), an empty set nothing (anonymous, API clients, other staff).
    A starting point for list querysets; each area's own permission still decides."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.kind == UserKind.STAFF:
        roles = {str(role) for role in STAFF_ROLES_READING_ALL_ENTITIES}
        return None if user.groups.filter(name__in=roles).exists() else set()
    return set(
        Membership.objects.filter(user=user, revoked_at__isnull=True).values_list(
            "entity_id", flat=True
        )
    )


def staff_roles_of(*, user: User) -> list[str]:
    if not user.is_authenticated or user.kind != UserKind.STAFF:
        return []
    return sorted(user.groups.values_list("name", flat=True))


__all__ = [
    "entity_ids_visible_to",
    "is_registration_officer",
    "memberships_active_for_user",
    "memberships_of_entity",
    "staff_roles_of",
]
