"""Writes to the register. Every change is recorded in the audit chain."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.identity.models import MembershipRole
from regulator.register.models import (
    NEW_ENTITY_KINDS,
    AccountingUnit,
    Application,
    ApplicationKind,
    ApplicationStatus,
    Emblem,
    EntityName,
    EntityStatus,
    EntityType,
    IdCounter,
    Officer,
    OfficerRole,
    PartyDescription,
    Register,
    RegisteredAddress,
    RegulatedEntity,
)
from regulator.register.validation import (
    RegisterError,
    RegisterErrorCode,
    emblem_check,
    party_name_check,
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


# --- Applications ------------------------------------------------------------------------

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _reference_new() -> str:
    while True:
        reference = "RA-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
        if not Application.objects.filter(reference=reference).exists():
            return reference


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise RegisterError(
            _("This application has been sent and can no longer be changed"),
            code=RegisterErrorCode.NOT_EDITABLE,
        )


def _require_awaiting_decision(application: Application) -> None:
    if application.status != ApplicationStatus.SUBMITTED:
        raise RegisterError(
            _("This application is not awaiting a decision"),
            code=RegisterErrorCode.NOT_AWAITING_DECISION,
        )


@transaction.atomic
def application_start(
    *,
    applicant: Any,
    kind: ApplicationKind | str,
    entity: RegulatedEntity | None = None,
    actor: Any,
) -> Application:
    """Open a draft application: a new registration, or a change to ``entity``."""
    kind = ApplicationKind(kind)
    if kind in NEW_ENTITY_KINDS:
        entity = None
    elif entity is None:
        raise ValueError("a change needs the entity it changes")
    elif entity.status == EntityStatus.DEREGISTERED:
        raise RegisterError(
            _("This entity is deregistered and cannot be changed"),
            code=RegisterErrorCode.ENTITY_DEREGISTERED,
        )
    application = Application.objects.create(
        reference=_reference_new(), kind=kind, applicant=applicant, entity=entity
    )
    audit_record(
        actor=actor,
        action="register.application_started",
        subject=application,
        payload={
            "reference": application.reference,
            "kind": str(kind),
            "entity_id": entity.pk if entity else None,
        },
    )
    return application


@transaction.atomic
def application_answers_save(
    *, application: Application, step: str, answers: dict[str, Any], actor: Any
) -> Application:
    """Store one question page's answers (already validated by its form)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(application)
    application.answers = {**application.answers, **answers}
    application.save(update_fields=["answers", "updated_at"])
    audit_record(
        actor=actor,
        action="register.application_answers_saved",
        subject=application,
        payload={
            "reference": application.reference,
            "step": step,
            "answers": answers,
            "entity_id": application.entity_id,
        },
    )
    return application


@transaction.atomic
def application_emblem_save(
    *, application: Application, upload: Any, description: str, actor: Any
) -> Application:
    """Attach a verified emblem image (PNG or JPEG within the limits) to a draft."""
    content_type = emblem_check(upload)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(application)
    if application.emblem:
        application.emblem.delete(save=False)
    extension = ".png" if content_type == "image/png" else ".jpg"
    application.emblem.save(f"{application.reference}{extension}", upload, save=False)
    application.emblem_content_type = content_type
    application.answers = {**application.answers, "emblem_description": description}
    application.save(update_fields=["emblem", "emblem_content_type", "answers", "updated_at"])
    audit_record(
        actor=actor,
        action="register.application_emblem_saved",
        subject=application,
        payload={
            "reference": application.reference,
            "file": application.emblem.name,
            "content_type": content_type,
            "description": description,
        },
    )
    return application


