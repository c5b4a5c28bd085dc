"""Settings that belong to the monitoring area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    settings["INSTALLED_APPS"] = [*settings["INSTALLED_APPS"], "regulator.monitoring"]
    # Working days from an alert being raised to its triage target.
    settings["MONITORING_TRIAGE_TARGET_DAYS"] = int(
        os.environ.get("MONITORING_TRIAGE_TARGET_DAYS", "5")
    )
    # Where each source is fetched from (the harvest commands; tests point them at fakes).
    settings["MONITORING_GOOGLE_ADS_URL"] = os.environ.get(
        "MONITORING_GOOGLE_ADS_URL",
        "https://storage.googleapis.com/political-csv/google-political-ads-transparency-bundle.zip",
    )
    # The harvests (manage.py monitoring_harvest SOURCE; monitoring_harvest_all, the
    # periodic job, runs each configured source once every MONITORING_HARVEST_EVERY_HOURS).
    settings["MONITORING_HARVEST_EVERY_HOURS"] = int(
        os.environ.get("MONITORING_HARVEST_EVERY_HOURS", "24")
    )
    settings["MONITORING_HTTP_TIMEOUT"] = float(os.environ.get("MONITORING_HTTP_TIMEOUT", "30"))
    # Meta Ad Library API: UK political and issue ads; no token, no harvest.
    settings["MONITORING_META_URL"] = os.environ.get(
        "MONITORING_META_URL", "https://graph.facebook.com/v21.0/ads_archive"
    )
    settings["META_ACCESS_TOKEN"] = os.environ.get("META_ACCESS_TOKEN", "")
    # Only ads delivered on or after this day (YYYY-MM-DD; blank: the whole library).
    settings["MONITORING_META_SINCE"] = os.environ.get("MONITORING_META_SINCE", "2023-07-05")
    # UK Parliament's Register of Members' Financial Interests API.
    settings["MONITORING_PARLIAMENT_URL"] = os.environ.get(
        "MONITORING_PARLIAMENT_URL", "https://interests-api.parliament.uk/api/v1/Interests"
    )
    # Companies House public data API (the key is the Basic-auth user name); no key, no
    # harvest.
    settings["MONITORING_COMPANIES_HOUSE_URL"] = os.environ.get(
        "MONITORING_COMPANIES_HOUSE_URL", "https://api.company-information.service.gov.uk"
    )
    settings["COMPANIES_HOUSE_API_KEY"] = os.environ.get("COMPANIES_HOUSE_API_KEY", "")
    # News: RSS or Atom feed URLs and the watch terms looked for in them (comma-separated).
    settings["MONITORING_NEWS_FEEDS"] = [
        url.strip() for url in os.environ.get("MONITORING_NEWS_FEEDS", "").split(",") if url.strip()
    ]
    settings["MONITORING_NEWS_WATCH_TERMS"] = [
        term.strip()
        for term in os.environ.get(
            "MONITORING_NEWS_WATCH_TERMS",
            "donation,donor,loan,impermissible,undeclared,overspend,spending limit,"
            "dark money,foreign money,imprint,electoral fraud",
        ).split(",")
        if term.strip()
    ]
