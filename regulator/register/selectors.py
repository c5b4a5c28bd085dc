"""Reads of the register. Public reads see registered and deregistered entities and
never an applicant's private details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from regulator.audit import selectors as audit_selectors
from regulator.core import clock
from regulator.core.api.params import id_in_range
from regulator.identity import selectors as identity_selectors
from regulator.register.models import (
    AccountingUnit,
    Application,
    Emblem,
    EntityName,
    Membership,
    RegisteredAddress,
    RegulatedEntity,
)
from regulator.register.types import (
    DECLARING_ROLES,
    GRANTING_ROLES,
    WRITING_ROLES,
    ApplicationStatus,
    EntityStatus,
    Register,
)

PUBLIC_STATUSES = (EntityStatus.REGISTERED, EntityStatus.DEREGISTERED)


def entities_public() -> QuerySet[RegulatedEntity]:
    return RegulatedEntity.objects.filter(status__in=PUBLIC_STATUSES)


def entity_list(
    *,
    q: str = "",
    entity_types: list[str] | None = None,
    registers: list[str] | None = None,
    statuses: list[str] | None = None,
    ids: list[int] | None = None,
    donee_types: list[str] | None = None,
) -> QuerySet[RegulatedEntity]:
    """Search the public register: name (current or former), type, register, status."""
    entities = entities_public()
    q = " ".join(q.split())
    if q:
        former = EntityName.objects.filter(entity=OuterRef("pk"), name__icontains=q)
        entities = entities.filter(Q(name__icontains=q) | Exists(former))
    if entity_types:
        entities = entities.filter(entity_type__in=entity_types)
    if registers:
        entities = entities.filter(register__in=registers)
    if statuses:
        entities = entities.filter(status__in=statuses)
    if ids:
        entities = entities.filter(pk__in=ids)
    if donee_types:
        entities = entities.filter(donee_type__in=donee_types)
    return entities


def entities_all() -> QuerySet[RegulatedEntity]:
    """Every entity in any state (to look ids up: public pages filter what they show)."""
    return RegulatedEntity.objects.all()


def accounting_units_all() -> QuerySet[AccountingUnit]:
    return AccountingUnit.objects.all()


def entity_get(*, entity_id: int) -> RegulatedEntity | None:
    """An entity in any state (staff and its own members' pages; check permission)."""
    if not id_in_range(int(entity_id)):
        return None  # a 30-digit number is no entity (and no database error either)
    return RegulatedEntity.objects.filter(pk=entity_id).first()


# Postcode areas in Scotland and Northern Ireland (TD and a few others straddle the border:
# the area's main part decides).
_SCOTTISH_AREAS = frozenset(
    {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"}
)


def entity_nation(*, entity_id: int) -> str:
    """The part of the UK whose bank holidays the entity's deadlines follow:
    ``northern-ireland`` for the Northern Ireland register; ``scotland`` when its registered
    address is in a Scottish postcode area, else ``england-and-wales``; for an entity on no
    register, its address decides (BT: Northern Ireland), and "" when nothing says."""
    entity = RegulatedEntity.objects.filter(pk=entity_id).first()
    if entity is None:
        return ""
    if entity.register == Register.NORTHERN_IRELAND:
        return "northern-ireland"
    address = RegisteredAddress.objects.filter(entity_id=entity_id).first()
    postcode = "".join((address.postcode if address else "").split()).upper()
    area = postcode[:2] if postcode[1:2].isalpha() else postcode[:1]
    if area == "BT" and entity.register != Register.GREAT_BRITAIN:
        return "northern-ireland"
    if area in _SCOTTISH_AREAS:
        return "scotland"
    if entity.register == Register.GREAT_BRITAIN or postcode:
        return "england-and-wales"
    return ""


def entity_public_get(pk: int) -> RegulatedEntity | None:
    if not id_in_range(int(pk)):
        return None
    return (
        entities_public()
        .select_related("address")
        .prefetch_related("officers", "accounting_units", "descriptions", "names", "emblems")
        .filter(pk=pk)
        .first()
    )


def emblem_public_get(pk: int) -> Emblem | None:
    """An emblem the public may see: approved, of a public entity."""
    if not id_in_range(int(pk)):
        return None
    return (
        Emblem.objects.filter(pk=pk, approved_on__isnull=False, entity__status__in=PUBLIC_STATUSES)
        .select_related("entity")
        .first()
    )


@dataclass(frozen=True)
class QueueItem:
    application: Application
    age_days: int
    target_days: int

    @property
    def overdue(self) -> bool:
        return self.age_days > self.target_days

    @property
    def days_left(self) -> int:
        return self.target_days - self.age_days


def application_queue() -> list[QueueItem]:
    """Applications awaiting a decision, oldest first, with their age against the
    service-level target (calendar days, Europe/London)."""
    target = int(getattr(settings, "REGISTER_APPLICATION_TARGET_DAYS", 30))
    today = clock.local_today()
    items = []
    for application in (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("applicant", "entity")
        .order_by("submitted_at", "id")
    ):
        assert application.submitted_at is not None
        submitted = clock.to_local(application.submitted_at).date()
        items.append(QueueItem(application, (today - submitted).days, target))
    return items


def applications_of(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related("entity").order_by("-id")


def entity_history(entity: RegulatedEntity) -> QuerySet[Any]:
    """Every recorded change to the entity and its officers, units, names, emblems,
    applications and memberships: each event names the entity in its payload."""
    return audit_selectors.event_list_naming(subject=entity, payload_key="entity_id")


# --- Memberships: who acts for which entity --------------------------------------------
# The predicates other areas build their permissions from; an object passed to an entity
# predicate is a ``RegulatedEntity`` or anything with an ``entity_id`` or ``entity``.


def entity_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, RegulatedEntity):
        return int(obj.pk)
    if getattr(obj, "entity_id", None) is not None:
        return int(obj.entity_id)
    entity = getattr(obj, "entity", None)
    return int(entity.pk) if entity is not None else None


def active_roles_for(user: Any, entity_id: int) -> set[str]:
    """The roles ``user`` holds for the entity now; read once per request and user."""
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
# Members who may change their entity's returns: not the read-only viewer and agent.
is_writing_member_of_entity = _member_with(WRITING_ROLES, "is_writing_member_of_entity")


def memberships_active_for_user(*, user: Any) -> QuerySet[Membership]:
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


def membership_active_get(*, membership_id: int, entity_id: int) -> Membership | None:
    return (
        Membership.objects.select_related("user")
        .filter(pk=membership_id, entity_id=entity_id, revoked_at__isnull=True)
        .first()
    )


def entity_ids_for_member(*, user: Any) -> set[int]:
    """The entities ``user`` acts for now, in any role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(user=user, revoked_at__isnull=True).values_list(
            "entity_id", flat=True
        )
    )


def entities_for_member(*, user: Any) -> QuerySet[RegulatedEntity]:
    """The entities ``user`` acts for now, by name."""
    return RegulatedEntity.objects.filter(pk__in=entity_ids_for_member(user=user)).order_by("name")


def entity_ids_visible_to(*, user: Any) -> set[int] | None:
    """The entities whose private data ``user`` may see: None means every entity (staff
    whose role reads filings), an empty set nothing (anonymous, API clients, other staff).
    A starting point for list querysets; each area's own permission still decides."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if identity_selectors.user_is_staff(user=user):
        return None if identity_selectors.staff_reads_every_entity(user=user) else set()
    return entity_ids_for_member(user=user)


def member_roles(*, user: Any, entity_id: int) -> set[str]:
    """The roles ``user`` holds for the entity now."""
    return active_roles_for(user, entity_id)


def declaring_role_of(*, user: Any, entity_id: int) -> str | None:
    """The role in which ``user`` may make the statutory declaration for the entity's
    returns (the first, alphabetically, of their declaring roles), or None."""
    roles = set(
        Membership.objects.filter(
            user=user, entity_id=entity_id, revoked_at__isnull=True
        ).values_list("role", flat=True)
    )
    found = sorted(roles & {str(role) for role in DECLARING_ROLES})
    return found[0] if found else None


def member_emails_with_roles(*, entity_id: int, roles: frozenset[str]) -> list[str]:
    """Email addresses of the entity's active members in these roles (for reminders)."""
    return sorted(
        set(
            Membership.objects.filter(
                entity_id=entity_id, role__in=roles, revoked_at__isnull=True, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )


# --- Performance measures, read by regulator.reporting by dotted name -------------------


def _decided(start: Any, end: Any, as_of: Any) -> QuerySet[Application]:
    """Applications an officer decided (approved or refused) on a London date in the
    period, decided by ``as_of``."""
    import datetime as dt

    zone = clock.local_zone()
    low = dt.datetime.combine(start, dt.time(0), tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return Application.objects.filter(
        decided_by__isnull=False,
        submitted_at__isnull=False,
        decided_at__gte=low,
        decided_at__lt=high,
        decided_at__lte=as_of,
    ).order_by("decided_at", "pk")


def applications_decided(*, start: Any, end: Any, as_of: Any) -> QuerySet[Application]:
    """Registration applications decided by an officer in the period."""
    return _decided(start, end, as_of)


def applications_decided_within_target(
    *, start: Any, end: Any, as_of: Any, working_days: int
) -> QuerySet[Application]:
    """Of those, the ones decided within ``working_days`` working days (England and
    Wales) of their submission, counted in London dates."""
    from regulator.core.workdays import working_days_between

    decided = _decided(start, end, as_of)
    within = []
    for application in decided:
        submitted, decided_at = application.submitted_at, application.decided_at
        assert submitted is not None
        assert decided_at is not None
        days = working_days_between(
            clock.to_local(submitted).date(), clock.to_local(decided_at).date()
        )
        if days <= working_days:
            within.append(application.pk)
    return decided.filter(pk__in=within)


def entity_name_candidates() -> list[tuple[int, str, str]]:
    """Every name a regulated entity goes or went by, for matching outside names to the
    register: (entity id, name, "current" | "former" | "accounting-unit")."""
    rows = [(pk, name, "current") for pk, name in RegulatedEntity.objects.values_list("pk", "name")]
    rows += [
        (entity_id, name, "former")
        for entity_id, name in EntityName.objects.values_list("entity_id", "name")
    ]
    rows += [
        (entity_id, name, "accounting-unit")
        for entity_id, name in AccountingUnit.objects.values_list("entity_id", "name")
    ]
    return rows
