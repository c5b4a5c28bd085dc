"""Rows proven by their file's Merkle root: the tree itself (RFC 6962/9162), and an
imported file's rows, each with a valid inclusion proof, until one is edited, removed or
added behind the services' back, which the batch check names."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import pytest

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.core import merkle
from regulator.finance.models import Donation, ImportBatch
from regulator.finance.selectors import BatchCheck, import_batch_check, record_inclusion_proof
from regulator.finance.services import ImportSummary, ec_file_import
from regulator.finance.services import imported as imported_module
from regulator.finance.tests.samples import EC_DATA

ACTOR = Actor.system("tests")
SAMPLE = EC_DATA / "donations-2024-q1.csv"


def _reference_root(leaves: list[bytes]) -> bytes:
    """RFC 6962's MTH written out recursively, to check the level-by-level builder."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return merkle.node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 64, 100])
def test_root_and_every_inclusion_proof_follow_rfc_6962(size):
    leaves = [merkle.leaf_hash(str(i).encode()) for i in range(size)]
    root = merkle.root(leaves)
    assert root == _reference_root(leaves)
    for index in range(size):
        proof = merkle.inclusion_proof(index, leaves)
        assert merkle.verify_inclusion(leaves[index], index, size, proof, root)
        assert not merkle.verify_inclusion(merkle.leaf_hash(b"other"), index, size, proof, root)
        if size > 1:
            assert not merkle.verify_inclusion(leaves[index], (index + 1) % size, size, proof, root)


def test_a_leaf_and_a_node_never_hash_alike():
    # The 0x00 / 0x01 prefixes: a node's two children are not a leaf's data.
    left, right = merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")
    assert merkle.leaf_hash(left + right) != merkle.node_hash(left, right)


def _proof(ec_ref: str) -> dict[str, Any]:
    proof = record_inclusion_proof(kind="donations", ec_ref=ec_ref)
    assert proof is not None, ec_ref
    return proof


def _check(summary: ImportSummary) -> BatchCheck:
    assert summary.batch_id is not None
    return import_batch_check(batch_id=summary.batch_id)


@pytest.fixture
def imported(db):
    summary = ec_file_import(kind="donations", path=SAMPLE, actor=ACTOR)
    assert summary.ok, summary.error
    return summary


def test_the_files_event_carries_the_root_of_every_row_it_wrote(imported):
    batch = ImportBatch.objects.get(pk=imported.batch_id or 0)
    assert batch.size == imported.created == Donation.all_objects.count()
    assert batch.event_seq is not None
    event = AuditEvent.objects.get(seq=batch.event_seq)
    assert event.payload["merkle_root"] == batch.root == imported.merkle_root
    assert event.payload["leaves"] == batch.size
    assert import_batch_check(batch_id=batch.pk).ok
    for ec_ref in Donation.all_objects.values_list("ec_ref", flat=True):
        proof = _proof(ec_ref)
        assert proof is not None, ec_ref
        assert proof["valid"], ec_ref
        assert proof["event_seq"] == batch.event_seq


def test_an_edited_row_is_named_and_its_proof_fails(imported):
    victim = Donation.all_objects.order_by("pk")[3]
    Donation.all_objects.filter(pk=victim.pk).update(value=Decimal("99999.99"))
    check = _check(imported)
    assert check.edited == [victim.ec_ref]
    assert (check.removed, check.added) == ([], [])
    assert not _proof(victim.ec_ref)["valid"]
    other = Donation.all_objects.exclude(pk=victim.pk).order_by("pk")[0]
    assert _proof(other.ec_ref)["valid"]


def test_an_edit_with_its_leaf_hash_rewritten_still_breaks_the_root(imported):
    from regulator.finance import row_proof

    victim = Donation.all_objects.order_by("pk")[2]
    Donation.all_objects.filter(pk=victim.pk).update(donor_name="Someone Else")
    victim.refresh_from_db()
    Donation.all_objects.filter(pk=victim.pk).update(
        row_digest=row_proof.row_leaf_hash("donations", victim)
    )
    check = _check(imported)
    assert check.root_differs
    assert not check.ok
    assert not _proof(victim.ec_ref)["valid"]


def test_a_removed_row_is_named_by_its_leaf(imported):
    victim = Donation.all_objects.order_by("pk")[5]
    Donation.all_objects.filter(pk=victim.pk).delete()
    check = _check(imported)
    assert check.removed == [victim.import_leaf]
    assert check.root_differs
    assert check.edited == []
    assert check.added == []


def test_an_added_row_is_named(imported):
    model = Donation.all_objects.order_by("pk")[1]
    model.pk = None
    model.ec_ref = "C9999999"
    model.save()
    check = _check(imported)
    assert check.added == ["C9999999"]
    assert check.edited == []
    assert check.removed == []


