"""docs/architecture.md's "who talks to whom" table is the import graph's, not a memory."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_the_talks_to_table_is_generated_from_the_imports() -> None:
    spec = importlib.util.spec_from_file_location(
        "architecture_table", ROOT / "scripts" / "architecture_table.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = (ROOT / "docs" / "architecture.md").read_text()
    assert doc == module.written(doc), (
        "docs/architecture.md is stale: run .venv/bin/python scripts/architecture_table.py --write"
    )
