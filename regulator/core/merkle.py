"""Merkle trees as RFC 6962 / RFC 9162 (Certificate Transparency) define them, over
SHA-256: one hash (the root) commits to a list of leaves, and any leaf's membership is
shown by an *inclusion proof* of about log2(n) hashes.

    leaf hash   = SHA-256(0x00 || leaf data)
    node hash   = SHA-256(0x01 || left || right)
    MTH([])     = SHA-256("")
    MTH([d0])   = leaf hash of d0
    MTH(D[n])   = node hash of MTH(D[0:k]) and MTH(D[k:n]), k the largest power of two < n

The functions below take *leaf hashes* (32 bytes each), so a caller may keep leaf hashes
and never the leaf data. ``root`` builds the tree level by level (pairing from the left
and carrying an odd last node up unchanged), which gives exactly the MTH above;
``inclusion_proof`` and ``verify_inclusion`` follow RFC 9162 section 2.1.3. docs/audit.md
("Rows proven by a Merkle root") describes how imports use them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _next_level(level: Sequence[bytes]) -> list[bytes]:
    sha = hashlib.sha256
    pairs = [
        sha(NODE_PREFIX + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
    ]
    if len(level) % 2:
        pairs.append(level[-1])
    return pairs


def root(leaves: Sequence[bytes]) -> bytes:
    """The tree head (MTH) of these leaf hashes."""
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        level = _next_level(level)
    return level[0]


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """The audit path of leaf ``index`` (RFC 9162 PATH(m, D[n])), bottom to top."""
    if not 0 <= index < len(leaves):
        raise IndexError(f"leaf {index} is outside a tree of {len(leaves)}")
    proof: list[bytes] = []
    level = list(leaves)
    position = index
    while len(level) > 1:
        sibling = position ^ 1
        if sibling < len(level):
            proof.append(level[sibling])
        # else: the odd last node is carried up unchanged and needs no sibling here
        level = _next_level(level)
        position //= 2
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2: does ``proof`` show leaf hash ``leaf`` at ``index`` in a
    tree of ``size`` leaves whose root is ``expected_root``?"""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    result = leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            result = node_hash(sibling, result)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and result == expected_root


# Every aligned block of 2**k leaves that the tree covers completely is a node of the tree
# (RFC 6962 splits at powers of two), and the block roots, the last block possibly short,
# form the tree's upper levels. So a leaf's audit path is its path inside its block
# followed by its block's path among the block roots: a proof reads one block, not n.
CHUNK = 1024


def chunk_roots(leaves: Sequence[bytes], chunk: int | None = None) -> list[bytes]:
    """The root of each aligned block of ``chunk`` leaves (``chunk`` a power of two)."""
    chunk = chunk or CHUNK
    return [root(leaves[start : start + chunk]) for start in range(0, len(leaves), chunk)]


def inclusion_proof_chunked(
    index: int, block: Sequence[bytes], roots: Sequence[bytes], chunk: int | None = None
) -> list[bytes]:
    """The audit path of leaf ``index`` from its own block's leaves and every block's
    root: the same path ``inclusion_proof`` gives over all the leaves."""
    chunk = chunk or CHUNK
    return inclusion_proof(index % chunk, block) + inclusion_proof(index // chunk, roots)


def pack(hashes: Sequence[bytes]) -> bytes:
    return b"".join(hashes)


def unpack(packed: bytes) -> list[bytes]:
    return [packed[i : i + 32] for i in range(0, len(packed), 32)]


# A tree of n leaves is the perfect subtrees of n's binary digits, largest first, joined
# from the right. Keeping their roots (a "stack") lets a tree grow a leaf at a time and
# give its root at any size, and the stack at size m is exactly what a verifier needs to
# recompute the root from the leaves after m (the audit log's checkpoints, docs/audit.md).
def stack_push(stack: list[bytes], size: int, leaf: bytes) -> None:
    """Add leaf hash ``leaf`` to the ``stack`` of a tree of ``size`` leaves."""
    stack.append(leaf)
    size += 1
    while size % 2 == 0:
        right = stack.pop()
        stack.append(node_hash(stack.pop(), right))
        size //= 2


def stack_root(stack: Sequence[bytes]) -> bytes:
    """The tree head (MTH) of the tree whose subtree roots are ``stack``."""
    if not stack:
        return EMPTY_ROOT
    result = stack[-1]
    for left in reversed(stack[:-1]):
        result = node_hash(left, result)
    return result
