"""Settings that belong to the filings area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    # The Companies House public data API (a fresh look at one company; the bulk snapshot
    # loaded by `manage.py companies_import` is what validation uses).
    settings["COMPANIES_HOUSE_API_URL"] = os.environ.get(
        "COMPANIES_HOUSE_API_URL", "https://api.company-information.service.gov.uk"
    )
    settings["COMPANIES_HOUSE_API_KEY"] = os.environ.get("COMPANIES_HOUSE_API_KEY", "")
