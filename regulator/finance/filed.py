"""Writes of accepted filed returns into the finance tables (called by the filings area).

An accepted version of a filed return becomes one ``Return`` of kind FILED with its
donations, loans and spending items, unpublished: a publication approver publishes them
with ``filed_return_publish``. References are ours, never the Commission's: ``F`` + the
kind's letter (D, L, S) + the number of the filed transaction, so they never collide with
imported ``ECRef`` values nor with each other. The search index is kept in step as
``finance.services`` does for imports (through its helpers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.finance import search
from regulator.finance.models import TRANSACTION_MODELS, Return, ReturnKind
from regulator.finance.services import (
    _bulk_insert,
    donor_resolution_enqueue_after_commit,
    period_ensure,
)
from regulator.register.models import RegulatedEntity

REF_LETTERS = {"donations": "D", "loans": "L", "spending": "S"}


def filed_ref(kind: str, number: int) -> str:
    """The reference of a filed transaction: 'FD123' for donation 123."""
    return f"F{REF_LETTERS[kind]}{number}"


@transaction.atomic
def filed_return_record(
    *,
    entity: RegulatedEntity,
    period_name: str,
    records: Mapping[str, Sequence[dict[str, Any]]],
    actor: Any,
    source: str,
) -> Return:
    """Create the FILED return and its records (unpublished). ``records`` maps a kind
    (donations, loans, spending) to field dicts of that finance model, each with its
    ``ec_ref`` (see ``filed_ref``); entity, period and return are filled in here."""
    period = period_ensure(name=period_name)
    filed = Return.objects.create(kind=ReturnKind.FILED, entity=entity, period=period)
    counts = {}
    for kind, rows in records.items():
        model = TRANSACTION_MODELS[kind]
        objects = [
            model(**row, entity=entity, period=period, filed_return=filed, published_at=None)
            for row in rows
        ]
        if objects:
            _bulk_insert(model, objects)
            if search.is_sqlite():
                inserted = model.all_objects.filter(filed_return=filed)
                search.index_records(
                    model._meta.db_table, inserted.values_list("pk", "search_text")
                )
        counts[kind] = len(objects)
    audit_record(
        actor=actor,
        action="finance.filed_return_recorded",
        subject=filed,
        payload={"source": source, "period": period.name, "counts": counts},
    )
    return filed


@transaction.atomic
def filed_return_publish(*, finance_return: Return, actor: Any) -> int:
    """Publish every unpublished record of a filed return at once (the bulk equivalent of
    ``record_publish``; the caller checks the approver's permission)."""
    when = clock.now()
    total = 0
    refs: dict[str, list[str]] = {}
    for kind, model in TRANSACTION_MODELS.items():
        rows = model.all_objects.select_for_update().filter(
            filed_return=finance_return, published_at__isnull=True
        )
        refs[kind] = list(rows.values_list("ec_ref", flat=True))
        total += rows.update(published_at=when, updated_at=when)
    audit_record(
        actor=actor,
        action="finance.filed_return_published",
        subject=finance_return,
        payload={"refs": refs, "count": total},
    )
    donor_resolution_enqueue_after_commit(
        kinds=[kind for kind, published in refs.items() if published],
        reason=f"published filed return {finance_return.pk}",
    )
    return total
