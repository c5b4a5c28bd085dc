"""Reads of the records area: the schedule, records search filtered by the viewer's
permissions, a record's life, what is held, and what is due for disposal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from regulator.audit.selectors import event_list_for_subject
from regulator.identity.selectors import is_records_manager, staff_reads_every_entity
from regulator.records.models import (
    Consignment,
    DisposalBatch,
    DisposalCertificate,
    IntegrityIncident,
    LegalHold,
    Record,
    RecordClass,
    RecordFunction,
    RetentionRule,
)
from regulator.records.types import Action, RecordState

KEPT = (RecordState.DECLARED, RecordState.REDACTED)


def schedule_rows(*, on: dt.date | None = None) -> list[dict[str, Any]]:
    """Every class with its rules (newest first), for the public schedule and its CSV."""
    rows = []
    classes = RecordClass.objects.select_related("activity__function").order_by("code")
    rules: dict[int, list[RetentionRule]] = {}
    for rule in RetentionRule.objects.order_by("-effective_from", "-pk"):
        rules.setdefault(rule.record_class_id, []).append(rule)
    for record_class in classes:
        class_rules = rules.get(record_class.pk, [])
        current = next((r for r in class_rules if on is None or r.effective_from <= on), None)
        rows.append({"record_class": record_class, "rules": class_rules, "current": current})
    return rows


def file_plan() -> QuerySet[RecordFunction]:
    return RecordFunction.objects.prefetch_related("activities__classes__rules")


def record_class_get(*, code: str) -> RecordClass | None:
    return RecordClass.objects.filter(code=code).first()


def record_classes() -> QuerySet[RecordClass]:
    return RecordClass.objects.order_by("code")


def record_get(*, reference: str) -> Record | None:
    return (
        Record.objects.select_related("record_class", "rule", "blob", "previous", "consignment")
        .filter(reference=reference)
        .first()
    )


def records_of_source(*, source: str, source_id: str) -> QuerySet[Record]:
    return Record.objects.filter(source=source, source_id=source_id).order_by("version")


def records_visible(*, user: Any) -> QuerySet[Record]:
    """The records ``user`` may see: all for records managers; records of classes that
    are not sensitive for staff who read every entity's filed data; none for others."""
    if is_records_manager(user):
        return Record.objects.all()
    if staff_reads_every_entity(user=user):
        return Record.objects.filter(record_class__sensitive=False)
    return Record.objects.none()


def user_may_view_record(*, user: Any, record: Record) -> bool:
    return records_visible(user=user).filter(pk=record.pk).exists()


def records_search(
    *,
    user: Any,
    text: str = "",
    record_class: str = "",
    entity: int | None = None,
    declared_from: dt.date | None = None,
    declared_to: dt.date | None = None,
) -> QuerySet[Record]:
    found = records_visible(user=user).select_related("record_class")
    if text.strip():
        for word in text.split()[:8]:
            found = found.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(reference__iexact=word)
            )
    if record_class:
        found = found.filter(record_class__code=record_class)
    if entity is not None:
        found = found.filter(entity=entity)
    if declared_from is not None:
        found = found.filter(declared_at__date__gte=declared_from)
    if declared_to is not None:
        found = found.filter(declared_at__date__lte=declared_to)
    return found.order_by("-declared_at", "-pk")


def record_life(*, record: Record) -> list[Any]:
    """The audit events about the record, oldest first: declared, read, corrected, held,
    released, transferred or destroyed."""
    return list(event_list_for_subject(subject=record).order_by("seq"))


def holds_active() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True)


def holds_all() -> QuerySet[LegalHold]:
    return LegalHold.objects.select_related("owner", "query_class").order_by("-placed_at")


def hold_get(*, reference: str) -> LegalHold | None:
    return LegalHold.objects.filter(reference=reference).first()


