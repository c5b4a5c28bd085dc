"""Settings that belong to the finance area, applied by config.settings.base."""

from __future__ import annotations

from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    # The public response cache keys every kept page and API answer by this: the
    # generation of every kind of published record, raised by each change to them.
    settings["PUBLIC_CACHE_GENERATION"] = "regulator.finance.selectors.published_generations"
