"""The tree of subjects each checkpoint signs (audit.tree): its root is RFC 6962's over
every event's (subject, hash), grown from the last checkpoint's stack, and audit_verify
finds a checkpoint whose tree does not match the events."""

from __future__ import annotations

import dataclasses

import pytest

from regulator.audit import signing, tree
from regulator.audit.services import checkpoint_write
from regulator.audit.tests.factories import chain_build
from regulator.audit.types import Actor
from regulator.audit.verify import VerifyErrorCode, chain_verify, database_checkpoints
from regulator.core import merkle

ACTOR = Actor.system("tests")


def _from_scratch(size: int) -> str:
    return merkle.root(
        [
            merkle.leaf_hash(tree.leaf_data(subject_type, subject_id, digest))
            for _seq, subject_type, subject_id, digest in tree.leaves(first=1, last=size)
        ]
    ).hex()


@pytest.mark.django_db
def test_each_checkpoint_signs_the_root_of_the_tree_of_subjects():
    chain_build(5)
    first = checkpoint_write(actor=ACTOR)
    assert first.tree_root == _from_scratch(first.size)
    assert len(first.tree_stack) == bin(first.size).count("1")
    chain_build(6)
    second = checkpoint_write(actor=ACTOR)  # grown from the first one's stack
    assert second.size > first.size
    assert second.tree_root == _from_scratch(second.size)
    result = chain_verify(
        checkpoints=database_checkpoints(), public_keys=[signing.private_key().public_key()]
    )
    assert result.ok, result.findings
    assert result.checkpoints_checked == 2


@pytest.mark.django_db
def test_a_signed_checkpoint_whose_tree_is_not_the_events_is_found():
    chain_build(4)
    real = database_checkpoints()
    checkpoint_write(actor=ACTOR)
    (genuine,) = [c for c in database_checkpoints() if c not in real]
    key = signing.private_key()
    forged = dataclasses.replace(genuine, tree_root="ab" * 32, source="forged.json")
    forged = dataclasses.replace(forged, signature=signing.sign(key, forged.fields()))
    result = chain_verify(checkpoints=[forged], public_keys=[key.public_key()])
    assert result.first is not None
    assert result.first.code == VerifyErrorCode.CHECKPOINT_TREE
    assert result.first.seq == genuine.size


@pytest.mark.django_db
def test_the_tree_root_is_under_the_signature():
    chain_build(3)
    checkpoint_write(actor=ACTOR)
    (genuine,) = database_checkpoints()
    public = signing.private_key().public_key()
    assert signing.signature_valid(public, genuine.fields(), genuine.signature)
    moved = dataclasses.replace(genuine, tree_root="cd" * 32)
    assert not signing.signature_valid(public, moved.fields(), moved.signature)
    result = chain_verify(checkpoints=[moved], public_keys=[public])
    assert result.first is not None
    assert result.first.code == VerifyErrorCode.CHECKPOINT_SIGNATURE
