"""Reads of identity data, and the ``rules`` predicates about who a user is (the staff
roles from the directory) that every area builds its named permissions from, e.g.

    rules.add_perm("filings.review_return", is_finance_analyst)

Predicates about acting for a regulated entity are the register's (memberships)."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth import get_user_model

from regulator.identity.models import ApiKey, User
from regulator.identity.types import StaffRole, UserKind


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


@rules.predicate
def is_filer(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and getattr(user, "kind", None) == UserKind.FILER
    )


is_registration_officer = has_staff_role(StaffRole.REGISTRATION_OFFICER)
is_finance_analyst = has_staff_role(StaffRole.FINANCE_ANALYST)
is_publication_approver = has_staff_role(StaffRole.PUBLICATION_APPROVER)
is_investigator = has_staff_role(StaffRole.INVESTIGATOR)
is_case_decision_maker = has_staff_role(StaffRole.CASE_DECISION_MAKER)
is_contacts_manager = has_staff_role(StaffRole.CONTACTS_MANAGER)
is_records_manager = has_staff_role(StaffRole.RECORDS_MANAGER)
is_performance_viewer = has_staff_role(StaffRole.PERFORMANCE_VIEWER)
is_platform_admin = has_staff_role(StaffRole.PLATFORM_ADMIN)


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


def staff_reads_every_entity(*, user: Any) -> bool:
    """Whether ``user`` is staff whose role reads every entity's filed data."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "kind", None) != UserKind.STAFF:
        return False
    roles = {str(role) for role in STAFF_ROLES_READING_ALL_ENTITIES}
    return bool(user.groups.filter(name__in=roles).exists())


def staff_roles_of(*, user: Any) -> list[str]:
    if not getattr(user, "is_authenticated", False) or user.kind != UserKind.STAFF:
        return []
    return sorted(user.groups.values_list("name", flat=True))


def user_is_filer(*, user: Any) -> bool:
    return bool(is_filer(user))


def user_is_staff(*, user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.kind == UserKind.STAFF


def filer_active_by_email(*, email: str) -> User | None:
    """The active filer account with this email address (any case), or None."""
    return (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), kind=UserKind.FILER, is_active=True)
        .first()
    )


def user_by_email(*, email: str) -> User | None:
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def user_by_id(*, user_id: int) -> User | None:
    return get_user_model().objects.filter(pk=user_id).first()


def api_key_active_count(*, email: str) -> int:
    return ApiKey.objects.filter(email__iexact=email, revoked_at__isnull=True).count()


def api_key_active_get(*, key: str) -> ApiKey | None:
    """The active (not revoked) API key whose plain text is ``key``, or None (the
    disclosure area's webhook pages identify a key holder by their key)."""
    from regulator.identity.services import api_key_check

    found = api_key_check(key.strip())
    return found if found is not None and found.is_active else None


def api_key_get(*, pk: int) -> ApiKey | None:
    return ApiKey.objects.filter(pk=pk, revoked_at__isnull=True).first()


def staff_with_role(*, role: StaffRole | str) -> list[User]:
    """Active staff users holding a directory role (e.g. to email performance viewers)."""
    return list(
        User.objects.filter(kind=UserKind.STAFF, is_active=True, groups__name=str(role)).order_by(
            "pk"
        )
    )
