"""Retention follows the case (CPIA: keep until the decision, then the outcome, longer
while an appeal or referral runs): assigning a case places a records hold of kind "case"
on its entity's records and its evidence; concluding it starts the evidence's clock
(trigger case-closed) and releases the hold unless a referral or forfeiture is open;
paying a sanction starts the clock of its notices (trigger sanction-paid)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from regulator.cases.models import Case
from regulator.cases.types import records_hold_subject
from regulator.core import clock
from regulator.records import selectors as records_selectors
from regulator.records import services as records_services
from regulator.records.types import HoldKind, Trigger


def case_hold_place(*, case: Case, actor: Any) -> None:
    records = [
        record
        for item in case.evidence.all()
        if (record := records_selectors.record_get(reference=item.record_reference)) is not None
    ] + [
        record
        for intake in case.intakes.all()
        if (record := records_selectors.record_get(reference=intake.record_reference)) is not None
    ]
    owner = case.decision_maker or case.investigator
    if owner is None or (not records and case.entity_id is None):
        return
    records_services.hold_place(
        kind=HoldKind.CASE,
        title=f"{case.reference}: {case.matter}"[:200],
        reason=f"Enforcement case {case.reference} is open (CPIA 1996 Code: retain material)",
        owner=owner,
        review_on=clock.local_today() + dt.timedelta(days=180),
        subject=records_hold_subject(case.reference),
        records=records,
        query_entity=case.entity_id,
        actor=actor,
    )


def case_concluded_records(*, case: Case, actor: Any) -> None:
    today = clock.local_today()
    for item in case.evidence.all():
        records_services.record_event(
            source="cases.evidence",
            source_id=f"{case.reference}/E{item.number}",
            trigger=Trigger.CASE_CLOSED,
            occurred_on=today,
            actor=actor,
        )
    for intake in case.intakes.all():
        records_services.record_event(
            source="cases.intake",
            source_id=intake.reference,
            trigger=Trigger.CASE_CLOSED,
            occurred_on=today,
            actor=actor,
        )
    if case.tracks.filter(closed_on__isnull=True).exists():
        return
    for hold in records_selectors.holds_active().filter(
        subject=records_hold_subject(case.reference)
    ):
        records_services.hold_release(
            hold=hold, reason=f"Enforcement case {case.reference} concluded", actor=actor
        )


def sanction_paid_records(*, case: Case, notices: list[Any], paid_on: dt.date, actor: Any) -> None:
    for notice in notices:
        records_services.record_event(
            source="cases.notice",
            source_id=f"{case.reference}/N{notice.number}",
            trigger=Trigger.SANCTION_PAID,
            occurred_on=paid_on,
            actor=actor,
        )
