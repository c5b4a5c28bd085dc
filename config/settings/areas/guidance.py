"""Settings that belong to the guidance area, applied by config.settings.base."""

from __future__ import annotations

from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add the guidance app (it sits above records and below the register)."""
    apps = settings["INSTALLED_APPS"]
    if "regulator.guidance" not in apps:
        apps.insert(apps.index("regulator.register"), "regulator.guidance")
