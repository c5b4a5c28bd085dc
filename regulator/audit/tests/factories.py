"""Building audit chains for tests: events through the real service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from regulator.audit.hashing import event_hash, format_instant
from regulator.audit.models import AuditChainHead, AuditEvent
from regulator.audit.services import audit_record
from regulator.audit.types import Actor
from regulator.audit.verify import Finding, VerifyResult


def chain_build(length: int, *, action: str = "test.thing_done") -> list[AuditEvent]:
    """``length`` events with varied actors, subjects and payloads (Decimals, dates,
    Welsh text, nesting), as real services write them."""
    events = []
    for number in range(1, length + 1):
        actor = Actor.system("manage.py test") if number % 2 else Actor.anonymous("visitor")
        events.append(
            audit_record(
                actor=actor,
                action=action,
                subject=("register.regulatedentity", number),
                payload={
                    "number": number,
                    "amount": Decimal("1500.50") * number,
                    "on": dt.date(2026, 1, 1) + dt.timedelta(days=number),
                    "name": f"Plaid Cymru \u2013 Ynys Môn {number}",
                    "nested": {"list": [1, "two", None, True], "float": 0.1 * number},
                },
            )
        )
    return events


def chain_rewrite_from(seq: int) -> None:
    """What a careful attacker does after changing the table: recompute every hash and
    link from ``seq`` on, and move the head, so the chain is internally consistent."""
    previous = AuditEvent.objects.filter(seq=seq - 1).values_list("hash", flat=True).first()
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        fields = {
            "seq": event.seq,
            "occurred_at": format_instant(event.occurred_at),
            "actor_type": event.actor_type,
            "actor_id": event.actor_id,
            "actor_label": event.actor_label,
            "action": event.action,
            "subject_type": event.subject_type,
            "subject_id": event.subject_id,
            "payload": event.payload,
            "prev_hash": previous or "0" * 64,
        }
        digest = event_hash(fields)
        # Temporary unique values first, so the rewrite never collides with itself.
        AuditEvent.objects.filter(pk=event.pk).update(
            prev_hash=f"tmp{event.seq}", hash=f"tmph{event.seq}"
        )
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=fields["prev_hash"], hash=digest)
        previous = digest
    last = AuditEvent.objects.latest("seq")
    AuditChainHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)


def broken(result: VerifyResult) -> Finding:
    """The first finding of a verification that must have failed."""
    assert result.first is not None, "the chain verified, but a problem was expected"
    return result.first
