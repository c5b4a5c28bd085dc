"""Applications to register, notifications and changes: started and answered by filers,
decided by registration officers; an approved application changes the register."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.register.models import (
    Application,
    RegulatedEntity,
)
from regulator.register.services.entities import (
    accounting_unit_add,
    description_add,
    emblem_add,
    entity_deregister,
    entity_register,
    entity_rename,
    officer_appoint,
)
from regulator.register.services.memberships import membership_grant
from regulator.register.types import (
    NEW_ENTITY_KINDS,
    ApplicationKind,
    ApplicationStatus,
    EntityStatus,
    EntityType,
    MembershipRole,
    OfficerRole,
)
from regulator.register.validation import (
    RegisterError,
    RegisterErrorCode,
    emblem_check,
    party_name_check,
)

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
