"""Writes of accepted filed returns into the finance tables (called by the filings area).

An accepted version of a filed return becomes one ``Return`` of kind FILED with its
donations, loans and spending items, unpublished: a publication approver publishes them
with ``filed_return_publish``. References are ours, never the Commission's: ``F`` + the
kind's letter (D, L, S) + the number of the filed transaction, so they never collide with
imported ``ECRef`` values nor with each other. Each record's derived fields
(its search date and text, the public-fund flag, an individual's postcode) come from the
one builder, ``finance.derived``, as at import and correction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.bulk import objects_insert
from regulator.finance import search
from regulator.finance.answer_cache import published_changed
from regulator.finance.derived import derived_fields
from regulator.finance.models import TRANSACTION_MODELS, Return
from regulator.finance.services.periods import period_ensure
from regulator.finance.services.published import published_change_announce
from regulator.finance.types import ReturnKind

REF_LETTERS = {"donations": "D", "loans": "L", "spending": "S"}


def filed_ref(kind: str, number: int) -> str:
    """The reference of a filed transaction: 'FD123' for donation 123."""
    return f"F{REF_LETTERS[kind]}{number}"


def filed_ref_number(ref: str) -> int | None:
    """The number of the filed transaction behind a reference ('FD123' → 123); None for
    a reference that is not a filed one (an imported ``ECRef``)."""
    if len(ref) < 3 or ref[0] != "F" or ref[1] not in REF_LETTERS.values():
        return None
    return int(ref[2:]) if ref[2:].isdigit() else None


@transaction.atomic
def filed_return_record(
    *,
    entity: Any,
    period_name: str,
    records: Mapping[str, Sequence[dict[str, Any]]],
    actor: Any,
    source: str,
    reported_on: dt.date,
    carried: Mapping[str, Sequence[str]] | None = None,
) -> Return:
    """Create the FILED return and its records (unpublished). ``records`` maps a kind
    (donations, loans, spending) to field dicts of that finance model, each with its
    ``ec_ref`` (see ``filed_ref``), as reported; entity, period and return are filled in
    here, and the derived fields (``reported_on`` stands in for a record with no date).
    ``carried`` names the published records of an earlier version that an amendment
    reports unchanged: they keep their reference and get no new record (audited here)."""
    period = period_ensure(name=period_name)
    filed = Return.objects.create(kind=ReturnKind.FILED, entity=entity, period=period)
    counts = {}
    for kind, rows in records.items():
        model = TRANSACTION_MODELS[kind]
        objects = [
            model(
                **{**row, **derived_fields(kind, row, date_fallback=reported_on)},
                entity=entity,
                period=period,
                filed_return=filed,
                published_at=None,
            )
            for row in rows
        ]
        if objects:
            objects_insert(model, objects)
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
        payload={
            "source": source,
            "period": period.name,
            "counts": counts,
            "carried": {kind: list(refs) for kind, refs in (carried or {}).items()},
        },
    )
    return filed


@transaction.atomic
def filed_return_publish(*, finance_return: Return, actor: Any, note: str = "") -> int:
    """Publish every unpublished record of a filed return at once (the bulk equivalent of
    ``record_publish``; the caller checks the approver's permission). With a ``note``
    (an amendment's records), each record also gets its own "published" event carrying
    the note, so the record's history says which amendment brought it."""
    when = clock.now()
    total = 0
    refs: dict[str, list[str]] = {}
    for kind, model in TRANSACTION_MODELS.items():
        rows = model.all_objects.select_for_update().filter(
            filed_return=finance_return, published_at__isnull=True, withdrawn_at__isnull=True
        )
        found = list(rows.values_list("pk", "ec_ref"))
        refs[kind] = [ref for _pk, ref in found]
        published = rows.update(published_at=when, updated_at=when)
        if note:
            for pk, _ref in found:
                audit_record(
                    actor=actor,
                    action="finance.record_published",
                    subject=(model._meta.label_lower, pk),
                    payload={"kind": kind, "reason": note, "return": finance_return.pk},
                )
        if published:
            published_changed(kind)
        total += published
    audit_record(
        actor=actor,
        action="finance.filed_return_published",
        subject=finance_return,
        payload={"refs": refs, "count": total},
    )
    published_change_announce(
        kinds=[kind for kind, published in refs.items() if published],
        reason=f"published filed return {finance_return.pk}",
        published=refs,
    )
    return total


@transaction.atomic
def filed_records_supersede(
    *, refs: Mapping[str, Sequence[str]], reason: str, replaced_by: Return, actor: Any
) -> dict[str, list[str]]:
    """Withdraw the records of earlier versions that a published amendment no longer
    reports, with ``reason`` (which names the amendment) as their visible withdrawal
    reason. Each gets its own "withdrawn" event, as ``record_withdraw`` gives, so the
    record's history shows what replaced it. A record not yet published (an earlier
    version accepted but never published) is marked withdrawn too, so it can never be
    published later. Records already withdrawn are left as they are. Returns the refs
    withdrawn, by kind."""
    when = clock.now()
    done: dict[str, list[str]] = {}
    for kind, wanted in refs.items():
        model = TRANSACTION_MODELS[kind]
        done[kind] = []
        for start in range(0, len(wanted), 5000):
            rows = model.all_objects.select_for_update().filter(
                ec_ref__in=wanted[start : start + 5000], withdrawn_at__isnull=True
            )
            found = list(rows.values_list("pk", "ec_ref", "published_at"))
            model.all_objects.filter(pk__in=[pk for pk, _ref, _at in found]).update(
                withdrawn_at=when, withdrawal_reason=reason, updated_at=when
            )
            for pk, ref, published_at in found:
                done[kind].append(ref)
                audit_record(
                    actor=actor,
                    action="finance.record_withdrawn",
                    subject=(model._meta.label_lower, pk),
                    payload={
                        "kind": kind,
                        "reason": reason,
                        "replaced_by_return": replaced_by.pk,
                        "was_published": published_at is not None,
                    },
                )
        if done[kind]:
            published_changed(kind)
    published_change_announce(
        kinds=[kind for kind, refs_done in done.items() if refs_done],
        reason=f"superseded by filed return {replaced_by.pk}",
        withdrawn=done,
    )
    return done
