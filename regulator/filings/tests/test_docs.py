"""Every rule is documented in docs/rules.md: code, severity, reference, both messages."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from regulator.filings.rules import REGISTRY
from regulator.filings.rules.catalogue import row

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_every_rule_is_documented_with_both_messages() -> None:
    text = DOC.read_text(encoding="utf-8")
    lines = set(text.splitlines())
    missing = [str(entry.code) for entry in REGISTRY.values() if row(entry) not in lines]
    assert missing == [], "Regenerate the table in docs/rules.md for: " + ", ".join(missing)


def test_every_rule_has_a_welsh_message_and_a_reference() -> None:
    for entry in REGISTRY.values():
        with translation.override("en"):
            english = str(entry.message)
        with translation.override("cy"):
            welsh = str(entry.message)
        assert welsh, entry.code
        assert welsh != english, entry.code
        assert entry.reference.startswith("PPERA 2000"), entry.code
