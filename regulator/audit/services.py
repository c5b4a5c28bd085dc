"""Writes to the audit chain. Every service that changes domain state calls
``audit_record`` inside its own transaction, so the event and the change commit together
(and roll back together)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from regulator.audit import signing, tree
from regulator.audit.hashing import event_hash, format_instant, normalise_payload
from regulator.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent
from regulator.audit.types import CHECKPOINT_WRITTEN, Actor, CheckpointWritten, as_actor
from regulator.core import clock, merkle

Subject = models.Model | tuple[str, str | int] | None


def subject_key(subject: Subject) -> tuple[str, str]:
    if subject is None:
        return "", ""
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, str(subject.pk)
    subject_type, subject_id = subject
    return subject_type, str(subject_id)


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the end of the caller's transaction.

    PostgreSQL: ``SELECT ... FOR UPDATE`` makes concurrent writers queue on this row.
    SQLite: the connection runs IMMEDIATE transactions (settings), so a writer holds the
    database's write lock from BEGIN and the read below already sees the latest head.
    The head row is created on first use (a flushed test database has none), from the
    last event if there is one.
    """
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, digest = last if last is not None else (0, GENESIS_HASH)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": seq, "hash": digest}
    )
    return head


def audit_record(
    *,
    actor: Actor | Any,
    action: str,
    subject: Subject = None,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    ``actor`` is an ``Actor``, a user, or None (anonymous); ``action`` a dotted name such
    as ``register.application_approved``; ``subject`` a model instance or a
    ``(type, id)`` pair; ``payload`` anything JSON can hold (Decimals and dates included).
    Call it inside the transaction of the change it records: if that transaction rolls
    back, so does the event.
    """
    who = as_actor(actor)
    subject_type, subject_id = subject_key(subject)
    # No savepoint of its own: if appending fails, the caller's whole transaction must
    # fail with it (a change must not commit without its event).
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        moment = clock.now().astimezone(dt.UTC)
        fields: dict[str, Any] = {
            "seq": head.seq + 1,
            "occurred_at": format_instant(moment),
            "actor_type": str(who.kind),
            "actor_id": who.id,
            "actor_label": who.label,
            "action": action,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "payload": normalise_payload(payload),
            "prev_hash": head.hash,
        }
        digest = event_hash(fields)
        event = AuditEvent.objects.create(**{**fields, "occurred_at": moment, "hash": digest})
        AuditChainHead.objects.filter(pk=1).update(seq=fields["seq"], hash=digest)
    return event


def _store_append(line: str) -> None:
    """Append one line to the separate checkpoint store and make it durable."""
    path = Path(settings.AUDIT_CHECKPOINT_STORE)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def checkpoint_as_dict(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """The published form of a checkpoint (the JSON at /audit/checkpoints.json and each
    line of the store)."""
    published = {
        "size": checkpoint.size,
        "head_hash": checkpoint.head_hash,
        "created_at": format_instant(checkpoint.created_at),
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }
    if checkpoint.tree_root:  # checkpoints from before the tree sign without it
        published["tree_root"] = checkpoint.tree_root
    return published


def checkpoint_write(*, actor: Actor | Any) -> AuditCheckpoint:
    """Sign the chain's current length and head hash; save the checkpoint in the database
    (published at /audit/checkpoints.json) and append it to the separate store
    (``settings.AUDIT_CHECKPOINT_STORE``); record the act in the chain.

    Raises ``SigningKeyMissingError`` in production when the key file is missing.
    """
    key = signing.private_key()
    public = key.public_key()
    with transaction.atomic():
        head = _locked_head()
        created_at = clock.now()
        stack = tree.stack_at(head.seq)
        fields: dict[str, Any] = {
            "size": head.seq,
            "head_hash": head.hash,
            "tree_root": merkle.stack_root(stack).hex(),
            "created_at": format_instant(created_at),
            "key_id": signing.key_id(public),
        }
        checkpoint = AuditCheckpoint.objects.create(
            size=fields["size"],
            head_hash=fields["head_hash"],
            tree_root=fields["tree_root"],
            tree_stack=[node.hex() for node in stack],
            created_at=created_at,
            key_id=fields["key_id"],
            signature=signing.sign(key, fields),
        )
        # The statement is true whatever happens to this transaction (it speaks only of
        # events already committed), so it is written to the store before the commit:
        # a crash can leave a checkpoint in the store that the table lacks, never the
        # reverse.
        _store_append(json.dumps(checkpoint_as_dict(checkpoint), sort_keys=True))
        audit_record(
            actor=actor,
            action="audit.checkpoint_written",
            subject=checkpoint,
            payload={
                "size": checkpoint.size,
                "head_hash": checkpoint.head_hash,
                "key_id": checkpoint.key_id,
            },
        )
        CHECKPOINT_WRITTEN.fire(
            CheckpointWritten(checkpoint=checkpoint_as_dict(checkpoint), actor=actor)
        )
    return checkpoint
