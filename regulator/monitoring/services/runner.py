"""Run every risk rule in force and raise or update its alerts (the periodic job
``manage.py monitoring_rules``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from regulator.core import clock
from regulator.monitoring.risk_rules.registry import REGISTRY
from regulator.monitoring.services.alerts import alert_raise


@dataclass(frozen=True)
class RunResult:
    rule: str
    findings: int
    raised: int


def rules_run(*, actor: Any, today: dt.date | None = None, only: str = "") -> list[RunResult]:
    today = today or clock.local_today()
    results = []
    for rule in REGISTRY:
        if only and rule.code != only:
            continue
        if not rule.in_force(today):
            continue
        findings = raised = 0
        for finding in rule.evaluate(today):
            findings += 1
            _alert, created = alert_raise(rule=rule, finding=finding, actor=actor)
            raised += created
        results.append(RunResult(rule.code, findings, raised))
    return results