def application_problems(application: Application) -> list[RegisterError]:
    """What stops the application being sent: missing answers, missing officers, a name
    taken since it was entered."""
    from regulator.register.steps import required_answers

    answers = application.answers
    problems = []
    for field, message, code in required_answers(application):
        if not str(answers.get(field, "")).strip():
            problems.append(RegisterError(str(message), code=code, field=field))
    if application.kind in (ApplicationKind.PARTY_REGISTRATION, ApplicationKind.NAME_CHANGE):
        name = str(answers.get("name", ""))
        if name.strip():
            try:
                party_name_check(name, exclude_entity_id=application.entity_id)
            except RegisterError as error:
                problems.append(error)
    if application.kind == ApplicationKind.PARTY_REGISTRATION:
        names = {
            " ".join(str(answers.get(k, "")).casefold().split())
            for k in ("leader", "treasurer", "nominating_officer")
        }
        if len(names) == 1 and "" not in names:
            problems.append(
                RegisterError(
                    _("A party needs at least two different officers"),
                    code=RegisterErrorCode.OFFICERS_NOT_DISTINCT,
                    field="treasurer",
                )
            )
    return problems


def _is_notification(application: Application) -> bool:
    """Campaigners (and changes to them) are registered on a complete notification,
    without a decision; party applications go to a registration officer."""
    if application.kind == ApplicationKind.CAMPAIGNER_NOTIFICATION:
        return True
    return bool(
        application.entity is not None
        and application.entity.entity_type != EntityType.POLITICAL_PARTY
    )


@transaction.atomic
def application_submit(*, application: Application, declaration: bool, actor: Any) -> Application:
    """Send the application with the applicant's declaration. A complete campaigner
    notification (or a change to a non-party registration) takes effect at once."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(application)
    if not declaration:
        raise RegisterError(
            _("Confirm the declaration to send the application"),
            code=RegisterErrorCode.DECLARATION_REQUIRED,
            field="declaration",
        )
    problems = application_problems(application)
    if problems:
        raise problems[0]
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = clock.now()
    application.changes_requested = ""
    application.save(update_fields=["status", "submitted_at", "changes_requested", "updated_at"])
    audit_record(
        actor=actor,
        action="register.application_submitted",
        subject=application,
        payload={
            "reference": application.reference,
            "kind": application.kind,
            "declaration": True,
            "entity_id": application.entity_id,
        },
    )
    if _is_notification(application):
        _application_apply(application, decided_by=None, actor=actor)
        application.status = ApplicationStatus.REGISTERED
        application.decided_at = clock.now()
        application.save(update_fields=["status", "decided_at", "entity", "updated_at"])
        audit_record(
            actor=actor,
            action="register.notification_registered",
            subject=application,
            payload={"reference": application.reference, "entity_id": application.entity_id},
        )
    return application


@transaction.atomic
def application_changes_request(
    *, application: Application, officer: Any, note: str
) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_awaiting_decision(application)
    if not note.strip():
        raise RegisterError(
            _("Enter the changes the applicant needs to make"),
            code=RegisterErrorCode.REASON_REQUIRED,
            field="note",
        )
    application.status = ApplicationStatus.CHANGES_REQUESTED
    application.changes_requested = note.strip()
    application.save(update_fields=["status", "changes_requested", "updated_at"])
    audit_record(
        actor=officer,
        action="register.application_changes_requested",
        subject=application,
        payload={
            "reference": application.reference,
            "note": note.strip(),
            "entity_id": application.entity_id,
        },
    )
    return application


@transaction.atomic
def application_refuse(*, application: Application, officer: Any, reason: str) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_awaiting_decision(application)
    if not reason.strip():
        raise RegisterError(
            _("Enter the reasons for refusing the application"),
            code=RegisterErrorCode.REASON_REQUIRED,
            field="reason",
        )
    application.status = ApplicationStatus.REFUSED
    application.decision_reason = reason.strip()
    application.decided_at = clock.now()
    application.decided_by = officer
    application.save(
        update_fields=["status", "decision_reason", "decided_at", "decided_by", "updated_at"]
    )
    audit_record(
        actor=officer,
        action="register.application_refused",
        subject=application,
        payload={
            "reference": application.reference,
            "reason": reason.strip(),
            "entity_id": application.entity_id,
        },
    )
    return application


@transaction.atomic
def application_approve(*, application: Application, officer: Any, reason: str = "") -> Application:
    """Approve a party application or change: the entity is created or changed, and the
    applicant (as treasurer) may act for a new party."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_awaiting_decision(application)
    problems = application_problems(application)
    if problems:
        raise problems[0]
    _application_apply(application, decided_by=officer, actor=officer)
    application.status = ApplicationStatus.APPROVED
    application.decision_reason = reason.strip()
    application.decided_at = clock.now()
    application.decided_by = officer
    application.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_at",
            "decided_by",
            "entity",
            "updated_at",
        ]
    )
    audit_record(
        actor=officer,
        action="register.application_approved",
        subject=application,
        payload={"reference": application.reference, "entity_id": application.entity_id},
    )
    return application