def test_an_unchanged_reimport_writes_nothing_and_a_changed_row_joins_the_new_batch(
    imported, tmp_path
):
    again = ec_file_import(kind="donations", path=SAMPLE, actor=ACTOR)
    assert (again.created, again.updated, again.unchanged) == (0, 0, imported.created)
    assert ImportBatch.objects.filter(pk=again.batch_id or 0, size=0).exists()
    # A file that changes one row: that row is updated (one audit event, as before) and
    # becomes leaf 0 of the new file's batch; the first batch no longer claims it.
    import csv

    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], rows[1]
    first[header.index("Value")] = "£1.00"
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    third = ec_file_import(kind="donations", path=changed, actor=ACTOR)
    assert (third.updated, third.unchanged) == (1, imported.created - 1), third.error
    victim = Donation.all_objects.get(ec_ref=first[header.index("ECRef")].strip())
    assert victim.import_batch_id == third.batch_id
    assert victim.import_leaf == 0
    proof = _proof(victim.ec_ref)
    assert proof["valid"]
    assert proof["tree_size"] == 1
    assert _check(imported).removed != []  # it moved batch
    assert _check(third).ok


def test_reimport_trusts_the_leaf_hash_so_a_silent_edit_is_left_for_the_check(imported):
    victim = Donation.all_objects.order_by("pk")[0]
    Donation.all_objects.filter(pk=victim.pk).update(value=Decimal("1.00"))
    again = ec_file_import(kind="donations", path=SAMPLE, actor=ACTOR)
    assert again.unchanged == imported.created
    assert _check(imported).edited == [victim.ec_ref]


@pytest.mark.parametrize("chunk", [1, 2, 4, 16])
def test_a_path_from_one_block_and_the_block_roots_is_the_whole_trees_path(chunk):
    for size in (1, 2, 3, 5, 16, 17, 33, 70):
        leaves = [merkle.leaf_hash(str(i).encode()) for i in range(size)]
        roots = merkle.chunk_roots(leaves, chunk)
        assert merkle.root(roots) == merkle.root(leaves)
        for index in range(size):
            start = index // chunk * chunk
            block = leaves[start : start + chunk]
            assert merkle.inclusion_proof_chunked(
                index, block, roots, chunk
            ) == merkle.inclusion_proof(index, leaves), (size, index)


def test_proofs_come_from_the_tree_kept_at_import_in_small_blocks(db, monkeypatch):
    monkeypatch.setattr(merkle, "CHUNK", 16)
    summary = ec_file_import(kind="donations", path=SAMPLE, actor=ACTOR)
    batch = ImportBatch.objects.get(pk=summary.batch_id or 0)
    assert len(bytes(batch.leaves or b"")) == 32 * batch.size
    assert len(bytes(batch.chunk_roots or b"")) == 32 * -(-batch.size // 16)
    refs = list(Donation.all_objects.order_by("import_leaf").values_list("ec_ref", flat=True))
    for ec_ref in refs[:40] + refs[-20:]:
        proof = _proof(ec_ref)
        assert proof["valid"], ec_ref
        # The leaf data given with the proof is what hashes to the leaf.
        assert merkle.leaf_hash(proof["leaf_data"].encode()).hex() == proof["leaf_hash"]


def test_a_tree_too_big_for_one_statement_is_written_in_pieces(db, monkeypatch):
    # Ten million rows keep 320 MB of leaves, more than PostgreSQL takes as one value in
    # a statement; here a piece is 7 leaves and a half, so the pieces split leaves too.
    monkeypatch.setattr(imported_module, "LEAVES_PIECE_BYTES", 240)
    summary = ec_file_import(kind="donations", path=SAMPLE, actor=ACTOR)
    batch = ImportBatch.objects.get(pk=summary.batch_id or 0)
    rows = Donation.all_objects.filter(import_batch=batch).order_by("import_leaf")
    assert batch.size > 3 * 240 // 32
    digests = [bytes(leaf or b"") for leaf in rows.values_list("row_digest", flat=True)]
    assert bytes(batch.leaves or b"") == b"".join(digests)
    assert merkle.root(merkle.unpack(bytes(batch.leaves or b""))).hex() == batch.root
    refs = list(rows.values_list("ec_ref", flat=True))
    for ec_ref in refs[:10] + refs[-10:]:
        assert _proof(ec_ref)["valid"], ec_ref


def test_rows_a_later_file_rewrites_leave_the_rest_of_the_first_file_provable(db, tmp_path):
    import csv

    first = ec_file_import(kind="donations", path=SAMPLE, actor=ACTOR)
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    # The Commission corrects one published row in a later file and repeats the rest.
    victim_ref = rows[1][0]
    rows[1][rows[0].index("Value")] = "£123,456.78"
    corrected = tmp_path / "donations-corrected.csv"
    with corrected.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    second = ec_file_import(kind="donations", path=corrected, actor=ACTOR)
    assert second.ok, second.error
    moved = Donation.all_objects.get(ec_ref=victim_ref)
    assert moved.import_batch_id == second.batch_id
    assert moved.value == Decimal("123456.78")
    assert _proof(victim_ref)["valid"]
    others = Donation.all_objects.filter(import_batch_id=first.batch_id).order_by("pk")[:25]
    assert len(others) == 25
    for other in others:
        assert _proof(other.ec_ref)["valid"], other.ec_ref


def test_a_tree_grown_a_leaf_at_a_time_has_the_rfc_6962_root_at_every_size():
    leaves = [merkle.leaf_hash(str(i).encode()) for i in range(130)]
    stack: list[bytes] = []
    assert merkle.stack_root(stack) == merkle.root([])
    for size, leaf in enumerate(leaves):
        merkle.stack_push(stack, size, leaf)
        assert merkle.stack_root(stack) == _reference_root(leaves[: size + 1]), size
        assert len(stack) == bin(size + 1).count("1")
