"""Re-computing a frozen pack: the same definition versions, today's data. Each
difference says what changed (value, numerator, denominator), which records joined or
left the numbers, and whether a newer definition now applies to the period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from regulator.reporting import catalogue
from regulator.reporting.models import MeasureDefinition, Pack
from regulator.reporting.periods import period_parse


@dataclass
class Change:
    code: str
    name: str
    frozen: dict[str, Any]
    now: dict[str, Any]
    added: dict[str, list[Any]] = field(default_factory=dict)
    removed: dict[str, list[Any]] = field(default_factory=dict)
    newer_definition: MeasureDefinition | None = None

    @property
    def changed_values(self) -> list[tuple[str, Any, Any]]:
        return [
            (name, self.frozen.get(name), self.now.get(name))
            for name in ("value", "numerator", "denominator", "status", "available")
            if self.frozen.get(name) != self.now.get(name)
        ]


def pack_compare(pack: Pack, as_of: dt.datetime) -> list[Change]:
    """Every measure whose recomputed figures or records differ from the frozen ones, or
    that a newer definition version now covers."""
    period = period_parse(pack.period)
    current = {d.code: d for d in catalogue.definitions_for(period)}
    changes = []
    for frozen in pack.measures:
        definition = MeasureDefinition.objects.filter(
            code=frozen["code"], version=frozen["version"]
        ).first()
        if definition is None:
            continue
        now = catalogue.compute(definition, period, as_of).as_dict()
        change = Change(frozen["code"], frozen["name_en"], frozen, now)
        for part in ("numerator", "denominator"):
            before = set(map(str, frozen.get("inputs", {}).get(part, {}).get("keys", [])))
            after = set(map(str, now.get("inputs", {}).get(part, {}).get("keys", [])))
            if after - before:
                change.added[part] = sorted(after - before)
            if before - after:
                change.removed[part] = sorted(before - after)
        newer = current.get(frozen["code"])
        if newer is not None and newer.version != frozen["version"]:
            change.newer_definition = newer
        if change.changed_values or change.added or change.removed or change.newer_definition:
            changes.append(change)
    return changes
