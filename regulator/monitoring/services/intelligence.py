"""The intelligence log: manual entries graded by the 3x5x2 model (source evaluation,
intelligence assessment, handling code), with attachments kept as records (class
MON-INT, hashed), linked to entities, donors and alerts. Investigators and finance
analysts only."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.monitoring.models import Alert, Counter, Intelligence
from regulator.monitoring.services.errors import error
from regulator.monitoring.types import Assessment, Handling, MonitoringErrorCode, SourceEvaluation
from regulator.records import services as records_services
from regulator.records.types import Declaration
from regulator.register import selectors as register_selectors

INTELLIGENCE_CLASS = "MON-INT"


def intelligence_record(
    *,
    actor: Any,
    title: str,
    body: str,
    source_evaluation: str,
    assessment: str,
    handling: str,
    handling_conditions: str = "",
    entity_id: int | None = None,
    donor_id: str = "",
    alerts: list[Alert] | None = None,
    attachments: list[tuple[str, bytes]] | None = None,
) -> Intelligence:
    if not actor.has_perm("monitoring.intelligence"):
        raise error(
            MonitoringErrorCode.NOT_PERMITTED,
            _("Only investigators and finance analysts keep the intelligence log."),
        )
    if not title.strip() or not body.strip():
        raise error(MonitoringErrorCode.REASON_REQUIRED, _("Give the entry a title and a text."))
    if (
        source_evaluation not in SourceEvaluation.values
        or assessment not in Assessment.values
        or handling not in Handling.values
    ):
        raise error(
            MonitoringErrorCode.BAD_CHOICE,
            _("Grade the entry: source evaluation, intelligence assessment and handling code."),
        )
    if handling == Handling.CONDITIONS and not handling_conditions.strip():
        raise error(
            MonitoringErrorCode.REASON_REQUIRED, _("Say what conditions apply to sharing it.")
        )
    if entity_id is not None and register_selectors.entity_get(entity_id=entity_id) is None:
        raise error(
            MonitoringErrorCode.BAD_CHOICE, _("There is no regulated entity with that number.")
        )
    with transaction.atomic():
        counter, _created = Counter.objects.select_for_update().get_or_create(name="intel")
        counter.last += 1
        counter.save(update_fields=["last"])
        entry = Intelligence.objects.create(
            reference=f"INT-{counter.last:06d}",
            title=title.strip()[:300],
            body=body.strip(),
            source_evaluation=source_evaluation,
            assessment=assessment,
            handling=handling,
            handling_conditions=handling_conditions.strip()[:300],
            entity_id=entity_id,
            donor_id=donor_id.strip()[:20],
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        kept = []
        for number, (name, data) in enumerate(attachments or [], start=1):
            record = records_services.record_declare(
                declaration=Declaration(
                    record_class=INTELLIGENCE_CLASS,
                    title=f"{entry.reference}: {name}"[:300],
                    source="monitoring.intelligence",
                    source_id=f"{entry.reference}/{number}",
                    file_name=name,
                    entity=entity_id,
                ),
                content=data,
                actor=actor,
            )
            kept.append({"record": record.reference, "sha256": record.sha256, "name": name})
        entry.attachments = kept
        entry.save(update_fields=["attachments"])
        if alerts:
            entry.alerts.set(alerts)
        audit_record(
            actor=actor,
            action="monitoring.intelligence_recorded",
            subject=entry,
            payload={
                "reference": entry.reference,
                "grade": f"{source_evaluation}{assessment}{handling}",
                "attachments": kept,
                "alerts": [a.reference for a in alerts or []],
            },
        )
    return entry
