"""Writes to the finance tables. Other areas (the importer and publication in
``disclosure``, filing in ``filings``) change transactions only through these functions;
each records what it did in the audit chain inside the same transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import connection, transaction

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.errors import RegulatorError
from regulator.finance import search
from regulator.finance.answer_cache import published_changed
from regulator.finance.models import (
    TRANSACTION_MODELS,
    PeriodKind,
    ReportingPeriod,
    Return,
    ReturnKind,
    Transaction,
)
from regulator.register.models import RegulatedEntity


class FinanceErrorCode(StrEnum):
    NOT_PUBLISHED = "not_published"
    ALREADY_PUBLISHED = "already_published"
    ALREADY_WITHDRAWN = "already_withdrawn"
    REASON_REQUIRED = "reason_required"


class FinanceError(RegulatorError):
    """A finance service refused: the code says why (FinanceErrorCode)."""


# Fields that are not data "as reported" and so never make an import row differ.
NON_DATA_FIELDS = {
    "id",
    "published_at",
    "withdrawn_at",
    "withdrawal_reason",
    "corrected_at",
    "correction_note",
    "created_at",
    "updated_at",
    "donor_id",
}


def data_fields(model: type[Transaction]) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in NON_DATA_FIELDS and f.name not in NON_DATA_FIELDS
    ]


_QUARTER = re.compile(r"^Q([1-4])\s+(\d{4})$", re.IGNORECASE)
_MONTH = re.compile(r"^([A-Za-z]+)\s+(\d{4})$")
_RANGE = re.compile(r"\((\d{1,2}/\d{1,2}/\d{2,4})\s*-\s*(\d{1,2}/\d{1,2}/\d{2,4})\)")
_ELECTION = re.compile(r"election\s+(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december",
        ],
        start=1,
    )
}  # fmt: skip


def _short_date(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("/"))
    return dt.date(year + 2000 if year < 100 else year, month, day)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def period_shape(name: str) -> tuple[str, dt.date | None, dt.date | None]:
    """Kind, start and end of a reporting period from its published name."""
    text = name.strip()
    if match := _QUARTER.match(text):
        quarter, year = int(match.group(1)), int(match.group(2))
        start = dt.date(year, 3 * quarter - 2, 1)
        return PeriodKind.QUARTER, start, _month_end(year, 3 * quarter)
    if (match := _MONTH.match(text)) and match.group(1).lower() in _MONTHS:
        month, year = _MONTHS[match.group(1).lower()], int(match.group(2))
        return PeriodKind.MONTH, dt.date(year, month, 1), _month_end(year, month)
    if text.lower().startswith("pre-poll") and (match := _RANGE.search(text)):
        try:
            return PeriodKind.PRE_POLL, _short_date(match.group(1)), _short_date(match.group(2))
        except ValueError:
            return PeriodKind.PRE_POLL, None, None
    if match := _ELECTION.search(text):
        try:
            polling_day = _short_date(match.group(1))
        except ValueError:
            return PeriodKind.ELECTION, None, None
        return PeriodKind.ELECTION, polling_day - dt.timedelta(days=365), polling_day
    return PeriodKind.OTHER, None, None


def period_ensure(*, name: str) -> ReportingPeriod:
    """The reporting period with this published name, created on first sight."""
    name = " ".join(name.split())
    period = ReportingPeriod.objects.filter(name=name).first()
    if period is not None:
        return period
    kind, start, end = period_shape(name)
    # Another transaction may be creating the same period at this moment (two analysts
    # accepting returns of a new period): get_or_create then takes its row, not a 500.
    period, _created = ReportingPeriod.objects.get_or_create(
        name=name, defaults={"kind": kind, "start_date": start, "end_date": end}
    )
    return period


def imported_return_ensure(*, entity: RegulatedEntity, period: ReportingPeriod) -> Return:
    """The one "imported" return of an entity for a period (history files)."""
    found = Return.objects.filter(kind=ReturnKind.IMPORTED, entity=entity, period=period).first()
    if found is not None:
        return found
    return Return.objects.create(kind=ReturnKind.IMPORTED, entity=entity, period=period)


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updated_refs: list[str] = field(default_factory=list)


def records_upsert_published(
    *,
    kind: str,
    records: Sequence[dict[str, Any]],
    actor: Any,
    source: str,
    published_at: dt.datetime | None = None,
) -> UpsertResult:
    """Create or update records by ``ec_ref`` from data already published by the
    Commission (history import): new records are published at once; a record whose data
    differ is updated (its publication state kept) with one audit event each; identical
    records are left alone. The caller records the per-file event and owns the
    transaction (call inside ``transaction.atomic``)."""
    model = TRANSACTION_MODELS[kind]
    fields = data_fields(model)
    compared = [name for name in fields if name != "ec_ref"]
    result = UpsertResult()
    when = published_at or clock.now()
    existing = {
        obj.ec_ref: obj
        for obj in model.all_objects.filter(ec_ref__in=[record["ec_ref"] for record in records])
    }
    new_objects = []
    changed_objects = []
    for record in records:
        current = existing.get(record["ec_ref"])
        if current is None:
            new_objects.append(model(**record, published_at=when))
            continue
        changes = {
            name: (getattr(current, name), record[name])
            for name in compared
            if name in record and getattr(current, name) != record[name]
        }
        if not changes:
            result.unchanged += 1
            continue
        for name, (_old, new) in changes.items():
            setattr(current, name, new)
        changed_objects.append(current)
        result.updated_refs.append(current.ec_ref)
        audit_record(
            actor=actor,
            action=f"finance.{model._meta.model_name}_updated_from_published_data",
            subject=(model._meta.label_lower, current.ec_ref),
            payload={
                "source": source,
                "changes": {name: {"old": old, "new": new} for name, (old, new) in changes.items()},
            },
        )
    if new_objects:
        _bulk_insert(model, new_objects)
        result.created = len(new_objects)
    if changed_objects:
        now = clock.now()
        for obj in changed_objects:
            obj.updated_at = now
        model.all_objects.bulk_update(changed_objects, [*compared, "updated_at"], batch_size=500)
        result.updated = len(changed_objects)
    if new_objects or changed_objects:
        published_changed(kind)
    if new_objects and search.is_sqlite():
        inserted = model.all_objects.filter(ec_ref__in=[obj.ec_ref for obj in new_objects])
        search.index_records(model._meta.db_table, inserted.values_list("pk", "search_text"))
    search.index_records(
        model._meta.db_table, [(obj.pk, obj.search_text) for obj in changed_objects]
    )
    return result


def _bulk_insert(model: type[Transaction], objects: Sequence[Transaction]) -> None:
    """Insert many new records in one ``executemany``: Django's ``bulk_create`` is slow
    here (SQLite's variable limit allows ~25 rows a statement for a model this wide,
    and it prepares every value through the field). Values are plain Python values that
    both drivers adapt; timestamps go through the backend's own adapter."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = clock.now()
    for obj in objects:
        obj.created_at = obj.created_at or now
        obj.updated_at = obj.updated_at or now
    ops = connection.ops
    timestamp_fields = {f.attname for f in fields if f.get_internal_type() == "DateTimeField"}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    rows = []
    for obj in objects:
        row = []
        for f in fields:
            value = getattr(obj, f.attname)
            if f.attname in timestamp_fields and value is not None:
                value = ops.adapt_datetimefield_value(value)
            row.append(value)
        rows.append(row)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                rows[start : start + 5000],
            )


