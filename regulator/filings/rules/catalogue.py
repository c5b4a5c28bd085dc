"""The rules as a Markdown table for docs/rules.md (code, family, severity, reference,
English and Welsh messages). ``python manage.py shell -c "from regulator.filings.rules.catalogue
import table; print(table())"`` prints it; a test checks that the document holds every row."""

from __future__ import annotations

from django.utils import translation

from regulator.filings.rules.base import REGISTRY, Rule


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def row(entry: Rule) -> str:
    with translation.override("en"):
        english = str(entry.message)
    with translation.override("cy"):
        welsh = str(entry.message)
    return (
        f"| `{entry.code}` | {entry.family} | {entry.severity} | {_cell(entry.reference)} "
        f"| {_cell(english)} | {_cell(welsh)} |"
    )


def table() -> str:
    lines = [
        "| code | family | severity | statutory reference | message (English) | message (Welsh) |",
        "|---|---|---|---|---|---|",
    ]
    lines.extend(row(entry) for entry in REGISTRY.values())
    return "\n".join(lines)
