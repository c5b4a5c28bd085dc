"""Proving imported rows against their file's Merkle root (read-only).

``record_inclusion_proof`` answers "is this row, as it reads now, what the file's audit
event committed to?" with an RFC 9162 inclusion proof; ``import_batch_check`` goes over a
whole batch and names every row that was edited, removed or added since. The root that
counts is the one in the audit event (the hash chain and the signed checkpoints protect
it); the ``ImportBatch`` row is only a copy, and a difference between the two is
reported. docs/audit.md, "Rows proven by a Merkle root".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from regulator.audit.selectors import event_list_for_subject
from regulator.core import merkle
from regulator.finance import row_proof
from regulator.finance.models import TRANSACTION_MODELS, ImportBatch


def _event_root(batch: ImportBatch) -> tuple[int | None, str]:
    """The event's sequence number and the root its payload states."""
    for event in event_list_for_subject(subject=("disclosure.ec_file", batch.sha256)):
        if event.payload.get("batch") == batch.pk:
            return event.seq, str(event.payload["merkle_root"])
    return None, ""


def _stored_leaves(kind: str, batch_id: int) -> list[tuple[int, str, int | None, bytes]]:
    model = TRANSACTION_MODELS[kind]
    rows = (
        model.all_objects.filter(import_batch_id=batch_id)
        .order_by("import_leaf", "pk")
        .values_list("pk", "ec_ref", "import_leaf", "row_digest")
    )
    return [(pk, ref, leaf, bytes(digest or b"")) for pk, ref, leaf, digest in rows]


def _committed_path(batch: ImportBatch, index: int) -> list[bytes] | None:
    """The audit path from the tree the batch kept when it closed: one block of leaves
    (read as a slice of the stored bytes) and the block roots. None for a batch closed
    before the tree was kept."""
    if batch.chunk_roots is None or not 0 <= index < batch.size:
        return None
    chunk = merkle.CHUNK
    table = connection.ops.quote_name(ImportBatch._meta.db_table)
    with connection.cursor() as cursor:
        # substr counts from 1 on both databases and works on bytes (bytea, BLOB).
        cursor.execute(
            f"SELECT substr(leaves, %s, %s) FROM {table} WHERE id = %s",  # noqa: S608  # the table name is the model's own
            [(index // chunk) * chunk * 32 + 1, chunk * 32, batch.pk],
        )
        (block,) = cursor.fetchone()
    return merkle.inclusion_proof_chunked(
        index, merkle.unpack(bytes(block or b"")), merkle.unpack(bytes(batch.chunk_roots))
    )


def record_inclusion_proof(*, kind: str, ec_ref: str) -> dict[str, Any] | None:
    """The inclusion proof of a record in the batch that last wrote it, from the row as
    it reads now; None when the record was not written by a proven import."""
    model = TRANSACTION_MODELS[kind]
    obj = model.all_objects.filter(ec_ref=ec_ref).first()
    if obj is None or obj.import_batch_id is None or obj.import_leaf is None:
        return None
    batch = ImportBatch.objects.defer("leaves").get(pk=obj.import_batch_id)
    index = obj.import_leaf
    fields = row_proof.leaf_fields(kind)
    record = {name: getattr(obj, name) for name, _type in fields}
    leaf_data = row_proof.leaf_data(kind, fields, record)
    leaf = merkle.leaf_hash(leaf_data)
    seq, event_root = _event_root(batch)
    proof = _committed_path(batch, index)
    if proof is None:  # a batch from before the tree was kept: rebuild it from the rows
        leaves = [digest for _pk, _ref, _leaf, digest in _stored_leaves(kind, batch.pk)]
        proof = merkle.inclusion_proof(index, leaves) if index < len(leaves) else []
    valid = bool(event_root) and merkle.verify_inclusion(
        leaf, index, batch.size, proof, bytes.fromhex(event_root)
    )
    return {
        "kind": kind,
        "ec_ref": ec_ref,
        "batch": batch.pk,
        "source": batch.source,
        "event_seq": seq,
        "leaf_index": index,
        "tree_size": batch.size,
        "leaf_data": leaf_data.decode(),
        "leaf_hash": leaf.hex(),
        "audit_path": [node.hex() for node in proof],
        "root": event_root,
        "valid": valid,
    }


@dataclass
class BatchCheck:
    batch: int
    rows: int = 0
    edited: list[str] = field(default_factory=list)  # ec_refs whose data changed
    removed: list[int] = field(default_factory=list)  # leaf positions with no row
    added: list[str] = field(default_factory=list)  # ec_refs claiming a leaf they have not
    root_differs: bool = False  # the leaves no longer give the event's root

    @property
    def ok(self) -> bool:
        return not (self.edited or self.removed or self.added or self.root_differs)


def import_batch_ids() -> list[int]:
    """Every import batch, oldest first."""
    return list(ImportBatch.objects.order_by("pk").values_list("pk", flat=True))


def file_already_imported(*, kind: str, sha256: str) -> bool:
    """Whether a file with exactly these bytes has been imported as this kind before."""
    return ImportBatch.objects.filter(kind=kind, sha256=sha256).exists()


def import_batch_check(*, batch_id: int) -> BatchCheck:
    """Recompute every row of a batch: name the rows edited (their data no longer give
    their leaf), removed (a leaf position with no row) and added (a second row at a
    position, or one beyond the tree's size), and check the root against the event."""
    batch = ImportBatch.objects.get(pk=batch_id)
    kind = batch.kind
    model = TRANSACTION_MODELS[kind]
    check = BatchCheck(batch=batch.pk)
    _seq, event_root = _event_root(batch)
    size = batch.size
    taken: dict[int, str] = {}
    leaves: list[bytes | None] = [None] * size
    for obj in model.all_objects.filter(import_batch_id=batch.pk).order_by("import_leaf", "pk"):
        check.rows += 1
        position = obj.import_leaf
        if position is None or not 0 <= position < size or position in taken:
            check.added.append(obj.ec_ref)
            continue
        taken[position] = obj.ec_ref
        recomputed = row_proof.row_leaf_hash(kind, obj)
        if recomputed != bytes(obj.row_digest or b""):
            check.edited.append(obj.ec_ref)
        leaves[position] = recomputed
    check.removed = [position for position in range(size) if position not in taken]
    complete = [leaf for leaf in leaves if leaf is not None]
    check.root_differs = (
        not event_root
        or len(complete) != size
        or merkle.root(complete).hex() != event_root
        or batch.root != event_root
    )
    return check
