from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from regulator.audit.hashing import event_hash
from regulator.audit.models import GENESIS_HASH, ActorType, AuditChainHead, AuditEvent
from regulator.audit.selectors import event_list_for_subject
from regulator.audit.services import audit_record
from regulator.audit.tests.factories import chain_build
from regulator.audit.types import Actor
from regulator.audit.verify import chain_verify
from regulator.core import clock

pytestmark = pytest.mark.django_db


def test_events_are_linked_and_the_head_follows() -> None:
    first, second, third = chain_build(3)
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (3, third.hash)


def test_the_stored_hash_is_sha256_of_the_canonical_json_including_the_previous_hash() -> None:
    import hashlib

    clock.freeze(dt.datetime(2026, 11, 30, 9, 15, 0, 123456, tzinfo=dt.UTC))
    event = audit_record(
        actor=Actor.system("manage.py test"),
        action="test.hashed",
        subject=("register.regulatedentity", 42),
        payload={"amount": Decimal("10.50"), "b": 1, "a": "Ŵ"},
    )
    document = {
        "seq": 1,
        "occurred_at": "2026-11-30T09:15:00.123456+00:00",
        "actor_type": "system",
        "actor_id": "system",
        "actor_label": "manage.py test",
        "action": "test.hashed",
        "subject_type": "register.regulatedentity",
        "subject_id": "42",
        "payload": {"a": "Ŵ", "amount": "10.50", "b": 1},
        "prev_hash": GENESIS_HASH,
    }
    expected = hashlib.sha256(
        '{"action":"test.hashed","actor_id":"system","actor_label":"manage.py test",'
        '"actor_type":"system","occurred_at":"2026-11-30T09:15:00.123456+00:00",'
        '"payload":{"a":"Ŵ","amount":"10.50","b":1},'
        f'"prev_hash":"{GENESIS_HASH}","seq":1,'
        '"subject_id":"42","subject_type":"register.regulatedentity"}'.encode()
    ).hexdigest()
    assert event.hash == event_hash(document) == expected
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.payload == {"a": "Ŵ", "amount": "10.50", "b": 1}
    assert stored.actor_type == ActorType.SYSTEM


def test_a_clock_in_another_zone_is_stored_and_hashed_in_utc() -> None:
    clock.freeze(dt.datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/London")))
    audit_record(actor=None, action="test.summer")
    event = AuditEvent.objects.get()
    assert event.occurred_at == dt.datetime(2026, 7, 1, 11, 0, tzinfo=dt.UTC)
    assert chain_verify().ok


def test_users_anonymous_and_system_actors_are_recorded(django_user_model) -> None:
    user = django_user_model.objects.create_user(username="clerk", password="x")
    audit_record(actor=user, action="test.by_user", subject=user)
    audit_record(actor=None, action="test.by_nobody")
    audit_record(actor=Actor.system("manage.py audit_checkpoint"), action="test.by_system")
    rows = list(AuditEvent.objects.values_list("actor_type", "actor_id", "actor_label"))
    assert rows == [
        ("user", str(user.pk), "clerk"),
        ("anonymous", "", ""),
        ("system", "system", "manage.py audit_checkpoint"),
    ]
    assert AuditEvent.objects.earliest("seq").subject_type == user._meta.label_lower


def test_a_failed_domain_transaction_rolls_back_its_audit_event() -> None:
    chain_build(2)

    class DomainError(Exception):
        pass

    def domain_service() -> None:
        with transaction.atomic():
            audit_record(actor=None, action="test.doomed")
            raise DomainError

    with pytest.raises(DomainError):
        domain_service()

    assert AuditEvent.objects.count() == 2
    assert AuditChainHead.objects.get(pk=1).seq == 2
    nxt = audit_record(actor=None, action="test.after")
    assert nxt.seq == 3
    assert chain_verify().ok


def test_a_missing_head_row_is_recreated_from_the_last_event() -> None:
    events = chain_build(2)
    AuditChainHead.objects.all().delete()  # as after a flush of a test database
    event = audit_record(actor=None, action="test.after_flush")
    assert (event.seq, event.prev_hash) == (3, events[-1].hash)
    assert chain_verify().ok


def test_events_about_one_subject_are_listed_oldest_first(django_user_model) -> None:
    user = django_user_model.objects.create_user(username="treasurer", password="x")
    chain_build(2)
    first = audit_record(actor=None, action="test.first", subject=user)
    audit_record(actor=None, action="test.other", subject=("identity.user", user.pk + 1))
    second = audit_record(actor=None, action="test.second", subject=("identity.user", user.pk))
    assert list(event_list_for_subject(subject=user)) == [first, second]
