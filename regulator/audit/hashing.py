"""Canonical JSON and the hash of one event: the one definition that writing and
verifying share."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_type",
    "actor_id",
    "actor_label",
    "action",
    "subject_type",
    "subject_id",
    "payload",
    "prev_hash",
)


def canonical_json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    )


def normalise_payload(payload: dict[str, Any] | None) -> dict[str, Any]:
    """Round-trip through JSON so that what is stored is exactly what was hashed
    (Decimals and dates become strings once, here)."""
    result: dict[str, Any] = json.loads(canonical_json(payload or {}))
    return result


def event_hash(fields: dict[str, Any]) -> str:
    document = {name: fields[name] for name in HASHED_FIELDS}
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def format_instant(moment: dt.datetime) -> str:
    """How a timestamp enters a hash or a signature: ISO 8601 in UTC, as Python's
    ``datetime.isoformat`` writes it (microseconds only when non-zero)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are refused: give a timezone-aware instant")
    return moment.astimezone(dt.UTC).isoformat()
