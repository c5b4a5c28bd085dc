"""What a risk rule is and what it finds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


@dataclass(frozen=True)
class Finding:
    """One subject that breaks a rule in one period, with the numbers compared."""

    subject_kind: str
    subject_key: str
    subject_label: str
    period: str
    summary: str
    evidence: dict[str, Any]
    entity_id: int | None = None
    snapshot_ids: tuple[int, ...] = ()
    severity: str = ""

    def evidence_json(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(json.dumps(self.evidence, cls=DjangoJSONEncoder))
        return result


@dataclass(frozen=True)
class RiskRule:
    code: str
    version: str
    title: Any
    text: str
    severity: str
    effective_from: dt.date
    evaluate: Callable[[dt.date], Iterable[Finding]] = field(compare=False)
    effective_to: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)
