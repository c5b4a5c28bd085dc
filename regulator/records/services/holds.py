"""Legal holds: by case, by information request (FOIA s.77: an open request holds what
it touches), by litigation or appeal, or by query (class, entity, dates). A hold stops
every disposal of what it covers; it has an owner, a reason and a review date; placing
and releasing it are audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import as_actor
from regulator.core import clock
from regulator.records.models import LegalHold, Record, RecordClass
from regulator.records.services.records import reference_next
from regulator.records.services.store import RecordsError
from regulator.records.types import HoldKind, RecordsErrorCode


def hold_place(
    *,
    kind: HoldKind | str,
    title: str,
    reason: str,
    owner: Any,
    review_on: dt.date,
    subject: str = "",
    records: Iterable[Record] = (),
    query_class: RecordClass | None = None,
    query_entity: int | None = None,
    query_from: dt.date | None = None,
    query_to: dt.date | None = None,
    actor: Any,
) -> LegalHold:
    """Place a hold on ``records`` and/or on every record its query matches."""
    chosen = list(records)
    if not reason.strip() or not title.strip():
        raise RecordsError(
            _("Enter a title and the reason for the hold."), code=RecordsErrorCode.REASON_REQUIRED
        )
    if review_on <= clock.local_today():
        raise RecordsError(
            _("The review date must be in the future."), code=RecordsErrorCode.RULE_DATE
        )
    has_query = any(v is not None for v in (query_class, query_entity, query_from, query_to))
    if not chosen and not has_query:
        raise RecordsError(
            _("Choose the records to hold: a class, an entity or declaration dates."),
            code=RecordsErrorCode.HOLD_QUERY_EMPTY,
        )
    if query_from and query_to and query_from > query_to:
        raise RecordsError(
            _("The first declaration date must be on or before the last."),
            code=RecordsErrorCode.HOLD_QUERY_EMPTY,
        )
    with transaction.atomic():
        hold = LegalHold.objects.create(
            reference=reference_next("HOLD"),
            kind=str(kind),
            title=title.strip(),
            reason=reason.strip(),
            owner=owner,
            review_on=review_on,
            subject=subject,
            query_class=query_class,
            query_entity=query_entity,
            query_from=query_from,
            query_to=query_to,
            placed_at=clock.now(),
        )
        hold.records.set(chosen)
        payload = {
            "reference": hold.reference,
            "kind": str(kind),
            "reason": hold.reason,
            "owner": owner.get_username(),
            "review_on": review_on,
            "records": [r.reference for r in chosen],
            "query": {
                "class": query_class.code if query_class else None,
                "entity": query_entity,
                "from": query_from,
                "to": query_to,
            },
        }
        audit_record(actor=actor, action="records.hold_placed", subject=hold, payload=payload)
        for record in chosen:
            audit_record(
                actor=actor,
                action="records.record_held",
                subject=record,
                payload={"hold": hold.reference},
            )
    return hold


def hold_release(*, hold: LegalHold, reason: str, actor: Any) -> LegalHold:
    if not reason.strip():
        raise RecordsError(
            _("Enter the reason for releasing the hold."), code=RecordsErrorCode.REASON_REQUIRED
        )
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.released_at is not None:
            raise RecordsError(
                _("This hold has already been released."), code=RecordsErrorCode.HOLD_RELEASED
            )
        who = as_actor(actor)
        locked.released_at = clock.now()
        locked.released_by = who.label
        locked.release_reason = reason.strip()
        locked.save(update_fields=["released_at", "released_by", "release_reason"])
        audit_record(
            actor=who,
            action="records.hold_released",
            subject=locked,
            payload={"reference": locked.reference, "reason": locked.release_reason},
        )
        for record in locked.records.all():
            audit_record(
                actor=who,
                action="records.record_released",
                subject=record,
                payload={"hold": locked.reference},
            )
    return locked
