"""Settings that belong to the audit area, applied by config.settings.base."""

from __future__ import annotations

from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
