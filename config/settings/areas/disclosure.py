"""Settings that belong to the disclosure area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    env = os.environ.get
    settings["DISCLOSURE_BULK_DIR"] = env("DISCLOSURE_BULK_DIR", str(settings["VAR_DIR"] / "bulk"))
    # --- Abuse limits of the public search (docs/security.md, "Abuse limits") ------------
    # Search and entity pages, per client (a signed-in user by id, anyone else by address).
    settings["PUBLIC_PAGE_RATE"] = env("PUBLIC_PAGE_RATE", "120/minute")
    # Exports (?format=csv|ec|parquet) weigh more than a page: a rate of their own, per
    # client address without a key and per key with one, on top of the API's own rate.
    settings["EXPORT_RATE_ANON"] = env("EXPORT_RATE_ANON", "10/minute")
    settings["EXPORT_RATE_KEY"] = env("EXPORT_RATE_KEY", "60/minute")
    # At most this many exports stream at once (every process together), and one per client.
    settings["EXPORT_CONCURRENCY"] = int(env("EXPORT_CONCURRENCY", "4"))
    settings["EXPORT_CONCURRENCY_PER_CLIENT"] = int(env("EXPORT_CONCURRENCY_PER_CLIENT", "1"))
    # A slot whose process died frees itself after this long.
    settings["EXPORT_SLOT_SECONDS"] = int(env("EXPORT_SLOT_SECONDS", "600"))
    # Larger selections are not streamed: narrow them, or take the nightly bulk files
    # (an export with no filter at all is sent to them).
    settings["EXPORT_MAX_ROWS"] = int(env("EXPORT_MAX_ROWS", "100000"))
    # On PostgreSQL the CSV exports are written by the database (COPY … TO STDOUT); 0 keeps
    # the Python writer there too, which writes the same bytes (bench_export.py compares).
    settings["EXPORT_COPY"] = env("EXPORT_COPY", "1") != "0"
    # --- The public response cache (regulator/core/public_cache.py) --------------------
    # Anonymous GETs of these are kept whole, keyed by the published-data generation:
    # the search and entity pages, their chart data, and the transactions API (lists,
    # facets, totals, exports: an export is streamed, and kept once it has ended within
    # PUBLIC_CACHE_STREAM_KEEP_BYTES) and the search pages' downloads.
    settings["PUBLIC_CACHE_VIEWS"] = [
        *settings["PUBLIC_CACHE_VIEWS"],
        "disclosure:search",
        "disclosure:search_loans",
        "disclosure:search_spending",
        "disclosure:search_download",
        "disclosure:entity",
        "disclosure:entity_chart_data",
        *(
            f"api:{kind}{suffix}"
            for kind in ("donations", "loans", "spending")
            for suffix in ("", "_facets", "_totals")
        ),
    ]