def _date_answer(answers: dict[str, Any], key: str, default: dt.date) -> dt.date:
    value = answers.get(key)
    return dt.date.fromisoformat(value) if value else default


def _application_apply(application: Application, *, decided_by: Any, actor: Any) -> None:
    """Make the register say what the application asked for."""
    from regulator.identity.services import membership_grant

    answers = application.answers
    today = clock.local_today()
    kind = application.kind
    if kind in NEW_ENTITY_KINDS:
        is_party = kind == ApplicationKind.PARTY_REGISTRATION
        entity = entity_register(
            name=answers["name"],
            entity_type=EntityType.POLITICAL_PARTY if is_party else EntityType.THIRD_PARTY,
            register=answers.get("register", "") if is_party else "",
            registered_on=today,
            address={
                "line_1": answers["address_line_1"],
                "line_2": answers.get("address_line_2", ""),
                "town": answers["town"],
                "postcode": answers["postcode"],
            },
            actor=actor,
        )
        application.entity = entity
        if is_party:
            for role, key in (
                (OfficerRole.LEADER, "leader"),
                (OfficerRole.TREASURER, "treasurer"),
                (OfficerRole.NOMINATING_OFFICER, "nominating_officer"),
                (OfficerRole.CAMPAIGNS_OFFICER, "campaigns_officer"),
            ):
                if str(answers.get(key, "")).strip():
                    officer_appoint(
                        entity=entity,
                        role=role,
                        full_name=answers[key],
                        appointed_on=today,
                        actor=actor,
                    )
            if str(answers.get("description", "")).strip():
                description_add(
                    entity=entity, text=answers["description"], approved_on=today, actor=actor
                )
            if application.emblem:
                emblem_add(
                    entity=entity,
                    image=application.emblem.name,
                    content_type=application.emblem_content_type,
                    description=answers.get("emblem_description", "") or entity.name,
                    approved_on=today,
                    actor=actor,
                )
            member_role = MembershipRole.TREASURER
        else:
            officer_appoint(
                entity=entity,
                role=OfficerRole.RESPONSIBLE_PERSON,
                full_name=answers["responsible_person"],
                appointed_on=today,
                actor=actor,
            )
            member_role = MembershipRole.RESPONSIBLE_PERSON
        membership_grant(
            user=application.applicant,
            entity=entity,
            role=member_role,
            granted_by=decided_by,
            actor=actor,
        )
        return
    changed = application.entity
    assert changed is not None
    entity = changed
    if kind == ApplicationKind.TREASURER_CHANGE:
        role = (
            OfficerRole.TREASURER
            if entity.entity_type == EntityType.POLITICAL_PARTY
            else OfficerRole.RESPONSIBLE_PERSON
        )
        officer_appoint(
            entity=entity,
            role=role,
            full_name=answers["treasurer"],
            appointed_on=_date_answer(answers, "appointed_on", today),
            actor=actor,
        )
    elif kind == ApplicationKind.ACCOUNTING_UNIT:
        accounting_unit_add(entity=entity, name=answers["unit_name"], actor=actor)
    elif kind == ApplicationKind.NAME_CHANGE:
        entity_rename(entity=entity, name=answers["name"], on=today, actor=actor)
    elif kind == ApplicationKind.DEREGISTRATION:
        entity_deregister(
            entity=entity, on=_date_answer(answers, "deregistered_on", today), actor=actor
        )
