"""Evidence with a chain of custody (ACPO/NPCC principles; BS 10008-1): every item is
stored as an original in the records store, hashed at intake and never changed; a
redacted copy or an extract is a new item linked to its original; every acquisition,
view, download, export and processing step is a custody line with actor, time, purpose,
tool and the hashes before and after, so that another person can repeat it.

The unused-material register (CPIA 1996 Code) lives on the items: relevance and
sensitivity decisions with reasons; non-sensitive relevant items are numbered
consecutively for the MG6C schedule in the order they are decided, across submissions."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from regulator.audit.types import as_actor
from regulator.cases.models import Case, Custody, Evidence
from regulator.cases.services.common import (
    disclosure_line,
    event,
    require_team,
)
from regulator.cases.services.errors import error
from regulator.cases.types import (
    CasesErrorCode,
    CustodyAction,
    Derivation,
    EvidenceKind,
    Obtained,
    Relevance,
    Sensitivity,
)
from regulator.core import clock
from regulator.records import selectors as records_selectors
from regulator.records import services as records_services
from regulator.records.types import Declaration

EVIDENCE_CLASS = "CAS-EVI"
TOOL = "Regulator evidence store (SHA-256)"


def _custody(
    item: Evidence,
    action: str,
    actor: Any,
    purpose: str,
    tool: str = TOOL,
    before: str = "",
    after: str = "",
) -> Custody:
    return Custody.objects.create(
        evidence=item,
        action=action,
        at=clock.now(),
        actor=as_actor(actor).label,
        purpose=purpose[:300],
        tool=tool[:200],
        hash_before=before,
        hash_after=after,
    )


def evidence_store(
    *,
    case: Case,
    actor: Any,
    title: str,
    file_name: str,
    data: bytes,
    kind: str,
    obtained: str,
    obtained_from: str = "",
    description: str = "",
    purpose: str = "",
    derived_from: Evidence | None = None,
    derivation: str = "",
    tool: str = TOOL,
) -> Evidence:
    """Keep ``data`` as an item of the case's evidence (a record of class CAS-EVI)."""
    if not data:
        raise error(CasesErrorCode.EVIDENCE_EMPTY, _("The file is empty: choose another."))
    if kind not in EvidenceKind.values or obtained not in Obtained.values:
        raise error(
            CasesErrorCode.BAD_CHOICE, _("Choose the kind of evidence and how it was obtained.")
        )
    if not title.strip():
        raise error(CasesErrorCode.BAD_CHOICE, _("Give the evidence a title."))
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        number = (
            Evidence.objects.select_for_update()
            .filter(case=case)
            .aggregate(top=Max("number"))["top"]
            or 0
        ) + 1
        record = records_services.record_declare(
            declaration=Declaration(
                record_class=EVIDENCE_CLASS,
                title=f"{case.reference} E{number}: {title}"[:300],
                source="cases.evidence",
                source_id=f"{case.reference}/E{number}",
                file_name=file_name,
                entity=case.entity_id,
            ),
            content=data,
            actor=actor,
        )
        item = Evidence.objects.create(
            case=case,
            number=number,
            title=title.strip()[:300],
            description=description,
            kind=kind,
            obtained=obtained,
            obtained_from=obtained_from[:255],
            record_reference=record.reference,
            sha256=digest,
            size=len(data),
            file_name=file_name[:255],
            derived_from=derived_from,
            derivation=derivation,
            acquired_at=clock.now(),
            acquired_by=as_actor(actor).label,
        )
        _custody(
            item,
            CustodyAction.ACQUIRED,
            actor,
            purpose or _("Acquired for case %(reference)s") % {"reference": case.reference},
            tool=tool,
            after=digest,
        )
        event(
            actor,
            case,
            "evidence_acquired",
            evidence=item.label,
            record=record.reference,
            sha256=digest,
            obtained=obtained,
            derived_from=derived_from.label if derived_from else None,
        )
    return item


def evidence_add(
    *,
    case: Case,
    actor: Any,
    title: str,
    file_name: str,
    data: bytes,
    kind: str,
    obtained: str,
    obtained_from: str = "",
    description: str = "",
) -> Evidence:
    """A team member adds an item obtained in the investigation."""
    require_team(actor, case)
    return evidence_store(
        case=case,
        actor=actor,
        title=title,
        file_name=file_name,
        data=data,
        kind=kind,
        obtained=obtained,
        obtained_from=obtained_from,
        description=description,
    )


