"""Intake: one service, ``case_open``, for allegations from anyone, self-reports from a
regulated entity's officers, staff referrals and monitoring alerts. An intake about the
same subject and matter as an open case joins that case (linked, not lost). What came in
is a record (class CAS-EVI); attachments become the case's first evidence."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from typing import Any

import requests
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from regulator.audit.types import as_actor
from regulator.cases.models import Case, Intake, Offence, PolicyVersion
from regulator.cases.services.common import event, next_number
from regulator.cases.services.errors import error
from regulator.cases.services.evidence import evidence_store
from regulator.cases.types import OPEN_STAGES, CasesErrorCode, Obtained, Source, Stage
from regulator.core import clock, notify
from regulator.identity import selectors as identity_selectors
from regulator.records import services as records_services
from regulator.records.types import Declaration
from regulator.register import selectors as register_selectors

logger = logging.getLogger(__name__)
EVIDENCE_CLASS = "CAS-EVI"


def offence_in_force(*, code: str, on: dt.date) -> Offence | None:
    return (
        Offence.objects.filter(code=code, effective_from__lte=on)
        .exclude(effective_to__lt=on)
        .order_by("-effective_from")
        .first()
    )


def policy_for(offence_date: dt.date | None) -> PolicyVersion | None:
    """The Enforcement Policy that applies: by the date of the offence, not of the case."""
    if offence_date is None:
        return None
    return (
        PolicyVersion.objects.filter(effective_from__lte=offence_date)
        .exclude(effective_to__lt=offence_date)
        .order_by("-effective_from")
        .first()
    )


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _open_duplicate(
    *, entity_id: int | None, subject_name: str, offence: Offence | None, matter: str
) -> Case | None:
    candidates = Case.objects.filter(stage__in=OPEN_STAGES)
    if entity_id is not None:
        candidates = candidates.filter(entity_id=entity_id)
    for case in candidates.order_by("opened_at"):
        same_subject = entity_id is not None or normalised(case.subject_name) == normalised(
            subject_name
        )
        same_matter = (offence is not None and case.offence_id == offence.pk) or normalised(
            case.matter
        ) == normalised(matter)
        if same_subject and same_matter:
            return case
    return None


def case_open(
    *,
    actor: Any,
    source: str,
    subject_name: str,
    matter: str,
    details: str,
    entity_id: int | None = None,
    offence_code: str = "",
    offence_date: dt.date | None = None,
    name: str = "",
    email: str = "",
    language: str = "en",
    attachments: list[tuple[str, bytes]] | None = None,
) -> Intake:
    """Open a case (or join an open one about the same subject and matter) and return
    the intake, whose reference is the acknowledgement's."""
    subject_name = " ".join(subject_name.split())
    matter = " ".join(matter.split())
    if source not in Source.values:
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose where the case came from."))
    if not subject_name and entity_id is None:
        raise error(
            CasesErrorCode.SUBJECT_REQUIRED,
            _("Enter who the allegation is about: a party, campaigner or person."),
        )
    if not matter or not details.strip():
        raise error(
            CasesErrorCode.MATTER_REQUIRED,
            _("Say what you think happened, and give the details."),
        )
    entity = None
    if entity_id is not None:
        entity = register_selectors.entity_get(entity_id=entity_id)
        if entity is None:
            raise error(
                CasesErrorCode.UNKNOWN_ENTITY, _("There is no regulated entity with that number.")
            )
        subject_name = subject_name or entity.name
    if source == Source.SELF_REPORT and (
        entity is None or not register_selectors.member_roles(user=actor, entity_id=entity.pk)
    ):
        raise error(
            CasesErrorCode.NOT_AN_OFFICER,
            _("Only an officer of the regulated entity may report its own breach."),
        )
    if source == Source.REFERRAL and not identity_selectors.user_is_staff(user=actor):
        raise error(CasesErrorCode.NOT_PERMITTED, _("Only staff may refer a case."))
    today = clock.local_today()
    if offence_date is not None and offence_date > today:
        raise error(CasesErrorCode.DATE, _("The date of the offence cannot be in the future."))
    offence = None
    if offence_code:
        offence = offence_in_force(code=offence_code, on=offence_date or today)
        if offence is None:
            raise error(CasesErrorCode.UNKNOWN_OFFENCE, _("Choose an offence from the list."))
    language = "cy" if language == "cy" else "en"
    now = clock.now()
    with transaction.atomic():
        case = _open_duplicate(
            entity_id=entity.pk if entity else None,
            subject_name=subject_name,
            offence=offence,
            matter=matter,
        )
        joined = case is not None
        if case is None:
            case = Case.objects.create(
                reference=next_number("case", "CAS-", today.year),
                stage=Stage.INITIAL,
                source=source,
                subject_name=subject_name[:255],
                entity=entity,
                matter=matter[:300],
                summary=details.strip(),
                offence=offence,
                offence_date=offence_date,
                policy=policy_for(offence_date),
                opened_on=today,
                opened_at=now,
            )
        intake = Intake.objects.create(
            reference=next_number("intake", "ALG-"),
            case=case,
            source=source,
            received_at=now,
            name=name.strip()[:255],
            email=email.strip(),
            language=language,
            subject_name=subject_name[:255],
            matter=matter[:300],
            details=details.strip(),
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        document = (
            f"{intake.reference}\nReceived: {now.isoformat()}\nSource: {source}\n"
            f"From: {intake.name} <{intake.email}>\nAbout: {subject_name}\n"
            f"Matter: {matter}\n\n{intake.details}\n"
        ).encode()
        record = records_services.record_declare(
            declaration=Declaration(
                record_class=EVIDENCE_CLASS,
                title=f"{intake.reference}: {matter}"[:300],
                source="cases.intake",
                source_id=intake.reference,
                file_name=f"{intake.reference}.txt",
                entity=entity.pk if entity else None,
                personal={"name": intake.name, "email": intake.email},
                language="Welsh" if language == "cy" else "English",
            ),
            content=document,
            actor=actor,
        )
        intake.record_reference = record.reference
        intake.save(update_fields=["record_reference"])
        for file_name, data in attachments or []:
            evidence_store(
                case=case,
                actor=actor,
                title=_("Attachment to %(reference)s: %(name)s")
                % {"reference": intake.reference, "name": file_name},
                file_name=file_name,
                data=data,
                kind="document",
                obtained=Obtained.INTAKE,
                obtained_from=intake.name or as_actor(actor).label,
                purpose=f"Received with {intake.reference}",
            )
        event(
            actor,
            case,
            "intake_joined" if joined else "case_opened",
            intake=intake.reference,
            source=source,
            record=record.reference,
            offence=offence.code if offence else None,
            policy=case.policy.name if case.policy else None,
        )
        if intake.email:
            transaction.on_commit(lambda: _acknowledge(intake))
    return intake


def _acknowledge(intake: Intake) -> None:
    with translation.override(intake.language):
        subject = _("We have your report %(reference)s") % {"reference": intake.reference}
        body = _(
            "Thank you for telling us. Your reference is %(reference)s: please quote it if "
            "you write again. We assess every allegation; we may not be able to tell you the "
            "outcome until any investigation is concluded and published."
        ) % {"reference": intake.reference}
    try:
        notify.send_email(
            email_address=intake.email,
            template_id=notify.generic_template_id(),
            personalisation={"subject": subject, "body": body},
            reference=intake.reference,
        )
    except (notify.NotifyError, requests.RequestException):
        logger.exception("cases.acknowledgement_failed", extra={"reference": intake.reference})
