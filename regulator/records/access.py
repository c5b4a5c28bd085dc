"""Declared access of every records URL (enforced by the authorisation matrix test). The
retention schedule is public; finding and reading records is for records managers and the
staff who read every entity's filed data (not sensitive classes); the file plan, holds
and disposal are for records managers only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from regulator.core.access import Access

MANAGER = "records-manager"
READERS = (
    "records-manager",
    "registration-officer",
    "finance-analyst",
    "publication-approver",
    "investigator",
    "case-decision-maker",
)


def _record(world: Any) -> dict[str, Any]:
    from regulator.records.testing import record_make

    return {"reference": record_make(source="matrix.document", source_id="a").reference}


def _hold(world: Any) -> dict[str, Any]:
    from regulator.core import clock
    from regulator.records import selectors, services
    from regulator.records.testing import SYSTEM, records_manager

    found = selectors.holds_all().filter(title="Matrix hold").first()
    if found is None:
        record = selectors.record_get(reference=_record(world)["reference"])
        found = services.hold_place(
            kind="litigation",
            title="Matrix hold",
            reason="Matrix",
            owner=records_manager(),
            review_on=clock.local_today() + dt.timedelta(days=30),
            records=[record] if record else [],
            actor=SYSTEM,
        )
    return {"reference": found.reference}


def _batch(world: Any) -> dict[str, Any]:
    from regulator.records.models import DisposalBatch, DisposalItem
    from regulator.records.testing import record_make

    batch = DisposalBatch.objects.filter(reference="DISP-MATRIX").first()
    if batch is None:
        from regulator.core import clock

        batch = DisposalBatch.objects.create(
            reference="DISP-MATRIX", as_of=clock.local_today(), created_at=clock.now()
        )
        record = record_make(source="matrix.disposal", source_id="b")
        DisposalItem.objects.create(batch=batch, record=record)
    return {"reference": batch.reference}


def _item(world: Any) -> dict[str, Any]:
    from regulator.records.models import DisposalBatch

    reference = _batch(world)["reference"]
    batch = DisposalBatch.objects.get(reference=reference)
    first = batch.items.first()
    assert first is not None
    return {"reference": reference, "item": first.pk}


def _certified(world: Any) -> dict[str, Any]:
    from regulator.records import selectors, services
    from regulator.records.testing import record_make

    record = record_make(source="matrix.certified", source_id="c")
    if selectors.certificate_of(record=record) is None:
        from django.db import transaction

        with transaction.atomic():
            services.certificate_issue(
                record=record, method="destroyed", approvers=[], holds_checked=[], consignment=""
            )
    return {"reference": record.reference}


ACCESS = {
    "records:schedule": Access.public(),
    "records:schedule_csv": Access.public(),
    "records:search": Access.staff(*READERS),
    "records:record": Access.staff(*READERS, kwargs=_record),
    "records:record_content": Access.staff(*READERS, kwargs=_record),
    "records:record_correct": Access.staff(MANAGER, kwargs=_record),
    "records:file_plan": Access.staff(MANAGER),
    "records:rule_new": Access.staff(MANAGER, kwargs=lambda world: {"code": "FIL-DOC"}),
    "records:holds": Access.staff(MANAGER),
    "records:hold": Access.staff(MANAGER, kwargs=_hold),
    "records:disposal": Access.staff(MANAGER),
    "records:batch": Access.staff(MANAGER, kwargs=_batch),
    "records:item_decide": Access.staff(MANAGER, method="POST", kwargs=_item, ok_statuses=(302,)),
    "records:batch_approve": Access.staff(
        MANAGER, method="POST", kwargs=_batch, ok_statuses=(302,)
    ),
    "records:batch_second_approve": Access.staff(
        MANAGER, method="POST", kwargs=_batch, ok_statuses=(302,)
    ),
    "records:certificate": Access.staff(MANAGER, kwargs=_certified),
}
