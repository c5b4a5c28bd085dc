"""Reads of the register. Public reads see registered and deregistered entities and
never an applicant's private details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from regulator.audit.models import AuditEvent
from regulator.core import clock
from regulator.register.models import (
    Application,
    ApplicationStatus,
    Emblem,
    EntityName,
    EntityStatus,
    RegulatedEntity,
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


def entity_public_get(pk: int) -> RegulatedEntity | None:
    return (
        entities_public()
        .select_related("address")
        .prefetch_related("officers", "accounting_units", "descriptions", "names", "emblems")
        .filter(pk=pk)
        .first()
    )


def emblem_public_get(pk: int) -> Emblem | None:
    """An emblem the public may see: approved, of a public entity."""
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


def entity_history(entity: RegulatedEntity) -> QuerySet[AuditEvent]:
    """Every recorded change to the entity and its officers, units, names, emblems,
    applications and memberships: each event names the entity in its payload."""
    return AuditEvent.objects.filter(
        Q(subject_type="register.regulatedentity", subject_id=str(entity.pk))
        | Q(payload__entity_id=entity.pk)
    ).order_by("seq")
