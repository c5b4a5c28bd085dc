"""Tampering of every kind is detected, and the first broken link is named."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from regulator.audit.hashing import event_hash, format_instant
from regulator.audit.models import AuditChainHead, AuditEvent
from regulator.audit.services import audit_record
from regulator.audit.tests.factories import broken, chain_build, chain_rewrite_from
from regulator.audit.verify import VerifyErrorCode, chain_verify

pytestmark = pytest.mark.django_db


def test_an_untouched_chain_is_valid() -> None:
    events = chain_build(12)
    result = chain_verify()
    assert result.ok
    assert (result.length, result.head_hash) == (12, events[-1].hash)


def test_an_empty_chain_is_valid() -> None:
    result = chain_verify()
    assert result.ok
    assert result.length == 0


def test_an_edited_event_is_named(tamper) -> None:
    chain_build(10)
    with tamper():
        AuditEvent.objects.filter(seq=6).update(payload={"number": 6, "amount": "1.00"})
    result = chain_verify()
    assert result.first is not None
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.EVENT_EDITED, 6)
    assert "edited" in broken(result).message
    assert result.length == 5


@pytest.mark.parametrize("field", ["occurred_at", "actor_label", "action", "subject_id"])
def test_an_edit_to_any_hashed_field_is_detected(tamper, field: str) -> None:
    events = chain_build(4)
    value = events[1].occurred_at.replace(year=2020) if field == "occurred_at" else "forged"
    with tamper():
        AuditEvent.objects.filter(seq=2).update(**{field: value})
    result = chain_verify()
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.EVENT_EDITED, 2)


def test_an_edited_and_rehashed_event_breaks_the_next_link(tamper) -> None:
    chain_build(8)
    with tamper():
        AuditEvent.objects.filter(seq=4).update(action="test.forged")
        event = AuditEvent.objects.get(seq=4)
        fields = {name: getattr(event, name) for name in ("seq", "actor_type", "actor_id")}
        fields.update(
            occurred_at=format_instant(event.occurred_at),
            actor_label=event.actor_label,
            action=event.action,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            payload=event.payload,
            prev_hash=event.prev_hash,
        )
        AuditEvent.objects.filter(seq=4).update(hash=event_hash(fields))
    result = chain_verify()
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.LINK_BROKEN, 5)


def test_a_deleted_event_is_named(tamper) -> None:
    chain_build(10)
    with tamper():
        AuditEvent.objects.filter(seq=4).delete()
    result = chain_verify()
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.EVENTS_MISSING, 5)
    assert broken(result).message == "event #5 comes after #3: event #4 is missing (deleted)"
    assert result.length == 3


def test_a_deletion_with_renumbering_is_named(tamper) -> None:
    events = chain_build(10)
    with tamper():
        AuditEvent.objects.filter(seq=4).delete()
        for seq in range(5, 11):
            AuditEvent.objects.filter(seq=seq).update(seq=F("seq") - 1)
    result = chain_verify()
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.LINK_BROKEN, 4)
    assert "event #3" in broken(result).message
    assert events[2].hash  # the event it now claims to follow


def test_deleting_the_first_events_is_detected(tamper) -> None:
    chain_build(5)
    with tamper():
        AuditEvent.objects.filter(seq__lte=2).delete()
    result = chain_verify()
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.EVENTS_MISSING, 3)


def test_reordered_events_are_named(tamper) -> None:
    chain_build(10)
    with tamper():
        AuditEvent.objects.filter(seq=6).update(seq=1000)
        AuditEvent.objects.filter(seq=7).update(seq=6)
        AuditEvent.objects.filter(seq=1000).update(seq=7)
    result = chain_verify()
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.LINK_BROKEN, 6)


def _forged_fields(seq: int, prev_hash: str, occurred_at) -> dict:
    return {
        "seq": seq,
        "occurred_at": format_instant(occurred_at),
        "actor_type": "system",
        "actor_id": "system",
        "actor_label": "manage.py test",
        "action": "test.inserted",
        "subject_type": "",
        "subject_id": "",
        "payload": {},
        "prev_hash": prev_hash,
    }


def test_an_inserted_event_is_named(tamper) -> None:
    events = chain_build(10)
    with tamper():
        for seq in range(10, 5, -1):
            AuditEvent.objects.filter(seq=seq).update(seq=seq + 1)
        fields = _forged_fields(6, events[4].hash, events[4].occurred_at)
        forged = event_hash(fields)
        # The old #6 must now point at the forgery (each hash has at most one successor).
        AuditEvent.objects.filter(seq=7).update(prev_hash=forged)
        AuditEvent.objects.create(**fields, hash=forged)
        AuditChainHead.objects.filter(pk=1).update(seq=11)
    result = chain_verify()
    # The forged event itself is well formed; the event after it no longer hashes right.
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.EVENT_EDITED, 7)
    assert result.length == 6


def test_an_inserted_event_without_renumbering_is_named(tamper) -> None:
    events = chain_build(6)
    with tamper():
        AuditEvent.objects.filter(seq=4).update(prev_hash="f" * 64)
        fields = _forged_fields(100, events[2].hash, events[2].occurred_at)
        AuditEvent.objects.create(**fields, hash=event_hash(fields))
    result = chain_verify()
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.LINK_BROKEN, 4)


def test_the_database_refuses_a_fork() -> None:
    """Two events can never follow the same hash (prev_hash is unique)."""
    events = chain_build(3)
    fields = _forged_fields(4, events[1].hash, events[1].occurred_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(**fields, hash=event_hash(fields))


def test_a_head_that_disagrees_with_the_last_event_is_named(tamper) -> None:
    chain_build(3)
    AuditChainHead.objects.filter(pk=1).update(seq=2)
    result = chain_verify()
    assert broken(result).code == VerifyErrorCode.HEAD_MISMATCH


def test_truncating_the_end_of_the_chain_is_caught_by_the_head(tamper) -> None:
    chain_build(6)
    with tamper():
        AuditEvent.objects.filter(seq__gte=5).delete()
    result = chain_verify()
    assert broken(result).code == VerifyErrorCode.HEAD_MISMATCH
    assert result.length == 4


def test_a_fully_rewritten_chain_passes_without_checkpoints(tamper) -> None:
    """The limit of a hash chain on its own: hence the published checkpoints
    (test_checkpoints.py shows that they catch this)."""
    chain_build(6)
    with tamper():
        AuditEvent.objects.filter(seq=2).update(payload={"forged": True})
        chain_rewrite_from(2)
    assert chain_verify().ok
    audit_record(actor=None, action="test.after_rewrite")
    assert chain_verify().ok
