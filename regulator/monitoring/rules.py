"""Named permissions of monitoring. Alerts, sources and matches are the work of finance
analysts and investigators (and case decision makers, who take alerts into cases); the
intelligence log is for investigators and finance analysts only."""

from __future__ import annotations

import rules

from regulator.identity.selectors import (
    is_case_decision_maker,
    is_finance_analyst,
    is_investigator,
)

is_monitoring_staff = is_finance_analyst | is_investigator | is_case_decision_maker

rules.add_perm("monitoring.view_monitoring", is_monitoring_staff)
rules.add_perm("monitoring.triage_alerts", is_monitoring_staff)
rules.add_perm("monitoring.review_matches", is_finance_analyst | is_investigator)
rules.add_perm("monitoring.intelligence", is_finance_analyst | is_investigator)
