"""Writes to the register itself: entities, accounting units, officers, names,
descriptions and emblems. Every change is recorded in the audit chain."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.register.models import (
    AccountingUnit,
    Emblem,
    EntityName,
    IdCounter,
    Officer,
    PartyDescription,
    RegisteredAddress,
    RegulatedEntity,
)
from regulator.register.services.records_seam import emblem_declare
from regulator.register.types import (
    EntityStatus,
    EntityType,
    OfficerRole,
    Register,
)
from regulator.register.validation import (
    RegisterError,
    RegisterErrorCode,
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
    here: published names lag behind the register. An existing entity whose type,
    register or donee type is blank gets the published value (audited as
    ``register.entity_backfilled_from_published_data``): the validation rules depend on
    them (a Northern Ireland party's Irish sources, a members association's threshold).
    A value already held is never overwritten."""
    entity = RegulatedEntity.objects.filter(pk=entity_id).first()
    if entity is not None:
        filled = {
            name: str(value)
            for name, value in (
                ("entity_type", entity_type),
                ("register", register),
                ("donee_type", donee_type),
            )
            if value and not getattr(entity, name)
        }
        if filled:
            for name, value in filled.items():
                setattr(entity, name, value)
            entity.save(update_fields=[*filled, "updated_at"])
            audit_record(
                actor=actor,
                action="register.entity_backfilled_from_published_data",
                subject=entity,
                payload={**filled, "source": "published data"},
            )
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


# --- Ids -----------------------------------------------------------------------------


def _id_allocate(sequence: str, model: type[models.Model]) -> int:
    """The next id in a number space, above every id already used (published ids
    included) and the configured floor. The counter row is locked, so two concurrent
    registrations never get the same id."""
    with transaction.atomic():
        IdCounter.objects.get_or_create(sequence=sequence)
        counter = IdCounter.objects.select_for_update().get(sequence=sequence)
        highest = model._default_manager.aggregate(highest=Max("pk"))["highest"] or 0
        new_id = (
            max(counter.last_id, highest, int(getattr(settings, "REGISTER_NEW_ID_FLOOR", 100_000)))
            + 1
        )
        counter.last_id = new_id
        counter.save(update_fields=["last_id"])
    return new_id


def entity_id_allocate() -> int:
    return _id_allocate("entity", RegulatedEntity)


def accounting_unit_id_allocate() -> int:
    return _id_allocate("accounting-unit", AccountingUnit)


# --- The register itself ---------------------------------------------------------------


@transaction.atomic
def entity_register(
    *,
    name: str,
    entity_type: EntityType | str,
    register: Register | str = "",
    donee_type: str = "",
    registered_on: dt.date,
    address: dict[str, str] | None = None,
    entity_id: int | None = None,
    actor: Any,
) -> RegulatedEntity:
    """Enter a new entity on the register (with its first name and address)."""
    entity = RegulatedEntity.objects.create(
        pk=entity_id or entity_id_allocate(),
        name=name,
        entity_type=entity_type,
        register=register,
        donee_type=donee_type,
        registered_on=registered_on,
        status=EntityStatus.REGISTERED,
    )
    EntityName.objects.create(entity=entity, name=name, valid_from=registered_on)
    if address:
        RegisteredAddress.objects.create(entity=entity, **address)
    audit_record(
        actor=actor,
        action="register.entity_registered",
        subject=entity,
        payload={
            "entity_id": entity.pk,
            "name": name,
            "entity_type": str(entity_type),
            "register": str(register),
            "donee_type": donee_type,
            "registered_on": registered_on,
            "address": address or {},
        },
    )
    return entity


