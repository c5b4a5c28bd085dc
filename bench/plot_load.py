"""Draw the load run's hold, minute by minute: p99 (and p50) of each minute against the
500 ms limit, one line per run, from the JSON that bench/bench_load.py writes.

    .venv/bin/python bench/plot_load.py bench/results/load-sqlite-1000000.json \\
        bench/results/load-postgresql-1000000.json --out docs/load-hold.png
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen: draw straight to a file
import matplotlib.pyplot as plt

LIMIT_MS = 500.0


def held_windows(result: dict) -> tuple[float, list[dict]]:
    """The rate and minutes of the hold that was kept, or else of the last one tried."""
    holds = result.get("holds") or []
    if not holds:
        raise SystemExit("this result has no hold: run bench_load.py with --hold-minutes")
    chosen = next((h for h in holds if h["held"]), holds[-1])
    return chosen["rate"], chosen["windows"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs/load-hold.png"))
    args = parser.parse_args()

    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    for path in args.results:
        result = json.loads(path.read_text())
        rate, windows = held_windows(result)
        minutes = [w["minute"] for w in windows]
        label = f"{result['database']}, {rate:g} requests/s"
        line = axes.plot(minutes, [w["p99_ms"] for w in windows], marker="o", label=f"{label}: p99")
        axes.plot(minutes, [w["p50_ms"] for w in windows], linestyle="--",
                  color=line[0].get_color(), label=f"{label}: p50")  # fmt: skip
    axes.axhline(LIMIT_MS, color="#d4351c", linewidth=1)
    axes.annotate("p99 limit, 500 ms", (1, LIMIT_MS), textcoords="offset points", xytext=(0, 4))
    axes.set_yscale("log")
    axes.set_xlabel("minute of the hold")
    axes.set_ylabel("latency, ms (log scale)")
    axes.set_title(
        "The public mix held at one rate, minute by minute (1,000,000 donations, 2 cores)"
    )
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
