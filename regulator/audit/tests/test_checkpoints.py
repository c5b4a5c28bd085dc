"""Signed checkpoints: written by the command, published, stored separately, and able to
catch a chain that was rewritten from end to end."""

from __future__ import annotations

import dataclasses
import json
import stat
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from regulator.audit import signing
from regulator.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from regulator.audit.services import checkpoint_as_dict, checkpoint_write
from regulator.audit.tests.factories import broken, chain_build, chain_rewrite_from
from regulator.audit.types import Actor
from regulator.audit.verify import (
    Checkpoint,
    VerifyErrorCode,
    chain_verify,
    database_checkpoints,
    load_checkpoints,
)

pytestmark = pytest.mark.django_db


def _store_lines(settings) -> list[dict]:
    return [json.loads(line) for line in settings.AUDIT_CHECKPOINT_STORE.read_text().splitlines()]


def _public_keys():
    return [signing.private_key(create=False).public_key()]


def test_the_command_signs_publishes_stores_and_records_a_checkpoint(settings) -> None:
    events = chain_build(5)
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)

    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.size, checkpoint.head_hash) == (5, events[-1].hash)
    assert "size 5" in out.getvalue()
    # The key was generated on first use, readable by its owner only.
    key_file = settings.AUDIT_SIGNING_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    public = signing.private_key(create=False).public_key()
    assert checkpoint.key_id == signing.key_id(public)
    published = checkpoint_as_dict(checkpoint)
    assert signing.signature_valid(public, published, checkpoint.signature)
    # The separate store holds the same signed statement.
    assert _store_lines(settings) == [published]
    # The act is in the chain, by the system actor; then the records area keeps the
    # checkpoint as a record (CHECKPOINT_WRITTEN), in the same transaction.
    event, declared = AuditEvent.objects.filter(seq__gt=5).order_by("seq")
    assert declared.action == "records.record_declared"
    assert (event.seq, event.action) == (6, "audit.checkpoint_written")
    assert (event.actor_type, event.actor_label) == ("system", "manage.py audit_checkpoint")
    assert event.payload == {"size": 5, "head_hash": events[-1].hash, "key_id": checkpoint.key_id}
    assert chain_verify(checkpoints=database_checkpoints(), public_keys=[public]).ok


def test_each_checkpoint_covers_the_previous_ones_event(settings) -> None:
    chain_build(2)
    first = checkpoint_write(actor=Actor.system("test"))
    second = checkpoint_write(actor=Actor.system("test"))
    # 3 is the first checkpoint's event, 4 the records area's declaring it as a record.
    assert (first.size, second.size) == (2, 4)
    assert [line["size"] for line in _store_lines(settings)] == [2, 4]
    # The same key signs both.
    assert first.key_id == second.key_id


def test_an_empty_chain_can_be_checkpointed() -> None:
    checkpoint = checkpoint_write(actor=Actor.system("test"))
    assert (checkpoint.size, checkpoint.head_hash) == (0, "0" * 64)
    result = chain_verify(checkpoints=database_checkpoints(), public_keys=_public_keys())
    assert result.ok
    assert result.checkpoints_checked == 1


def test_production_refuses_to_checkpoint_without_the_key_file(settings) -> None:
    settings.SETTINGS_MODULE = "config.settings.production"
    chain_build(1)
    with pytest.raises(CommandError, match="AUDIT_SIGNING_KEY_FILE"):
        call_command("audit_checkpoint", stdout=StringIO())
    assert not settings.AUDIT_SIGNING_KEY_FILE.exists()
    assert not settings.AUDIT_CHECKPOINT_STORE.exists()
    assert AuditCheckpoint.objects.count() == 0
    assert AuditEvent.objects.count() == 1


def test_production_signs_with_a_key_file_that_exists(settings) -> None:
    signing.private_key()  # provisioned beforehand, as an operator would
    settings.SETTINGS_MODULE = "config.settings.production"
    call_command("audit_checkpoint", stdout=StringIO())
    assert AuditCheckpoint.objects.count() == 1


def test_generation_can_be_switched_off_outside_production(settings) -> None:
    settings.AUDIT_SIGNING_KEY_AUTOGENERATE = False
    with pytest.raises(signing.SigningKeyMissingError):
        checkpoint_write(actor=Actor.system("test"))


