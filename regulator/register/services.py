"""Writes to the register. Every change is recorded in the audit chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.register.models import (
    AccountingUnit,
    EntityStatus,
    EntityType,
    Register,
    RegulatedEntity,
)


@transaction.atomic
def entity_ensure_published(
    *,
    entity_id: int,
    name: str,
    entity_type: EntityType | str,
    register: Register | str = "",
    donee_type: str = "",
    deregistered_on: dt.date | None = None,
    actor: Any,
) -> tuple[RegulatedEntity, bool]:
    """Find the entity with the Commission's published id, or create it from published
    data (history import). Returns (entity, created). An existing entity is not renamed
    here: published names lag behind the register."""
    entity = RegulatedEntity.objects.filter(pk=entity_id).first()
    if entity is not None:
        if deregistered_on and entity.deregistered_on is None:
            entity.deregistered_on = deregistered_on
            entity.status = EntityStatus.DEREGISTERED
            entity.save(update_fields=["deregistered_on", "status", "updated_at"])
            audit_record(
                actor=actor,
                action="register.entity_deregistration_recorded",
                subject=entity,
                payload={"deregistered_on": deregistered_on, "source": "published data"},
            )
        return entity, False
    entity = RegulatedEntity.objects.create(
        pk=entity_id,
        name=name,
        entity_type=entity_type,
        register=register,
        donee_type=donee_type,
        deregistered_on=deregistered_on,
        status=EntityStatus.DEREGISTERED if deregistered_on else EntityStatus.REGISTERED,
    )
    audit_record(
        actor=actor,
        action="register.entity_created_from_published_data",
        subject=entity,
        payload={
            "name": name,
            "entity_type": str(entity_type),
            "register": str(register),
            "donee_type": donee_type,
            "deregistered_on": deregistered_on,
        },
    )
    return entity, True


@transaction.atomic
def accounting_unit_ensure_published(
    *, unit_id: int, entity: RegulatedEntity, name: str, actor: Any
) -> tuple[AccountingUnit, bool]:
    """Find the accounting unit with the published id, or create it under its entity."""
    unit = AccountingUnit.objects.filter(pk=unit_id).first()
    if unit is not None:
        return unit, False
    unit = AccountingUnit.objects.create(pk=unit_id, entity=entity, name=name)
    audit_record(
        actor=actor,
        action="register.accounting_unit_created_from_published_data",
        subject=unit,
        payload={"entity_id": entity.pk, "name": name},
    )
    return unit, True
