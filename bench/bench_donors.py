"""Resolve N synthetic donation records and time it (default 1,000,000).

    .venv/bin/python bench/bench_donors.py [--n 1000000] [--train]

Prints seconds per stage and the pairwise quality against the generator's ground truth,
and writes bench/results/donors-<n>.json. ``--train`` trains the model on the data (as a
``--full`` run over more than MIN_PROFILES_TO_TRAIN profiles does) instead of using the
shipped model.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


def main() -> None:
    import django

    django.setup()
    from regulator.donors import evaluation, linkage, splink_model, synthetic

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--train", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    records, truth = synthetic.records(args.n, seed=args.seed)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    model = None
    if args.train:
        profiles, _ = linkage.build_profiles(records)
        model = splink_model.train(linkage.profiles_table(profiles))
    trained = time.perf_counter() - started
    started = time.perf_counter()
    resolution = linkage.resolve(records, previous=None, decisions=[], model=model)
    resolved = time.perf_counter() - started
    quality = evaluation.pairwise_quality(truth, resolution.assignments)
    result = {
        "n": args.n,
        "seed": args.seed,
        "trained_on_data": args.train,
        "seconds_generate": round(generated, 2),
        "seconds_train": round(trained, 2),
        "seconds_resolve": round(resolved, 2),
        "stages": resolution.stats["seconds"],
        "records": resolution.stats["records"],
        "distinct_names": resolution.stats["distinct_names"],
        "profiles": resolution.stats["profiles"],
        "pairs_scored": resolution.stats["pairs_scored"],
        "donors_true": quality.clusters_true,
        "donors_resolved": quality.clusters_predicted,
        "precision": quality.precision,
        "recall": quality.recall,
        "f1": quality.f1,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    out = ROOT / "bench" / "results" / f"donors-{args.n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"resolved {args.n:,} records in {resolved + trained:.1f} s -> {out}")


if __name__ == "__main__":
    main()