@pytest.mark.parametrize(
    "content",
    [b"not a key", b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"],
)
def test_an_unreadable_key_file_is_a_clear_error(settings, content: bytes) -> None:
    settings.AUDIT_SIGNING_KEY_FILE.parent.mkdir(parents=True)
    settings.AUDIT_SIGNING_KEY_FILE.write_bytes(content)
    with pytest.raises(CommandError, match="not an unencrypted PEM private key"):
        call_command("audit_checkpoint", stdout=StringIO())
    assert AuditCheckpoint.objects.count() == 0


def test_a_rewritten_chain_is_caught_by_the_published_checkpoints(tamper, settings) -> None:
    chain_build(6)
    checkpoint = checkpoint_write(actor=Actor.system("test"))
    chain_build(3)
    # The attacker edits event 2, recomputes every later hash and moves the head: the
    # chain is internally consistent again...
    with tamper():
        AuditEvent.objects.filter(seq=2).update(payload={"forged": True})
        chain_rewrite_from(2)
    assert chain_verify().ok
    # ...but not with the checkpoint signed before the rewrite.
    result = chain_verify(checkpoints=database_checkpoints(), public_keys=_public_keys())
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.CHECKPOINT_MISMATCH, 6)
    assert checkpoint.head_hash in broken(result).message


def test_the_separate_store_catches_a_rewrite_that_also_removed_the_checkpoints(
    tamper, settings
) -> None:
    chain_build(4)
    checkpoint_write(actor=Actor.system("test"))
    with tamper():
        AuditCheckpoint.objects.all().delete()
        AuditEvent.objects.filter(seq=1).update(action="test.forged")
        chain_rewrite_from(1)
    assert chain_verify(checkpoints=database_checkpoints(), public_keys=_public_keys()).ok
    stored = load_checkpoints(str(settings.AUDIT_CHECKPOINT_STORE))
    result = chain_verify(checkpoints=stored, public_keys=_public_keys())
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.CHECKPOINT_MISMATCH, 4)


def test_a_chain_shorter_than_a_checkpoint_was_truncated(tamper) -> None:
    chain_build(5)
    checkpoint_write(actor=Actor.system("test"))
    with tamper():
        AuditEvent.objects.filter(seq__gte=4).delete()
        AuditChainHead.objects.filter(pk=1).update(seq=3, hash=AuditEvent.objects.get(seq=3).hash)
    result = chain_verify(checkpoints=database_checkpoints(), public_keys=_public_keys())
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.CHECKPOINT_BEYOND_CHAIN, 5)


def test_a_forged_checkpoint_is_refused(tamper) -> None:
    chain_build(3)
    real = checkpoint_write(actor=Actor.system("test"))
    forged = Checkpoint(
        size=2,
        head_hash=real.head_hash,
        created_at=checkpoint_as_dict(real)["created_at"],
        key_id=real.key_id,
        signature=real.signature,
        source="forged",
    )
    result = chain_verify(checkpoints=[forged], public_keys=_public_keys())
    assert (broken(result).code, broken(result).seq) == (VerifyErrorCode.CHECKPOINT_SIGNATURE, 2)


def test_a_checkpoint_signed_by_another_key_is_refused() -> None:
    chain_build(3)
    other = Ed25519PrivateKey.generate()
    unsigned = Checkpoint(
        size=3,
        head_hash=AuditEvent.objects.get(seq=3).hash,
        created_at="2026-11-30T12:00:00+00:00",
        key_id=signing.key_id(other.public_key()),
        signature="",
        source="elsewhere",
    )
    checkpoint = dataclasses.replace(unsigned, signature=signing.sign(other, unsigned.fields()))
    signing.private_key()  # the regulator's own key
    result = chain_verify(checkpoints=[checkpoint], public_keys=_public_keys())
    assert broken(result).code == VerifyErrorCode.CHECKPOINT_UNKNOWN_KEY
    # With the other key given as well, the same checkpoint verifies.
    assert chain_verify(
        checkpoints=[checkpoint], public_keys=[*_public_keys(), other.public_key()]
    ).ok
