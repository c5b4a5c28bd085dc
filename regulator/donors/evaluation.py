"""Measuring the resolver: the synthetic ground truth and the hand-labelled real clusters.

``real_clusters.csv`` (regulator/donors/tests/data/) labels names as they appear in the
Commission's sample files: every record reported under that name and status belongs to
the labelled cluster. docs/donors.md describes the set.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regulator.donors import linkage, synthetic
from regulator.donors.sources import donor_records_source

DATA = Path(__file__).resolve().parent / "tests" / "data"
LABELS = DATA / "real_clusters.csv"
SAMPLES = Path(__file__).resolve().parent.parent.parent / "tests" / "data" / "ec"


def _fold(text: str) -> str:
    return " ".join(text.split())


def real_sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("donations-*.csv"))


def real_records() -> list[linkage.DonorRecord]:
    return list(donor_records_source(csv_paths=real_sample_paths()))


def real_truth(records: Iterable[linkage.DonorRecord], labels: Path = LABELS) -> dict[str, str]:
    """record key → labelled cluster, for the records whose name and status are labelled."""
    with labels.open(encoding="utf-8", newline="") as handle:
        label_of = {
            (row["donor_status"].strip().lower(), _fold(row["donor_name"])): row["cluster"]
            for row in csv.DictReader(handle)
        }
    truth: dict[str, str] = {}
    for record in records:
        cluster = label_of.get((record.donor_status.strip().lower(), _fold(record.name)))
        if cluster is not None:
            truth[record.record_key] = cluster
    return truth


@dataclass(frozen=True)
class ThresholdScore:
    threshold: float
    quality: Quality


def threshold_scores(
    records: list[linkage.DonorRecord],
    truth: dict[str, str],
    *,
    thresholds: Iterable[float],
    model: dict[str, Any] | None = None,
) -> list[ThresholdScore]:
    out = []
    for threshold in thresholds:
        resolution = linkage.resolve(
            records, previous=None, decisions=[], model=model, threshold=threshold
        )
        out.append(ThresholdScore(threshold, pairwise_quality(truth, resolution.assignments)))
    return out


def choose_threshold(scores: list[ThresholdScore]) -> float:
    """The threshold with the best F1; of equals, the highest (fewer false merges)."""
    best = max(scores, key=lambda s: (s.quality.f1, s.threshold))
    return best.threshold


def synthetic_quality(n: int, *, seed: int = 7, threshold: float) -> Quality:
    records, truth = synthetic.records(n, seed=seed)
    resolution = linkage.resolve(records, previous=None, decisions=[], threshold=threshold)
    return pairwise_quality(truth, resolution.assignments)


# --- measuring -------------------------------------------------------------------------


def pairs_of(clusters: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for cluster in clusters:
        keys = sorted(set(cluster))
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                out.add((a, b))
    return out


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    clusters_true: int
    clusters_predicted: int


def pairwise_quality(truth: dict[str, str], predicted: dict[str, str]) -> Quality:
    """Precision, recall and F1 of the pairwise links among the records in ``truth``
    (record key → true cluster), counting pairs without listing them."""
    keys = [k for k in truth if k in predicted]

    def pair_count(groups: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in groups)

    true_groups = Counter(truth[k] for k in keys)
    predicted_groups = Counter(predicted[k] for k in keys)
    both = Counter((truth[k], predicted[k]) for k in keys)
    tp = pair_count(both.values())
    true_pairs = pair_count(true_groups.values())
    predicted_pairs = pair_count(predicted_groups.values())
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        clusters_true=len(true_groups),
        clusters_predicted=len(predicted_groups),
    )
