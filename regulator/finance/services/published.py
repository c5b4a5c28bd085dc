"""Writes to the published transactions: the import of the Commission's published data
(upserted by ``ec_ref``), and publication, withdrawal and correction by a publication
approver. Each records what it did in the audit chain inside the same transaction, raises
the kind's generation (remembered answers go stale) and, once committed, announces the
change (``types.PUBLISHED_CHANGED``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.bulk import objects_insert
from regulator.core.errors import RegulatorError
from regulator.finance import search
from regulator.finance.answer_cache import published_changed
from regulator.finance.derived import DERIVED_FIELDS, derived_fields
from regulator.finance.models import TRANSACTION_MODELS, Transaction
from regulator.finance.types import PUBLISHED_CHANGED, PublishedChange


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
    "row_digest",
    "source_digest",
    "import_batch",
    "import_leaf",
}


def data_fields(model: type[Transaction]) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in NON_DATA_FIELDS and f.name not in NON_DATA_FIELDS
    ]


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
        objects_insert(model, new_objects)
        result.created = len(new_objects)
    if changed_objects:
        now = clock.now()
        for obj in changed_objects:
            obj.updated_at = now
        model.all_objects.bulk_update(changed_objects, [*compared, "updated_at"], batch_size=500)
        result.updated = len(changed_objects)
    if new_objects or changed_objects:
        published_changed(kind)
        published_change_announce(
            kinds=[kind],
            reason=f"imported {source}",
            published={kind: [obj.ec_ref for obj in new_objects]},
            corrected={kind: result.updated_refs},
        )
    if new_objects and search.is_sqlite():
        inserted = model.all_objects.filter(ec_ref__in=[obj.ec_ref for obj in new_objects])
        search.index_records(model._meta.db_table, inserted.values_list("pk", "search_text"))
    search.index_records(
        model._meta.db_table, [(obj.pk, obj.search_text) for obj in changed_objects]
    )
    return result


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
    published_change_announce(
        kinds=[kind], reason=f"published {kind} {ec_ref}", published={kind: [ec_ref]}
    )
    return obj


def published_change_announce(
    *,
    kinds: list[str],
    reason: str,
    published: Mapping[str, Sequence[str]] | None = None,
    corrected: Mapping[str, Sequence[str]] | None = None,
    withdrawn: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Once the caller's transaction commits, tell the subscribers of
    ``PUBLISHED_CHANGED`` which kinds of published rows changed, and which records (the
    donors area resolves the donors of new donations and loans; disclosure notifies
    subscribers: follow-on work, not part of the transaction)."""

    def refs(by_kind: Mapping[str, Sequence[str]] | None) -> dict[str, tuple[str, ...]]:
        return {kind: tuple(items) for kind, items in (by_kind or {}).items() if items}

    change = PublishedChange(
        kinds=tuple(kinds),
        reason=reason,
        published=refs(published),
        corrected=refs(corrected),
        withdrawn=refs(withdrawn),
    )
    transaction.on_commit(lambda: PUBLISHED_CHANGED.fire(change))


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
    published_change_announce(
        kinds=[kind], reason=f"withdrew {kind} {ec_ref}", withdrawn={kind: [ec_ref]}
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
    allowed -= DERIVED_FIELDS
    for name in changes:
        if name not in allowed:
            raise FinanceError(f"{name} cannot be corrected here.")
    current = {name: getattr(obj, name) for name in data_fields(type(obj))}
    # What follows from the corrected data (the search date, the search text, the
    # public-fund flag, an individual's postcode) is derived as at import and filing.
    after = {**changes, **derived_fields(kind, {**current, **changes})}
    after = {name: value for name, value in after.items() if current.get(name) != value}
    before = {name: current.get(name) for name in after}
    for name, value in after.items():
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
        payload={"kind": kind, "note": obj.correction_note, "before": before, "after": after},
    )
    published_change_announce(
        kinds=[kind], reason=f"corrected {kind} {ec_ref}", corrected={kind: [ec_ref]}
    )
    return obj
