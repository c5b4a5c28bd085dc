"""The audit proof in a case's referral bundle: the case's events whole, and what shows
they are all of them up to a signed checkpoint without anyone else's (docs/cases.md,
"The audit proof"; docs/audit.md, "The tree of subjects")."""

from __future__ import annotations

import json
import tempfile
from typing import IO, Any

from regulator.audit import selectors as audit_selectors
from regulator.audit import services as audit_services
from regulator.cases.models import Case

SPOOL_BYTES = 16 * 1024 * 1024  # a member larger than this is spooled to disk
Source = bytes | IO[bytes]


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def audit_proof(case: Case, actor: Any) -> tuple[dict[str, Source], dict[str, Any]]:
    """The case's events, whole, and the proof that they are all of its events up to a
    signed checkpoint: every event's subject and hash (never its content) from the case's
    first event on, and the tree's subtree roots before it, which together give the
    checkpoint's signed tree root (docs/audit.md, "The tree of subjects"). Nobody else's
    events are in the bundle."""
    seqs = list(audit_selectors.event_list_for_subject(subject=case).values_list("seq", flat=True))
    key = audit_selectors.checkpoint_public_key()
    checkpoint = None
    if key is not None:
        checkpoint = audit_selectors.checkpoint_covering(seq=seqs[-1], key_id=key["key_id"])
    if checkpoint is None or not checkpoint.get("tree_root"):
        checkpoint = audit_services.checkpoint_as_dict(audit_services.checkpoint_write(actor=actor))
        key = audit_selectors.checkpoint_public_key()
    assert key is not None  # writing a checkpoint made the key
    size, first = checkpoint["size"], seqs[0]
    events = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  # closed with the zip
    for fields in audit_selectors.events_hashed(first=first, last=size, subject=case):
        events.write((json.dumps(fields, sort_keys=True, ensure_ascii=False) + "\n").encode())
    leaves = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  # closed with the zip
    for leaf in audit_selectors.tree_leaves(first=first, last=size):
        leaves.write((json.dumps(leaf, sort_keys=True, ensure_ascii=False) + "\n").encode())
    subject_type, subject_id = audit_services.subject_key(case)
    case_events = {
        "reference": case.reference,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "seqs": [seq for seq in seqs if seq <= size],
    }
    published = {
        "checkpoint": checkpoint,
        "public_key": key,
        "published_at": "/audit/checkpoints.json and /audit/public-key.pem",
    }
    stack = {"size": first - 1, "roots": audit_selectors.tree_stack(size=first - 1)}
    return (
        {
            "audit/events.jsonl": events,
            "audit/leaves.jsonl": leaves,
            "audit/stack.json": _json(stack),
            "audit/case_events.json": _json(case_events),
            "audit/checkpoint.json": _json(published),
        },
        checkpoint,
    )
