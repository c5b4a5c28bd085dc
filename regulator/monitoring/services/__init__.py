"""Writes of the monitoring area."""

from regulator.monitoring.services.alerts import (
    alert_assign,
    alert_promote,
    alert_raise,
    alert_triage,
    alerts_triage_bulk,
)
from regulator.monitoring.services.errors import MonitoringError, UnreadableError
from regulator.monitoring.services.google_ads import ImportResult, google_ads_import
from regulator.monitoring.services.harvest_common import HarvestError, HarvestResult
from regulator.monitoring.services.harvest_companies_house import companies_house_harvest
from regulator.monitoring.services.harvest_meta_ads import (
    meta_ads_harvest,
    meta_ads_report_import,
)
from regulator.monitoring.services.harvest_news import news_harvest
from regulator.monitoring.services.harvest_parliament import (
    members_match,
    parliament_interests_harvest,
)
from regulator.monitoring.services.intelligence import intelligence_record
from regulator.monitoring.services.matching import (
    match_decide,
    match_refresh,
    matches_refresh_advertisers,
)
from regulator.monitoring.services.runner import RunResult, rules_run
from regulator.monitoring.services.snapshots import (
    snapshot_begin,
    snapshot_complete,
    source_failed,
    source_get,
)

__all__ = [
    "HarvestError",
    "HarvestResult",
    "ImportResult",
    "MonitoringError",
    "RunResult",
    "UnreadableError",
    "alert_assign",
    "alert_promote",
    "alert_raise",
    "alert_triage",
    "alerts_triage_bulk",
    "companies_house_harvest",
    "google_ads_import",
    "intelligence_record",
    "match_decide",
    "match_refresh",
    "matches_refresh_advertisers",
    "members_match",
    "meta_ads_harvest",
    "meta_ads_report_import",
    "news_harvest",
    "parliament_interests_harvest",
    "rules_run",
    "snapshot_begin",
    "snapshot_complete",
    "source_failed",
    "source_get",
]