def _get(kind: str, ec_ref: str) -> Transaction:
    return TRANSACTION_MODELS[kind].all_objects.select_for_update().get(ec_ref=ec_ref)


@transaction.atomic
def record_publish(*, kind: str, ec_ref: str, actor: Any) -> Transaction:
    """A publication approver publishes a filed record (the permission is checked by the
    caller: ``disclosure.publish_record``)."""
    obj = _get(kind, ec_ref)
    if obj.published_at is not None:
        raise FinanceError(
            "This record is already published.", code=FinanceErrorCode.ALREADY_PUBLISHED
        )
    if obj.withdrawn_at is not None:  # superseded before it was ever published
        raise FinanceError(
            "This record is already withdrawn.", code=FinanceErrorCode.ALREADY_WITHDRAWN
        )
    obj.published_at = clock.now()
    obj.save(update_fields=["published_at", "updated_at"])
    published_changed(kind)
    audit_record(
        actor=actor, action="finance.record_published", subject=obj, payload={"kind": kind}
    )
    donor_resolution_enqueue_after_commit(kinds=[kind], reason=f"published {kind} {ec_ref}")
    return obj


def donor_resolution_enqueue_after_commit(*, kinds: list[str], reason: str) -> None:
    """Newly public donations and loans need a donor: enqueue resolution once the
    publication has committed (follow-on work is a task, not part of the transaction)."""
    if not {"donations", "loans"} & set(kinds):
        return
    # Imported here: the donors area reads finance, so finance must not import it at load.
    from regulator.donors.tasks import donors_resolve_task

    transaction.on_commit(lambda: donors_resolve_task.enqueue(reason=reason))


