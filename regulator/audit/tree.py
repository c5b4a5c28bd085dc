"""The Merkle tree over the audit log that each signed checkpoint also commits to
(``tree_root``), so that one subject's events can be proven, completely, without
handing over anyone else's (a case's referral bundle; docs/audit.md, "The tree of
subjects").

Leaf ``seq - 1`` is the canonical JSON of ``{"hash", "subject_id", "subject_type"}`` of
event ``seq``: what the event is about and its hash, never its content. The tree is RFC
6962's (``core.merkle``). A checkpoint keeps the roots of its perfect subtrees (its
``tree_stack``), so the next checkpoint hashes only the events after it, and the stack at
any size is what a verifier needs to recompute the root from the leaves after it.
"""

from __future__ import annotations

from collections.abc import Iterator

from regulator.audit.hashing import canonical_json
from regulator.audit.models import AuditCheckpoint, AuditEvent
from regulator.core import merkle


def leaf_data(subject_type: str, subject_id: str, digest: str) -> bytes:
    return canonical_json(
        {"hash": digest, "subject_id": subject_id, "subject_type": subject_type}
    ).encode("utf-8")


def leaves(*, first: int, last: int) -> Iterator[tuple[int, str, str, str]]:
    """(seq, subject type, subject id, hash) of events ``first``..``last``, in order."""
    rows = (
        AuditEvent.objects.filter(seq__gte=first, seq__lte=last)
        .order_by("seq")
        .values_list("seq", "subject_type", "subject_id", "hash")
    )
    yield from rows.iterator(chunk_size=5000)


def stack_at(size: int) -> list[bytes]:
    """The subtree roots of the tree of events 1..``size``: from the nearest checkpoint
    at or below ``size`` that kept its stack, then a leaf at a time."""
    start = (
        AuditCheckpoint.objects.filter(size__lte=size)
        .exclude(tree_root="")
        .order_by("-size")
        .values_list("size", "tree_stack")
        .first()
    )
    done, stack = (start[0], [bytes.fromhex(h) for h in start[1]]) if start else (0, [])
    for seq, subject_type, subject_id, digest in leaves(first=done + 1, last=size):
        merkle.stack_push(
            stack, seq - 1, merkle.leaf_hash(leaf_data(subject_type, subject_id, digest))
        )
    return stack
