"""Settings that belong to the disclosure area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    settings["DISCLOSURE_BULK_DIR"] = os.environ.get(
        "DISCLOSURE_BULK_DIR", str(settings["VAR_DIR"] / "bulk")
    )
