"""The leaf of a published row in its import's Merkle tree: the one definition that the
import (writing) and the proofs and checks (reading) share.

A row's leaf data is the canonical JSON (sorted keys, no spaces, UTF-8) of
``{"kind": kind, <every data field by attribute name>: value}`` where the data fields are
``services.published.data_fields`` (what was reported and derived: not the publication
state, the timestamps, the donor link or these proof columns) and each value is written
as: None as ``null``; text, booleans and whole numbers as JSON; an amount as text
with two decimals (``"1250.00"``); a date as ``"YYYY-MM-DD"``. The leaf hash
is ``SHA-256(0x00 || leaf data)`` (``core.merkle.leaf_hash``), kept in ``row_digest``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

import orjson

from regulator.finance.models import TRANSACTION_MODELS, Transaction

# Fields that never enter a leaf (kept in step with services.published.NON_DATA_FIELDS,
# which also excludes them from comparisons).
_NOT_DATA = frozenset(
    {
        "id",
        "published_at",
        "withdrawn_at",
        "withdrawal_reason",
        "corrected_at",
        "correction_note",
        "created_at",
        "updated_at",
        "donor_id",
        "row_digest",
        "source_digest",
        "import_batch_id",
        "import_leaf",
    }
)


@cache
def leaf_fields(kind: str) -> tuple[tuple[str, Any], ...]:
    """(attribute name, default) of each field in a leaf, by name."""
    model = TRANSACTION_MODELS[kind]
    return tuple(
        sorted(
            (f.attname, f.get_default())
            for f in model._meta.concrete_fields
            if f.attname not in _NOT_DATA
        )
    )


def _other(value: Any) -> Any:
    """JSON for what is not text, a number, a boolean or null."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no leaf form")


_dumps = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_other
).encode


def leaf_data(kind: str, fields: Sequence[tuple[str, Any]], record: Mapping[str, Any]) -> bytes:
    document = {name: record.get(name, default) for name, default in fields}
    document["kind"] = kind
    try:
        # orjson writes the same bytes as the definition above (every code point, dates
        # and whole numbers checked by test_row_proof_json) at a fifth of the cost; a
        # whole number past 64 bits, which it refuses, takes the reference path.
        return orjson.dumps(document, default=_other, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return leaf_data_reference(document)


def leaf_data_reference(document: Mapping[str, Any]) -> bytes:
    """The leaf data as the definition reads: Python's JSON encoder."""
    return _dumps(document).encode("utf-8")


def leaf_hash(kind: str, fields: Sequence[tuple[str, Any]], record: Mapping[str, Any]) -> bytes:
    """``core.merkle.leaf_hash`` of the row's leaf data, inlined (it runs once a row)."""
    return hashlib.sha256(b"\x00" + leaf_data(kind, fields, record)).digest()


def row_leaf_hash(kind: str, obj: Transaction) -> bytes:
    """The leaf hash of a stored row, from its current values."""
    fields = leaf_fields(kind)
    return leaf_hash(kind, fields, {name: getattr(obj, name) for name, _default in fields})