def _query_part(hold: LegalHold) -> Q | None:
    """The records a hold's query covers (None for a hold of linked records only)."""
    if (
        hold.query_class_id is None
        and hold.query_entity is None
        and hold.query_from is None
        and hold.query_to is None
    ):
        return None
    part = Q()
    if hold.query_class_id is not None:
        part &= Q(record_class_id=hold.query_class_id)
    if hold.query_entity is not None:
        part &= Q(entity=hold.query_entity)
    if hold.query_from is not None:
        part &= Q(declared_at__date__gte=hold.query_from)
    if hold.query_to is not None:
        part &= Q(declared_at__date__lte=hold.query_to)
    return part


def held_condition() -> Q:
    """A condition true of every record an active hold covers (linked or by query)."""
    linked = LegalHold.records.through.objects.filter(
        record_id=OuterRef("pk"), legalhold__released_at__isnull=True
    )
    condition = Q(Exists(linked))
    for hold in holds_active():
        part = _query_part(hold)
        if part is not None:
            condition |= part
    return condition


def _hold_condition(hold: LegalHold) -> Q:
    linked = LegalHold.records.through.objects.filter(record_id=OuterRef("pk"), legalhold=hold)
    part = _query_part(hold)
    return Q(Exists(linked)) if part is None else Q(Exists(linked)) | part


def record_holds(*, record: Record) -> list[LegalHold]:
    """The active holds that cover ``record``."""
    one = Record.objects.filter(pk=record.pk)
    return [hold for hold in holds_active() if one.filter(_hold_condition(hold)).exists()]


def hold_records(*, hold: LegalHold) -> QuerySet[Record]:
    return Record.objects.filter(_hold_condition(hold)).order_by("reference")


def disposal_due(*, as_of: dt.date) -> QuerySet[Record]:
    """Kept records whose retention has ended by ``as_of``, each marked ``held``."""
    return (
        Record.objects.filter(state=RecordState.DECLARED, expires_on__lte=as_of)
        .select_related("record_class", "rule")
        .annotate(held=ExpressionWrapper(held_condition(), output_field=BooleanField()))
        .order_by("expires_on", "pk")
    )


def disposal_due_rows(*, as_of: dt.date) -> list[dict[str, Any]]:
    """The due list as the command prints it (one query, streamed)."""
    rows = []
    for reference, code, trigger, expires_on, held in (
        disposal_due(as_of=as_of)
        .values_list("reference", "record_class__code", "rule__trigger", "expires_on", "held")  # type: ignore[misc]  # "held" is an annotation
        .iterator(chunk_size=5000)
    ):
        rows.append(
            {
                "reference": reference,
                "record_class": code,
                "trigger": trigger,
                "expires_on": expires_on.isoformat(),
                "held": bool(held),
            }
        )
    return rows


def transfer_due(*, record_class: RecordClass, as_of: dt.date) -> QuerySet[Record]:
    return (
        Record.objects.filter(
            record_class=record_class,
            state__in=KEPT,
            rule__action=Action.TRANSFER,
            expires_on__lte=as_of,
        )
        .exclude(held_condition())
        .select_related("blob", "record_class", "rule")
        .order_by("reference")
    )


def batches() -> QuerySet[DisposalBatch]:
    return DisposalBatch.objects.select_related("approved_by", "second_approved_by")


def batch_get(*, reference: str) -> DisposalBatch | None:
    return batches().filter(reference=reference).first()


def batch_items(*, batch: DisposalBatch) -> Any:
    return batch.items.select_related("record__record_class", "record__rule").order_by("pk")


def certificate_of(*, record: Record) -> DisposalCertificate | None:
    return (
        DisposalCertificate.objects.filter(record=record)
        .select_related("certificate_record")
        .first()
    )


def certificates() -> QuerySet[DisposalCertificate]:
    return DisposalCertificate.objects.select_related("record", "certificate_record").order_by(
        "-issued_at"
    )


def consignments() -> QuerySet[Consignment]:
    return Consignment.objects.select_related("record_class")


def incidents() -> QuerySet[IntegrityIncident]:
    return IntegrityIncident.objects.select_related("blob", "record")
