"""How well the matcher links advertisers to the register: precision and recall on a
labelled set of UK advertiser names (``evaluation_data/advertisers-labelled.csv``: real
parties and campaigners under the names they advertise by, the real UK advertisers of the
Google sample, newspapers, public bodies and look-alikes), against the regulated entities
of the published EC samples. Used by a test (a floor on precision) and by
``bench/bench_monitoring_match.py`` (the figures for docs/monitoring.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from regulator.monitoring.services.matching import NOT_A_PARTY, SUGGEST_AT, best_candidate

LABELLED = Path(__file__).parent / "evaluation_data" / "advertisers-labelled.csv"


@dataclass(frozen=True)
class Outcome:
    name: str
    expected: frozenset[int]
    suggested: int | None
    confidence: float


@dataclass(frozen=True)
class Quality:
    outcomes: list[Outcome]

    @property
    def true_positives(self) -> int:
        return sum(
            1 for o in self.outcomes if o.suggested is not None and o.suggested in o.expected
        )

    @property
    def suggested(self) -> int:
        return sum(1 for o in self.outcomes if o.suggested is not None)

    @property
    def positives(self) -> int:
        return sum(1 for o in self.outcomes if o.expected)

    @property
    def precision(self) -> float:
        return self.true_positives / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0

    @property
    def wrong(self) -> list[Outcome]:
        return [
            o for o in self.outcomes if o.suggested is not None and o.suggested not in o.expected
        ]


def register_names(ec_files: list[Path]) -> list[tuple[int, str, str]]:
    """The regulated entities of published EC files, as the matcher sees the register."""
    seen: dict[int, str] = {}
    for path in ec_files:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                raw = (row.get("RegulatedEntityId") or "").strip()
                name = (row.get("RegulatedEntityName") or "").strip()
                if raw.isdigit() and name:
                    seen[int(raw)] = name.split(" [De-registered")[0]
    return [(pk, name, "current") for pk, name in sorted(seen.items())]


def evaluate(names: list[tuple[int, str, str]], labelled: Path = LABELLED) -> Quality:
    outcomes = []
    with labelled.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            expected = frozenset(int(x) for x in row["expected_entity_ids"].split("|") if x)
            name = row["advertiser_name"]
            candidate = None if NOT_A_PARTY.search(name) else best_candidate(name, names)
            suggested = (
                candidate.entity_id
                if candidate is not None and candidate.confidence >= SUGGEST_AT
                else None
            )
            outcomes.append(
                Outcome(name, expected, suggested, candidate.confidence if candidate else 0.0)
            )
    return Quality(outcomes)
