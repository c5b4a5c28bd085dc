"""Settings that belong to the donors area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    # Pairs scored at or above this probability are the same donor; chosen on the
    # labelled evaluation sets (docs/donors.md).
    settings["DONORS_MATCH_THRESHOLD"] = float(os.environ.get("DONORS_MATCH_THRESHOLD", "0.7"))
    # Pairs scored in [DONORS_REVIEW_LOW, threshold) go to the analysts' review queue.
    settings["DONORS_REVIEW_LOW"] = float(os.environ.get("DONORS_REVIEW_LOW", "0.3"))
    # The public donor pages and API, kept by the public response cache (their records
    # are keyed by the published-data generation; a re-resolution shows within
    # PUBLIC_CACHE_KEEP_SECONDS).
    settings["PUBLIC_CACHE_VIEWS"] = [
        *settings["PUBLIC_CACHE_VIEWS"],
        "donors:donor_list",
        "donors:donor_detail",
        "donors:donor_data_csv",
        "api:donors",
        "api:donor_detail",
    ]
