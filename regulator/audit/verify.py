"""Verify the audit chain: recompute every hash and link, in seq order, in constant
memory (events are streamed with ``.iterator()``), and compare the chain against signed
checkpoints. Reads only; used by ``manage.py audit_verify`` and by tests.

The first problem found is reported and verification stops there: after a broken link
every later link is suspect anyway.
"""

from __future__ import annotations

import json
import urllib.request
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from regulator.audit import signing, tree
from regulator.audit.hashing import HASHED_FIELDS, event_hash, format_instant
from regulator.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent
from regulator.core import merkle
from regulator.core.errors import RegulatorError

# How many recent hashes to remember for explaining a broken link (bounded memory).
RECENT_HASHES = 10_000
CHUNK_SIZE = 2_000


class VerifyErrorCode(StrEnum):
    EVENT_EDITED = "event-edited"  # the stored hash is not the hash of the stored event
    EVENTS_MISSING = "events-missing"  # a gap in seq: events deleted
    LINK_BROKEN = "link-broken"  # prev_hash is not the previous event's hash
    HEAD_MISMATCH = "head-mismatch"  # the chain head row disagrees with the last event
    CHECKPOINT_UNKNOWN_KEY = "checkpoint-unknown-key"
    CHECKPOINT_SIGNATURE = "checkpoint-bad-signature"
    CHECKPOINT_MISMATCH = "checkpoint-mismatch"  # the chain at that size has another hash
    CHECKPOINT_BEYOND_CHAIN = "checkpoint-beyond-chain"  # the chain is shorter: truncated
    CHECKPOINT_TREE = "checkpoint-tree-mismatch"  # the tree of subjects has another root


class CheckpointSourceError(RegulatorError):
    code = "audit_checkpoint_source"


@dataclass(frozen=True)
class Finding:
    code: VerifyErrorCode
    seq: int | None
    message: str


@dataclass(frozen=True)
class Checkpoint:
    size: int
    head_hash: str
    created_at: str
    key_id: str
    signature: str
    source: str
    tree_root: str = ""

    def fields(self) -> dict[str, Any]:
        """What the signature covers: the tree's root too, on checkpoints that have one."""
        signed = {
            "size": self.size,
            "head_hash": self.head_hash,
            "created_at": self.created_at,
            "key_id": self.key_id,
        }
        if self.tree_root:
            signed["tree_root"] = self.tree_root
        return signed


@dataclass
class VerifyResult:
    length: int = 0
    head_hash: str = GENESIS_HASH
    checkpoints_checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def first(self) -> Finding | None:
        return self.findings[0] if self.findings else None


# --- Checkpoints ------------------------------------------------------------------------


def _checkpoint_from(item: Any, source: str, position: str) -> Checkpoint:
    if not isinstance(item, dict):
        raise CheckpointSourceError(f"{source}: {position} is not a JSON object")
    try:
        size = item["size"]
        values = {name: item[name] for name in ("head_hash", "created_at", "key_id", "signature")}
    except KeyError as missing:
        raise CheckpointSourceError(f"{source}: {position} has no {missing}") from None
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise CheckpointSourceError(f"{source}: {position} has an invalid size {size!r}")
    if "tree_root" in item:
        values["tree_root"] = item["tree_root"]
    for name, value in values.items():
        if not isinstance(value, str):
            raise CheckpointSourceError(f"{source}: {position} has an invalid {name} {value!r}")
    return Checkpoint(size=size, source=source, **values)


