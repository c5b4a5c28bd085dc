"""docs/monitoring.md lists every risk rule by its code and version, as docs/rules.md
does for the filing rules."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from regulator.monitoring.risk_rules.registry import REGISTRY

DOC = (Path(settings.BASE_DIR) / "docs" / "monitoring.md").read_text(encoding="utf-8")


def test_every_rule_is_documented_with_its_version() -> None:
    missing = [
        f"{rule.code} {rule.version}"
        for rule in REGISTRY
        if f"`{rule.code}`" not in DOC or rule.version not in DOC
    ]
    assert missing == []


def test_rule_codes_are_unique() -> None:
    codes = [rule.code for rule in REGISTRY]
    assert len(codes) == len(set(codes))
