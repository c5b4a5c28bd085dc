"""Settings that belong to the reporting area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    settings["INSTALLED_APPS"] = [*settings["INSTALLED_APPS"], "regulator.reporting"]
    # The availability probe (manage.py reporting_probe, every minute): the readiness URL
    # it asks and the metrics URL it samples; point them at production to measure it.
    base = os.environ.get("REPORTING_PROBE_BASE_URL", "http://127.0.0.1:8000")
    settings["REPORTING_PROBE_URL"] = os.environ.get("REPORTING_PROBE_URL", f"{base}/readyz")
    settings["REPORTING_METRICS_URL"] = os.environ.get("REPORTING_METRICS_URL", f"{base}/metrics")
    settings["REPORTING_PROBE_TIMEOUT_SECONDS"] = float(
        os.environ.get("REPORTING_PROBE_TIMEOUT_SECONDS", "10")
    )
    # A probe's answer stands for this long; time after it with no probe is unknown.
    settings["REPORTING_PROBE_INTERVAL_SECONDS"] = int(
        os.environ.get("REPORTING_PROBE_INTERVAL_SECONDS", "60")
    )
    settings["REPORTING_PROBE_GRACE_SECONDS"] = int(
        os.environ.get("REPORTING_PROBE_GRACE_SECONDS", "30")
    )
    # Working hours in Europe/London, Monday to Friday, less England and Wales bank holidays.
    settings["REPORTING_WORKING_HOURS"] = ("09:00", "17:30")
    # Where the monthly pack's email links to (the dashboard is behind staff sign-in).
    settings["REPORTING_SITE_URL"] = os.environ.get("REPORTING_SITE_URL", base)