def parse_checkpoints(text: str, source: str) -> list[Checkpoint]:
    """Accept the published document ({"checkpoints": [...]}), a JSON list, or the
    store's JSON lines (one checkpoint per line)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        checkpoints = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise CheckpointSourceError(
                    f"{source}: line {number} is not JSON ({error.msg})"
                ) from None
            checkpoints.append(_checkpoint_from(item, source, f"line {number}"))
        return checkpoints
    if isinstance(document, dict) and "checkpoints" in document:
        document = document["checkpoints"]
    elif isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise CheckpointSourceError(f"{source}: expected a list of checkpoints")
    return [
        _checkpoint_from(item, source, f"checkpoint {index}")
        for index, item in enumerate(document, start=1)
    ]


def read_source(location: str, *, timeout: float = 30) -> bytes:
    """The bytes of a local file or an http(s) URL."""
    if location.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(location, timeout=timeout) as response:  # noqa: S310
                body: bytes = response.read()
                return body
        except OSError as error:
            raise CheckpointSourceError(f"{location}: could not be fetched ({error})") from None
    try:
        return Path(location).read_bytes()
    except OSError as error:
        raise CheckpointSourceError(f"{location}: could not be read ({error.strerror})") from None


def load_checkpoints(location: str) -> list[Checkpoint]:
    data = read_source(location)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CheckpointSourceError(f"{location}: is not UTF-8 text") from None
    return parse_checkpoints(text, location)


def load_public_key(location: str) -> Ed25519PublicKey:
    try:
        return signing.load_public_key_pem(read_source(location))
    except (ValueError, signing.SigningKeyInvalidError) as error:
        raise CheckpointSourceError(f"{location}: not an Ed25519 public key ({error})") from None


def database_checkpoints() -> list[Checkpoint]:
    return [
        Checkpoint(
            size=c.size,
            head_hash=c.head_hash,
            created_at=format_instant(c.created_at),
            key_id=c.key_id,
            signature=c.signature,
            tree_root=c.tree_root,
            source="database",
        )
        for c in AuditCheckpoint.objects.order_by("size").iterator()
    ]


def _check_signatures(
    checkpoints: Iterable[Checkpoint], keys: dict[str, Ed25519PublicKey]
) -> Finding | None:
    for checkpoint in checkpoints:
        public = keys.get(checkpoint.key_id)
        if public is None:
            return Finding(
                VerifyErrorCode.CHECKPOINT_UNKNOWN_KEY,
                checkpoint.size,
                f"checkpoint at size {checkpoint.size} ({checkpoint.source}) is signed by "
                f"key {checkpoint.key_id}, which is not among the public keys given "
                f"({', '.join(sorted(keys)) or 'none'})",
            )
        if not signing.signature_valid(public, checkpoint.fields(), checkpoint.signature):
            return Finding(
                VerifyErrorCode.CHECKPOINT_SIGNATURE,
                checkpoint.size,
                f"checkpoint at size {checkpoint.size} ({checkpoint.source}) has an invalid "
                "signature: it was not written by the holder of the signing key",
            )
    return None


# --- The chain --------------------------------------------------------------------------


def _events() -> Iterator[tuple[Any, ...]]:
    return (
        AuditEvent.objects.order_by("seq")
        .values_list(*HASHED_FIELDS, "hash")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def chain_verify(
    *,
    checkpoints: Iterable[Checkpoint] = (),
    public_keys: Iterable[Ed25519PublicKey] = (),
    check_signatures: bool = True,
) -> VerifyResult:
    """Recompute the chain and compare it with ``checkpoints``.

    With ``check_signatures``, every checkpoint's signature must verify against one of
    ``public_keys`` (matched by key id).
    """
    result = VerifyResult()
    by_size: dict[int, list[Checkpoint]] = {}
    unique = {(c.size, c.head_hash, c.signature): c for c in checkpoints}
    for checkpoint in unique.values():
        by_size.setdefault(checkpoint.size, []).append(checkpoint)
    if check_signatures:
        keys = {signing.key_id(key): key for key in public_keys}
        finding = _check_signatures(unique.values(), keys)
        if finding is not None:
            result.findings.append(finding)
            return result

    # The tree of subjects (audit.tree) grown an event at a time alongside the chain.
    stack: list[bytes] = []

    def check_checkpoints_at(size: int, digest: str) -> Finding | None:
        for checkpoint in by_size.get(size, ()):
            result.checkpoints_checked += 1
            if checkpoint.head_hash != digest:
                return Finding(
                    VerifyErrorCode.CHECKPOINT_MISMATCH,
                    size,
                    f"checkpoint at size {size} ({checkpoint.source}, signed "
                    f"{checkpoint.created_at}) says the hash of event #{size} was "
                    f"{checkpoint.head_hash}, but the chain now has {digest}: the events up "
                    f"to #{size} were rewritten",
                )
            if checkpoint.tree_root and checkpoint.tree_root != merkle.stack_root(stack).hex():
                return Finding(
                    VerifyErrorCode.CHECKPOINT_TREE,
                    size,
                    f"checkpoint at size {size} ({checkpoint.source}, signed "
                    f"{checkpoint.created_at}) commits to the tree of subjects "
                    f"{checkpoint.tree_root}, but the events up to #{size} give "
                    f"{merkle.stack_root(stack).hex()}",
                )
        return None

    def stop(finding: Finding) -> VerifyResult:
        result.findings.append(finding)
        return result

    finding = check_checkpoints_at(0, GENESIS_HASH)
    if finding:
        return stop(finding)
    previous_hash = GENESIS_HASH
    expected_seq = 1
    recent: OrderedDict[str, int] = OrderedDict()
    for row in _events():
        fields = dict(zip(HASHED_FIELDS, row[:-1], strict=True))
        stored_hash = row[-1]
        seq = fields["seq"]
        if seq != expected_seq:
            return stop(
                Finding(
                    VerifyErrorCode.EVENTS_MISSING,
                    seq,
                    f"event #{seq} comes after #{expected_seq - 1}: "
                    f"{'event' if seq - expected_seq == 1 else 'events'} #{expected_seq}"
                    f"{'' if seq - expected_seq == 1 else f'..#{seq - 1}'} "
                    f"{'is' if seq - expected_seq == 1 else 'are'} missing (deleted)",
                )
            )
        if fields["prev_hash"] != previous_hash:
            follows = recent.get(fields["prev_hash"])
            if follows is not None:
                why = (
                    f"its previous hash is that of event #{follows}: events after "
                    f"#{follows} were deleted or reordered"
                )
            else:
                why = (
                    "its previous hash matches no earlier event: an event was inserted or "
                    f"reordered here, or #{seq - 1} was rewritten"
                )
            return stop(
                Finding(
                    VerifyErrorCode.LINK_BROKEN,
                    seq,
                    f"event #{seq} does not follow event #{seq - 1} ({why})",
                )
            )
        fields["occurred_at"] = format_instant(fields["occurred_at"])
        computed = event_hash(fields)
        if computed != stored_hash:
            return stop(
                Finding(
                    VerifyErrorCode.EVENT_EDITED,
                    seq,
                    f"event #{seq} ({fields['action']}) was edited: its content hashes to "
                    f"{computed}, not to its stored hash {stored_hash}",
                )
            )
        previous_hash = stored_hash
        merkle.stack_push(
            stack,
            seq - 1,
            merkle.leaf_hash(
                tree.leaf_data(fields["subject_type"], fields["subject_id"], stored_hash)
            ),
        )
        recent[stored_hash] = seq
        if len(recent) > RECENT_HASHES:
            recent.popitem(last=False)
        result.length = seq
        result.head_hash = stored_hash
        expected_seq += 1
        finding = check_checkpoints_at(seq, stored_hash)
        if finding:
            return stop(finding)

    beyond = [size for size in by_size if size > result.length]
    if beyond:
        size = min(beyond)
        return stop(
            Finding(
                VerifyErrorCode.CHECKPOINT_BEYOND_CHAIN,
                size,
                f"a checkpoint ({by_size[size][0].source}) covers {size} events but the "
                f"chain has only {result.length}: events after #{result.length} were deleted",
            )
        )
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    head_seq, head_hash = head if head is not None else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (result.length, result.head_hash):
        return stop(
            Finding(
                VerifyErrorCode.HEAD_MISMATCH,
                head_seq,
                f"the chain head says #{head_seq} {head_hash}, but the last event is "
                f"#{result.length} {result.head_hash}",
            )
        )
    return result