def evidence_derive(
    *,
    original: Evidence,
    actor: Any,
    derivation: str,
    data: bytes,
    file_name: str,
    tool: str,
    purpose: str,
) -> Evidence:
    """A redacted copy or an extract, made from (and linked to) an original item."""
    require_team(actor, original.case)
    if derivation not in (Derivation.REDACTED, Derivation.EXTRACT):
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose a redacted copy or an extract."))
    if not tool.strip() or not purpose.strip():
        raise error(
            CasesErrorCode.REASON_REQUIRED,
            _("Say what was done, with which tool, so that someone else could repeat it."),
        )
    while original.derived_from is not None:
        original = original.derived_from
    with transaction.atomic():
        copy = evidence_store(
            case=original.case,
            actor=actor,
            title=f"{original.title} ({Derivation(derivation).label})",
            file_name=file_name,
            data=data,
            kind=original.kind,
            obtained=original.obtained,
            obtained_from=original.obtained_from,
            purpose=purpose,
            derived_from=original,
            derivation=derivation,
            tool=tool,
        )
        _custody(
            original,
            CustodyAction.PROCESSED,
            actor,
            f"{purpose} → {copy.label}",
            tool=tool,
            before=original.sha256,
            after=copy.sha256,
        )
    return copy


def evidence_content(*, item: Evidence, actor: Any, action: str, purpose: str) -> bytes:
    """An item's bytes for a view, download or export, checked against the hash taken
    at intake, with the access on its custody log."""
    require_team(actor, item.case)
    if action not in (CustodyAction.VIEWED, CustodyAction.DOWNLOADED, CustodyAction.EXPORTED):
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose view, download or export."))
    if not purpose.strip():
        raise error(CasesErrorCode.REASON_REQUIRED, _("Say why you need the evidence."))
    record = records_selectors.record_get(reference=item.record_reference)
    if record is None:
        raise error(CasesErrorCode.EVIDENCE_EMPTY, _("The evidence's record is missing."))
    data = records_services.record_content(record=record, actor=actor)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        _custody(item, action, actor, purpose, before=item.sha256, after=digest)
        event(actor, item.case, f"evidence_{action}", evidence=item.label, sha256=digest)
    if digest != item.sha256:
        raise error(
            CasesErrorCode.EVIDENCE_EMPTY,
            _("The stored evidence no longer matches its hash: report it to the records manager."),
        )
    return data


def evidence_decide(
    *, item: Evidence, actor: Any, relevance: str, sensitivity: str, reason: str
) -> Evidence:
    """Record the relevance and sensitivity decision of an item of unused material."""
    require_team(actor, item.case)
    if relevance not in (Relevance.RELEVANT, Relevance.NOT_RELEVANT) or (
        relevance == Relevance.RELEVANT
        and sensitivity not in (Sensitivity.NON_SENSITIVE, Sensitivity.SENSITIVE)
    ):
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose the relevance and the sensitivity."))
    if not reason.strip():
        raise error(CasesErrorCode.REASON_REQUIRED, _("Give the reason for the decision."))
    with transaction.atomic():
        item = Evidence.objects.select_for_update().get(pk=item.pk)
        item.relevance = relevance
        item.sensitivity = sensitivity if relevance == Relevance.RELEVANT else ""
        item.decision_reason = reason.strip()
        if item.sensitivity == Sensitivity.NON_SENSITIVE and item.schedule_number is None:
            top = (
                Evidence.objects.filter(case=item.case).aggregate(top=Max("schedule_number"))["top"]
                or 0
            )
            item.schedule_number = top + 1
        item.save()
        disclosure_line(
            item.case,
            actor,
            f"{item.label}: {Relevance(relevance).label}"
            + (f", {Sensitivity(item.sensitivity).label}" if item.sensitivity else "")
            + f". {item.decision_reason}",
            evidence=item,
        )
        event(
            actor,
            item.case,
            "evidence_decided",
            evidence=item.label,
            relevance=relevance,
            sensitivity=item.sensitivity,
            schedule_number=item.schedule_number,
        )
    return item