@transaction.atomic
def record_withdraw(*, kind: str, ec_ref: str, reason: str, actor: Any) -> Transaction:
    """Take a published record out of the public data, with a reason that stays visible."""
    if not reason.strip():
        raise FinanceError(
            "Give the reason for withdrawing it.", code=FinanceErrorCode.REASON_REQUIRED
        )
    obj = _get(kind, ec_ref)
    if obj.published_at is None:
        raise FinanceError("This record is not published.", code=FinanceErrorCode.NOT_PUBLISHED)
    if obj.withdrawn_at is not None:
        raise FinanceError(
            "This record is already withdrawn.", code=FinanceErrorCode.ALREADY_WITHDRAWN
        )
    obj.withdrawn_at = clock.now()
    obj.withdrawal_reason = reason.strip()
    obj.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    published_changed(kind)
    audit_record(
        actor=actor,
        action="finance.record_withdrawn",
        subject=obj,
        payload={"kind": kind, "reason": obj.withdrawal_reason},
    )
    return obj


@transaction.atomic
def record_correct(
    *, kind: str, ec_ref: str, changes: dict[str, Any], note: str, actor: Any
) -> Transaction:
    """Correct a published record's data, leaving a visible note of what and why."""
    if not note.strip():
        raise FinanceError(
            "Give the reason for the correction.", code=FinanceErrorCode.REASON_REQUIRED
        )
    obj = _get(kind, ec_ref)
    if obj.published_at is None:
        raise FinanceError("This record is not published.", code=FinanceErrorCode.NOT_PUBLISHED)
    if obj.withdrawn_at is not None:
        # Correcting a withdrawn record would change data nobody can see, under a note
        # that reads as if it were public again: withdrawn is final here.
        raise FinanceError(
            "This record is withdrawn: it cannot be corrected.",
            code=FinanceErrorCode.ALREADY_WITHDRAWN,
        )
    allowed = set(data_fields(type(obj))) - {"ec_ref", "entity_id", "filed_return_id"}
    before = {}
    for name, value in changes.items():
        if name not in allowed:
            raise FinanceError(f"{name} cannot be corrected here.")
        before[name] = getattr(obj, name)
        setattr(obj, name, value)
    obj.corrected_at = clock.now()
    obj.correction_note = note.strip()
    obj.save()
    published_changed(kind)
    search.index_records(type(obj)._meta.db_table, [(obj.pk, obj.search_text)])
    audit_record(
        actor=actor,
        action="finance.record_corrected",
        subject=obj,
        payload={"kind": kind, "note": obj.correction_note, "before": before, "after": changes},
    )
    return obj
