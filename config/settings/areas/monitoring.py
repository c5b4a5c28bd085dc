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
