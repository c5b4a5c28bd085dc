"""Alerts: raised by the risk rules (one per rule, subject and period: a later run
updates the same alert's evidence), triaged by staff, each step audited. Outcomes:
dismiss with a reason, watch, advice given, or open an assessment in cases (the alert
and the case name each other)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.cases import services as cases_services
from regulator.core import clock
from regulator.core.workdays import working_days_after
from regulator.monitoring.models import Alert, Counter, Snapshot
from regulator.monitoring.risk_rules.base import Finding, RiskRule
from regulator.monitoring.rules import is_monitoring_staff
from regulator.monitoring.services.errors import error
from regulator.monitoring.types import OPEN_ALERT_STATES, AlertState, MonitoringErrorCode


def _next_reference() -> str:
    counter, _created = Counter.objects.select_for_update().get_or_create(name="alert")
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"MON-{counter.last:06d}"


def alert_raise(*, rule: RiskRule, finding: Finding, actor: Any) -> tuple[Alert, bool]:
    """Raise the finding's alert, or bring the existing one's evidence up to date."""
    now = clock.now()
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update()
            .filter(
                rule=rule.code,
                subject_kind=finding.subject_kind,
                subject_key=finding.subject_key,
                period=finding.period,
            )
            .first()
        )
        created = alert is None
        if alert is None:
            target_days = int(getattr(settings, "MONITORING_TRIAGE_TARGET_DAYS", 5))
            alert = Alert(
                reference=_next_reference(),
                rule=rule.code,
                subject_kind=finding.subject_kind,
                subject_key=finding.subject_key,
                period=finding.period,
                raised_at=now,
                target_on=working_days_after(clock.local_today(), target_days),
            )
        elif alert.evidence == finding.evidence_json():
            return alert, False
        alert.rule_version = rule.version
        alert.severity = finding.severity or rule.severity
        alert.subject_label = finding.subject_label[:300]
        alert.entity_id = finding.entity_id
        alert.summary = finding.summary[:500]
        alert.evidence = finding.evidence_json()
        alert.updated_at = now
        alert.save()
        if finding.snapshot_ids:
            alert.snapshots.add(*Snapshot.objects.filter(pk__in=finding.snapshot_ids))
        audit_record(
            actor=actor,
            action="monitoring.alert_raised" if created else "monitoring.alert_updated",
            subject=alert,
            payload={
                "reference": alert.reference,
                "rule": rule.code,
                "version": rule.version,
                "subject": f"{finding.subject_kind}:{finding.subject_key}",
                "period": finding.period,
            },
        )
    return alert, created


def _require_staff(actor: Any) -> None:
    if not is_monitoring_staff(actor):
        raise error(MonitoringErrorCode.NOT_PERMITTED, _("Only monitoring staff triage alerts."))


def _require_open(alert: Alert) -> None:
    if alert.state not in OPEN_ALERT_STATES:
        raise error(
            MonitoringErrorCode.NOT_OPEN,
            _("Alert %(reference)s is already closed (%(state)s).")
            % {"reference": alert.reference, "state": alert.get_state_display()},
        )


def alert_assign(*, alert: Alert, actor: Any, assignee: Any) -> Alert:
    _require_staff(actor)
    _require_staff(assignee)
    _require_open(alert)
    with transaction.atomic():
        alert.assignee = assignee
        alert.updated_at = clock.now()
        alert.save(update_fields=["assignee", "updated_at"])
        audit_record(
            actor=actor,
            action="monitoring.alert_assigned",
            subject=alert,
            payload={"assignee": assignee.get_username()},
        )
    return alert


def alert_triage(*, alert: Alert, actor: Any, outcome: str, reason: str) -> Alert:
    """Dismiss (with a reason), watch, or record that advice was given."""
    _require_staff(actor)
    _require_open(alert)
    if outcome not in (AlertState.DISMISSED, AlertState.WATCHING, AlertState.ADVICE):
        raise error(MonitoringErrorCode.BAD_CHOICE, _("Choose dismiss, watch or advice given."))
    if not reason.strip():
        raise error(MonitoringErrorCode.REASON_REQUIRED, _("Give the reason for the decision."))
    with transaction.atomic():
        before = alert.state
        alert.state = outcome
        alert.outcome_reason = reason.strip()
        alert.updated_at = clock.now()
        alert.save(update_fields=["state", "outcome_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="monitoring.alert_triaged",
            subject=alert,
            payload={"from": before, "to": outcome, "reason": alert.outcome_reason},
        )
    return alert


def alerts_triage_bulk(
    *, alerts: list[Alert], actor: Any, outcome: str, reason: str
) -> list[Alert]:
    """The same decision for several alerts at once: all of them or none."""
    with transaction.atomic():
        return [alert_triage(alert=a, actor=actor, outcome=outcome, reason=reason) for a in alerts]


def alert_promote(*, alert: Alert, actor: Any, details: str = "") -> str:
    """Open an assessment in cases from the alert; returns the case's reference."""
    _require_staff(actor)
    _require_open(alert)
    with transaction.atomic():
        intake = cases_services.case_open(
            actor=actor,
            source="monitoring",
            subject_name=alert.subject_label,
            entity_id=alert.entity_id,
            matter=alert.summary[:300],
            details=(
                f"Monitoring alert {alert.reference} ({alert.rule} {alert.rule_version}).\n"
                f"{alert.summary}\n{details}".strip()
            ),
            offence_code=str(alert.evidence.get("offence", "")),
            name=actor.get_username(),
        )
        alert.state = AlertState.CASE
        alert.case_reference = intake.case.reference
        alert.outcome_reason = details.strip() or _("Assessment opened.")
        alert.updated_at = clock.now()
        alert.save(update_fields=["state", "case_reference", "outcome_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="monitoring.alert_promoted",
            subject=alert,
            payload={"case": intake.case.reference, "intake": intake.reference},
        )
    return intake.case.reference


def target_for(day: dt.date) -> dt.date:
    return working_days_after(day, int(getattr(settings, "MONITORING_TRIAGE_TARGET_DAYS", 5)))
