"""Print the figures the structure is judged by (issue 12): imports between areas by the
module they reach, imports that run up the layers, pairs of areas that import each
other, and calls of audit_record outside services.

    python3 scripts/shape_counts.py [path-to-a-checkout]

Tests of an area are left out (they may import the internals of the areas below)."""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_contracts import LAYERS

DOORS = {"services", "selectors", "types"}


def _rank() -> dict[str, int]:
    rank = {}
    for level, layer in enumerate(LAYERS):
        for name in layer.split("|"):
            rank[name.strip()] = level
    return rank


def main(root: Path) -> None:
    rank = _rank()
    reached: Counter[str] = Counter()
    upward = both = 0
    edges: set[tuple[str, str]] = set()
    audit_outside = 0
    for path in sorted((root / "regulator").rglob("*.py")):
        parts = path.relative_to(root / "regulator").parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        area = parts[0]
        text = path.read_text(encoding="utf-8")
        if "audit_record(" in text and "services" not in parts and path.stem != "services":
            audit_outside += 1
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names[:1] if isinstance(node, ast.ImportFrom) else names:
                bits = name.split(".")
                if bits[0] != "regulator" or len(bits) < 2 or bits[1] == area:
                    continue
                other = bits[1]
                if isinstance(node, ast.ImportFrom) and len(bits) == 2:
                    modules = [a.name for a in node.names]
                else:
                    modules = [bits[2] if len(bits) > 2 else "__init__"]
                for module in modules:
                    reached["door" if module in DOORS else module] += 1
                edges.add((area, other))
                if rank.get(other, -1) > rank.get(area, -1):
                    upward += 1
    both = sum(1 for a, b in edges if a < b and (b, a) in edges)
    print(f"imports between areas, by what they reach: {dict(reached.most_common())}")
    print(f"imports of another area's models: {reached['models']}")
    print(f"imports running up the layers: {upward}")
    print(f"pairs of areas importing each other: {both}")
    print(f"modules calling audit_record outside services: {audit_outside}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