@transaction.atomic
def officer_appoint(
    *,
    entity: RegulatedEntity,
    role: OfficerRole | str,
    full_name: str,
    appointed_on: dt.date,
    actor: Any,
) -> Officer:
    """Appoint an officer; the current holder of a single-holder role stands down the
    same day."""
    current = Officer.objects.filter(entity=entity, role=role, ended_on__isnull=True)
    for previous in current:
        previous.ended_on = appointed_on
        previous.save(update_fields=["ended_on"])
        audit_record(
            actor=actor,
            action="register.officer_ended",
            subject=previous,
            payload={"entity_id": entity.pk, "role": str(role), "ended_on": appointed_on},
        )
    officer = Officer.objects.create(
        entity=entity, role=role, full_name=full_name, appointed_on=appointed_on
    )
    audit_record(
        actor=actor,
        action="register.officer_appointed",
        subject=officer,
        payload={
            "entity_id": entity.pk,
            "role": str(role),
            "full_name": full_name,
            "appointed_on": appointed_on,
        },
    )
    return officer


@transaction.atomic
def accounting_unit_add(
    *, entity: RegulatedEntity, name: str, unit_id: int | None = None, actor: Any
) -> AccountingUnit:
    unit = AccountingUnit.objects.create(
        pk=unit_id or accounting_unit_id_allocate(), entity=entity, name=name
    )
    audit_record(
        actor=actor,
        action="register.accounting_unit_added",
        subject=unit,
        payload={"entity_id": entity.pk, "name": name},
    )
    return unit


@transaction.atomic
def entity_rename(
    *, entity: RegulatedEntity, name: str, on: dt.date, actor: Any
) -> RegulatedEntity:
    """Rename an entity: it keeps its id, and its old name stays in its history."""
    old_name = entity.name
    EntityName.objects.filter(entity=entity, valid_to__isnull=True).update(valid_to=on)
    EntityName.objects.create(entity=entity, name=name, valid_from=on)
    entity.name = name
    entity.save(update_fields=["name", "updated_at"])
    audit_record(
        actor=actor,
        action="register.entity_renamed",
        subject=entity,
        payload={"entity_id": entity.pk, "old_name": old_name, "name": name, "on": on},
    )
    return entity


@transaction.atomic
def entity_deregister(*, entity: RegulatedEntity, on: dt.date, actor: Any) -> RegulatedEntity:
    """Record deregistration as a date and a status (never folded into the name)."""
    if entity.status == EntityStatus.DEREGISTERED:
        raise RegisterError(
            _("This entity is already deregistered"),
            code=RegisterErrorCode.ENTITY_DEREGISTERED,
        )
    entity.status = EntityStatus.DEREGISTERED
    entity.deregistered_on = on
    entity.save(update_fields=["status", "deregistered_on", "updated_at"])
    Officer.objects.filter(entity=entity, ended_on__isnull=True).update(ended_on=on)
    audit_record(
        actor=actor,
        action="register.entity_deregistered",
        subject=entity,
        payload={"entity_id": entity.pk, "deregistered_on": on},
    )
    return entity


@transaction.atomic
def description_add(
    *, entity: RegulatedEntity, text: str, approved_on: dt.date, actor: Any
) -> PartyDescription:
    description = PartyDescription.objects.create(entity=entity, text=text, approved_on=approved_on)
    audit_record(
        actor=actor,
        action="register.description_approved",
        subject=description,
        payload={"entity_id": entity.pk, "text": text, "approved_on": approved_on},
    )
    return description


@transaction.atomic
def emblem_add(
    *,
    entity: RegulatedEntity,
    image: Any,
    content_type: str,
    description: str,
    approved_on: dt.date,
    actor: Any,
) -> Emblem:
    """Approve an emblem (an already-verified image file) for the entity."""
    emblem = Emblem(
        entity=entity, description=description, content_type=content_type, approved_on=approved_on
    )
    if isinstance(image, str):
        emblem.image.name = image
    else:
        emblem.image.save(f"{entity.pk}-{secrets.token_hex(8)}", image, save=False)
    emblem.save()
    emblem_declare(emblem=emblem, actor=actor)
    audit_record(
        actor=actor,
        action="register.emblem_approved",
        subject=emblem,
        payload={
            "entity_id": entity.pk,
            "description": description,
            "file": emblem.image.name,
            "approved_on": approved_on,
        },
    )
    return emblem
