"""Reads of the audit log for other areas (e.g. a history panel on a case or a return).
Verification lives in verify.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet

from regulator.audit import signing, tree
from regulator.audit.hashing import HASHED_FIELDS, format_instant
from regulator.audit.models import AuditCheckpoint, AuditEvent
from regulator.audit.services import Subject, checkpoint_as_dict, subject_key


def event_list_for_subject(*, subject: Subject) -> QuerySet[AuditEvent]:
    """Every event about one subject (a model instance or a ``(type, id)`` pair), oldest
    first. Callers decide who may see it: payloads can hold internal detail."""
    subject_type, subject_id = subject_key(subject)
    return AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by(
        "seq"
    )


def event_list_naming(*, subject: Subject, payload_key: str) -> QuerySet[AuditEvent]:
    """Every event about ``subject`` or naming it in its payload under ``payload_key``
    (e.g. a regulated entity and everything whose payload has its ``entity_id``), oldest
    first."""
    subject_type, subject_id = subject_key(subject)
    named: object = int(subject_id) if subject_id.isdigit() else subject_id
    return AuditEvent.objects.filter(
        Q(subject_type=subject_type, subject_id=subject_id)
        | Q(**{f"payload__{payload_key}": named})
    ).order_by("seq")


def events_hashed(
    *, first: int, last: int, subject: Subject | None = None
) -> Iterator[dict[str, Any]]:
    """Events ``first``..``last`` (of one ``subject`` if given) in the exact form their
    hash covers (``occurred_at`` as ``format_instant`` writes it, the payload as stored)
    plus the hash, oldest first and streamed: what a verifier without this code base
    recomputes (a case's referral bundle)."""
    selected = AuditEvent.objects.filter(seq__gte=first, seq__lte=last)
    if subject is not None:
        subject_type, subject_id = subject_key(subject)
        selected = selected.filter(subject_type=subject_type, subject_id=subject_id)
    rows = selected.order_by("seq").values_list(*HASHED_FIELDS, "hash")
    for *values, digest in rows.iterator(chunk_size=2000):
        fields = dict(zip(HASHED_FIELDS, values, strict=True))
        fields["occurred_at"] = format_instant(fields["occurred_at"])
        yield {**fields, "hash": digest}


def checkpoint_public_key() -> dict[str, str] | None:
    """The key that signs checkpoints now: its id, the raw 32 bytes as hex (for a verifier
    with no PEM parser) and the PEM published at /audit/public-key.pem; None until a key
    exists."""
    try:
        public = signing.private_key(create=False).public_key()
    except signing.SigningKeyMissingError:
        return None
    return {
        "key_id": signing.key_id(public),
        "raw_hex": signing.public_key_raw(public).hex(),
        "pem": signing.public_key_pem(public),
    }


def checkpoint_covering(*, seq: int, key_id: str) -> dict[str, Any] | None:
    """The newest checkpoint signed with ``key_id`` whose size includes event ``seq``, in
    its published form; None when no checkpoint covers it yet."""
    checkpoint = (
        AuditCheckpoint.objects.filter(size__gte=seq, key_id=key_id).order_by("-size").first()
    )
    return checkpoint_as_dict(checkpoint) if checkpoint is not None else None


def tree_leaves(*, first: int, last: int) -> Iterator[dict[str, Any]]:
    """The leaves of the tree of subjects for events ``first``..``last``: each event's
    subject and hash, never its content (docs/audit.md, "The tree of subjects")."""
    for seq, subject_type, subject_id, digest in tree.leaves(first=first, last=last):
        yield {"seq": seq, "subject_type": subject_type, "subject_id": subject_id, "hash": digest}


def tree_stack(*, size: int) -> list[str]:
    """The roots of the perfect subtrees of the tree of events 1..``size`` (hex): with
    the leaves after ``size`` they give the root a checkpoint signs."""
    return [node.hex() for node in tree.stack_at(size)]
