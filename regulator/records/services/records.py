"""Declaring records, retention events, corrections of metadata and reads of content.
Every area declares its documents through ``record_declare`` and tells of the events
that start their retention clocks through ``record_event``."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import as_actor
from regulator.core import clock
from regulator.records.models import (
    Record,
    RecordClass,
    RetentionEvent,
    RetentionRule,
    Sequence,
)
from regulator.records.services.fileplan import CLASSES, fileplan_seed
from regulator.records.services.store import RecordsError, blob_put, blob_read
from regulator.records.types import Declaration, RecordsErrorCode, RecordState, Trigger

CORRECTABLE = ("title", "description", "entity", "language")
SHIPPED_CLASSES = frozenset(row[1] for row in CLASSES)


def reference_next(prefix: str) -> str:
    """The next reference of a kind ("REC-000001"), inside the caller's transaction."""
    row, _created = Sequence.objects.select_for_update().get_or_create(prefix=prefix)
    row.last += 1
    row.save(update_fields=["last"])
    return f"{prefix}-{row.last:06d}"


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rule_in_force(*, record_class: RecordClass, on: dt.date) -> RetentionRule | None:
    """The class's rule in force on ``on``; for a document dated before the class's first
    rule took effect (a return filed before the schedule was approved, declared late),
    that first rule: the schedule is what the regulator keeps it by now."""
    rules = RetentionRule.objects.filter(record_class=record_class)
    return (
        rules.filter(effective_from__lte=on).order_by("-effective_from", "-pk").first()
        or rules.order_by("effective_from", "pk").first()
    )


def expiry_for(rule: RetentionRule, trigger_on: dt.date | None) -> dt.date | None:
    if trigger_on is None:
        return None
    return add_months(trigger_on, rule.period_years * 12 + rule.period_months)


def _trigger_on(
    rule: RetentionRule, declared: dt.date, source: str, source_id: str
) -> dt.date | None:
    if rule.trigger == Trigger.DECLARED:
        return declared
    if rule.trigger == Trigger.FIXED_DATE:
        return rule.fixed_date
    event = (
        RetentionEvent.objects.filter(source=source, source_id=source_id, trigger=rule.trigger)
        .order_by("-occurred_on")
        .first()
    )
    return event.occurred_on if event is not None else None


def record_declare(*, declaration: Declaration, content: bytes | IO[bytes], actor: Any) -> Record:
    """Declare ``content`` as a record (immutable from now on) and return it.

    The same source, id and bytes declared again is the same record; new bytes for a
    source already declared are its next version, linked to the previous one (which
    stays). The class must be in the file plan with a rule in force; the bytes are
    stored (and checked) before the record's transaction opens.
    """
    record_class = RecordClass.objects.filter(code=declaration.record_class).first()
    if record_class is None and declaration.record_class in SHIPPED_CLASSES:
        # The starting plan is always there (a flushed test database has lost it).
        fileplan_seed()
        record_class = RecordClass.objects.filter(code=declaration.record_class).first()
    if record_class is None:
        raise RecordsError(
            _("There is no record class “%(code)s” in the file plan.")
            % {"code": declaration.record_class},
            code=RecordsErrorCode.CLASS_UNKNOWN,
        )
    today = clock.local_today()
    rule = rule_in_force(record_class=record_class, on=today)
    if rule is None:
        raise RecordsError(
            _("The record class “%(code)s” has no retention rule in force.")
            % {"code": record_class.code},
            code=RecordsErrorCode.NO_RULE,
        )
    blob = blob_put(data=content)
    who = as_actor(actor)
    with transaction.atomic():
        latest = (
            Record.objects.select_for_update()
            .filter(source=declaration.source, source_id=declaration.source_id)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.sha256 == blob.sha256:
            return latest
        trigger_on = _trigger_on(rule, today, declaration.source, declaration.source_id)
        record = Record.objects.create(
            reference=reference_next("REC"),
            record_class=record_class,
            rule=rule,
            title=declaration.title[:300],
            description=declaration.description,
            source=declaration.source,
            source_id=declaration.source_id,
            version=1 if latest is None else latest.version + 1,
            previous=latest,
            entity=declaration.entity,
            file_name=declaration.file_name[:255],
            language=declaration.language,
            personal=declaration.personal or {},
            blob=blob,
            sha256=blob.sha256,
            size=blob.size,
            declared_at=clock.now(),
            declared_by=who.label,
            trigger_on=trigger_on,
            expires_on=expiry_for(rule, trigger_on),
        )
        audit_record(
            actor=who,
            action="records.record_declared",
            subject=record,
            payload={
                "reference": record.reference,
                "class": record_class.code,
                "sha256": blob.sha256,
                "version": record.version,
                "previous": latest.reference if latest is not None else None,
            },
        )
    return record


def record_event(
    *, source: str, source_id: str, trigger: Trigger | str, occurred_on: dt.date, actor: Any
) -> int:
    """A trigger event happened to a source's document (e.g. a return was published):
    the retention clocks of its records whose rule runs from that event start on that
    date. Returns how many records it set."""
    with transaction.atomic():
        RetentionEvent.objects.create(
            source=source,
            source_id=source_id,
            trigger=str(trigger),
            occurred_on=occurred_on,
            recorded_at=clock.now(),
        )
        changed = 0
        for record in (
            Record.objects.select_for_update()
            .select_related("rule")
            .filter(source=source, source_id=source_id, state=RecordState.DECLARED)
        ):
            if record.rule.trigger != str(trigger):
                continue
            record.trigger_on = occurred_on
            record.expires_on = expiry_for(record.rule, occurred_on)
            record.save(update_fields=["trigger_on", "expires_on"])
            changed += 1
        audit_record(
            actor=actor,
            action="records.retention_event",
            subject=(source, source_id),
            payload={"trigger": str(trigger), "occurred_on": occurred_on, "records": changed},
        )
    return changed


def record_correct(*, record: Record, changes: dict[str, Any], reason: str, actor: Any) -> Record:
    """Correct a record's metadata (never its content), with a reason, audited with the
    values before and after."""
    if not reason.strip():
        raise RecordsError(
            _("Enter the reason for the correction."), code=RecordsErrorCode.REASON_REQUIRED
        )
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise RecordsError(
            _("Only the title, description, entity and language of a record can be corrected."),
            code=RecordsErrorCode.NOT_PERMITTED,
        )
    with transaction.atomic():
        locked = Record.objects.select_for_update().get(pk=record.pk)
        before = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            action="records.record_corrected",
            subject=locked,
            payload={"before": before, "after": changes, "reason": reason.strip()},
        )
    return locked


def record_content(*, record: Record, actor: Any) -> bytes:
    """The record's bytes, checked against its SHA-256; a read of a sensitive class is
    logged in the audit chain."""
    if record.blob is None or record.state not in (RecordState.DECLARED, RecordState.REDACTED):
        raise RecordsError(
            _("The content of %(record)s is no longer held.") % {"record": record.reference},
            code=RecordsErrorCode.NOT_HELD_CONTENT,
        )
    data = blob_read(blob=record.blob, record=record)
    if record.record_class.sensitive:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="records.record_read",
                subject=record,
                payload={"reference": record.reference, "class": record.record_class.code},
            )
    return data
