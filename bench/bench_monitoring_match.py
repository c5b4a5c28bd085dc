"""Matching quality of monitoring's matcher on the labelled set of UK advertiser names
(regulator/monitoring/evaluation_data/advertisers-labelled.csv) against the regulated
entities of the published EC samples in tests/data/ec.

    .venv/bin/python bench/bench_monitoring_match.py

Prints precision, recall, the counts and every miss; no database is needed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


def main() -> None:
    import django

    django.setup()
    from regulator.monitoring import evaluation

    names = evaluation.register_names(sorted((ROOT / "tests" / "data" / "ec").glob("*.csv")))
    quality = evaluation.evaluate(names)
    print(f"register names: {len(names)}; labelled advertisers: {len(quality.outcomes)}")
    print(
        f"suggested {quality.suggested}, right {quality.true_positives}, "
        f"registered in the set {quality.positives}"
    )
    print(f"precision {quality.precision:.3f}  recall {quality.recall:.3f}")
    for outcome in quality.outcomes:
        if outcome.expected and outcome.suggested not in outcome.expected:
            print(f"  missed: {outcome.name} (best {outcome.confidence:.2f})")
    for outcome in quality.wrong:
        print(f"  WRONG: {outcome.name} -> {outcome.suggested}")


if __name__ == "__main__":
    main()
