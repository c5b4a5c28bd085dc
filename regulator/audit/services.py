"""Writes to the audit chain. Every service that changes domain state calls
``audit_record`` inside its own transaction, so the event and the change commit together."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from regulator.audit.actors import Actor, as_actor
from regulator.audit.hashing import event_hash, normalise_payload
from regulator.audit.models import AuditChainHead, AuditEvent
from regulator.core import clock

Subject = models.Model | tuple[str, str | int] | None


def _subject_key(subject: Subject) -> tuple[str, str]:
    if subject is None:
        return "", ""
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, str(subject.pk)
    subject_type, subject_id = subject
    return subject_type, str(subject_id)


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
    """
    who = as_actor(actor)
    subject_type, subject_id = _subject_key(subject)
    with transaction.atomic():
        # Lock the head row: concurrent writers queue here, so each sees the latest hash
        # and the chain cannot fork. (SQLite serialises writers through IMMEDIATE
        # transactions instead; select_for_update is a no-op there.)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        fields: dict[str, Any] = {
            "seq": head.seq + 1,
            "occurred_at": clock.now().isoformat(),
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
        event = AuditEvent.objects.create(**{**fields, "hash": digest})
        AuditChainHead.objects.filter(pk=1).update(seq=fields["seq"], hash=digest)
    return event
