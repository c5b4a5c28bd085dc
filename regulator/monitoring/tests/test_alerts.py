"""Alerts and the intelligence log through their services: one alert per rule, subject
and period (a later run updates it), triage outcomes with reasons, bulk decisions all or
nothing, an assessment opened in cases (the alert and the case name each other, closed
alerts refused), and intelligence graded 3x5x2 with hashed attachments kept as records,
refused to everyone but investigators and finance analysts."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from regulator.audit import selectors as audit_selectors
from regulator.audit.types import Actor
from regulator.cases import selectors as cases_selectors
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.monitoring import selectors, services
from regulator.monitoring.models import Alert, Intelligence
from regulator.monitoring.risk_rules.base import Finding, RiskRule
from regulator.monitoring.services import MonitoringError
from regulator.monitoring.types import AlertState, MonitoringErrorCode
from regulator.records import selectors as records_selectors
from regulator.register.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def make_entity(**kwargs: Any) -> Any:
    return EntityFactory(**kwargs)


def rule(version: str = "2024-01-01") -> RiskRule:
    import datetime as dt

    return RiskRule(
        code="test-rule",
        version=version,
        title="Test rule",
        text="Spend over the threshold.",
        severity="high",
        effective_from=dt.date(2020, 1, 1),
        evaluate=lambda today: [],
    )


def finding(entity: Any = None, spend: int = 2_000_000, period: str = "UKPGE 2024") -> Finding:
    return Finding(
        subject_kind="advertiser",
        subject_key="google-ads:AR1",
        subject_label="Vote Example Ltd",
        period=period,
        summary="Vote Example Ltd spent at least £20,000.00",
        evidence={"spend_min_pence": spend, "threshold_pence": 1_000_000},
        entity_id=entity.pk if entity is not None else None,
    )


def raise_alert(**kwargs: Any) -> Alert:
    alert, _created = services.alert_raise(rule=rule(), finding=finding(**kwargs), actor=SYSTEM)
    return alert


def staff(role: StaffRole) -> Any:
    return StaffFactory(roles=[role])


def test_the_same_rule_subject_and_period_update_one_alert() -> None:
    first, created = services.alert_raise(rule=rule(), finding=finding(), actor=SYSTEM)
    assert created
    assert first.reference.startswith("MON-")
    again, created = services.alert_raise(rule=rule(), finding=finding(), actor=SYSTEM)
    assert (again.pk, created) == (first.pk, False)
    updated, created = services.alert_raise(
        rule=rule("2025-01-01"), finding=finding(spend=3_000_000), actor=SYSTEM
    )
    assert (updated.pk, created) == (first.pk, False)
    assert updated.evidence["spend_min_pence"] == 3_000_000
    assert updated.rule_version == "2025-01-01"
    other, created = services.alert_raise(
        rule=rule(), finding=finding(period="UKPGE 2029 (open)"), actor=SYSTEM
    )
    assert created
    assert other.pk != first.pk
    actions = [e.action for e in audit_selectors.event_list_for_subject(subject=first)]
    assert actions == ["monitoring.alert_raised", "monitoring.alert_updated"]


def test_triage_outcomes_need_a_reason_and_are_audited() -> None:
    analyst = staff(StaffRole.FINANCE_ANALYST)
    alert = raise_alert()
    with pytest.raises(MonitoringError) as refused:
        services.alert_triage(alert=alert, actor=analyst, outcome="dismissed", reason=" ")
    assert refused.value.code == MonitoringErrorCode.REASON_REQUIRED
    with pytest.raises(MonitoringError):
        services.alert_triage(alert=alert, actor=analyst, outcome="case", reason="x")
    services.alert_triage(alert=alert, actor=analyst, outcome="watching", reason="Keep an eye")
    assert alert.state == AlertState.WATCHING
    assert selectors.alerts_open().filter(pk=alert.pk).exists()
    services.alert_triage(alert=alert, actor=analyst, outcome="advice", reason="Wrote to them")
    alert.refresh_from_db()
    assert (alert.state, alert.outcome_reason) == (AlertState.ADVICE, "Wrote to them")
    with pytest.raises(MonitoringError) as closed:
        services.alert_triage(alert=alert, actor=analyst, outcome="dismissed", reason="x")
    assert closed.value.code == MonitoringErrorCode.NOT_OPEN
    triaged = [
        e.payload["to"]
        for e in audit_selectors.event_list_for_subject(subject=alert)
        if e.action == "monitoring.alert_triaged"
    ]
    assert triaged == ["watching", "advice"]


def test_only_monitoring_staff_triage_or_are_assigned() -> None:
    alert = raise_alert()
    with pytest.raises(MonitoringError) as refused:
        services.alert_triage(
            alert=alert, actor=staff(StaffRole.RECORDS_MANAGER), outcome="watching", reason="x"
        )
    assert refused.value.code == MonitoringErrorCode.NOT_PERMITTED
    investigator = staff(StaffRole.INVESTIGATOR)
    with pytest.raises(MonitoringError):
        services.alert_assign(
            alert=alert, actor=investigator, assignee=staff(StaffRole.RECORDS_MANAGER)
        )
    services.alert_assign(alert=alert, actor=investigator, assignee=investigator)
    alert.refresh_from_db()
    assert alert.assignee == investigator


def test_a_bulk_decision_changes_all_the_alerts_or_none() -> None:
    analyst = staff(StaffRole.FINANCE_ANALYST)
    one = raise_alert()
    two = raise_alert(period="UKPGE 2029 (open)")
    closed = raise_alert(period="lifetime")
    services.alert_triage(alert=closed, actor=analyst, outcome="dismissed", reason="No")
    with pytest.raises(MonitoringError):
        services.alerts_triage_bulk(
            alerts=[one, two, closed], actor=analyst, outcome="dismissed", reason="Duplicate"
        )
    assert sorted(Alert.objects.filter(state="open").values_list("pk", flat=True)) == sorted(
        [one.pk, two.pk]
    )
    services.alerts_triage_bulk(
        alerts=list(Alert.objects.filter(pk__in=[one.pk, two.pk])),
        actor=analyst,
        outcome="dismissed",
        reason="Duplicate",
    )
    assert set(Alert.objects.values_list("state", flat=True)) == {"dismissed"}


def test_promoting_opens_an_assessment_in_cases_and_both_name_each_other() -> None:
    entity = make_entity()
    decider = staff(StaffRole.CASE_DECISION_MAKER)
    alert = raise_alert(entity=entity)
    reference = services.alert_promote(alert=alert, actor=decider, details="Looks real")
    alert.refresh_from_db()
    assert (alert.state, alert.case_reference) == (AlertState.CASE, reference)
    case = cases_selectors.case_get(reference=reference)
    assert case is not None
    assert case.source == "monitoring"
    assert case.entity_id == entity.pk
    intake = cases_selectors.intakes_of(case).get()
    assert alert.reference in intake.details
    with pytest.raises(MonitoringError) as refused:
        services.alert_promote(alert=alert, actor=decider)
    assert refused.value.code == MonitoringErrorCode.NOT_OPEN


def test_a_closed_alert_is_not_promoted() -> None:
    analyst = staff(StaffRole.FINANCE_ANALYST)
    alert = raise_alert()
    services.alert_triage(alert=alert, actor=analyst, outcome="dismissed", reason="No")
    with pytest.raises(MonitoringError):
        services.alert_promote(alert=alert, actor=analyst)
    alert.refresh_from_db()
    assert alert.case_reference == ""


ENTRY: dict[str, Any] = {
    "title": "Tip-off",
    "body": "A donor paid for ads through a company.",
    "source_evaluation": "2",
    "assessment": "B",
    "handling": "P",
}


def test_intelligence_must_be_graded_and_conditions_given_for_c() -> None:
    investigator = staff(StaffRole.INVESTIGATOR)
    with pytest.raises(MonitoringError) as ungraded:
        services.intelligence_record(actor=investigator, **{**ENTRY, "assessment": "F"})
    assert ungraded.value.code == MonitoringErrorCode.BAD_CHOICE
    with pytest.raises(MonitoringError) as conditions:
        services.intelligence_record(actor=investigator, **{**ENTRY, "handling": "C"})
    assert conditions.value.code == MonitoringErrorCode.REASON_REQUIRED
    assert Intelligence.objects.count() == 0
    entry = services.intelligence_record(
        actor=investigator, **{**ENTRY, "handling": "C"}, handling_conditions="Police only"
    )
    assert (entry.handling, entry.handling_conditions) == ("C", "Police only")


def test_intelligence_attachments_are_records_with_their_hash_and_links() -> None:
    entity = make_entity()
    alert = raise_alert(entity=entity)
    data = b"%PDF-1.4 statement"
    entry = services.intelligence_record(
        actor=staff(StaffRole.FINANCE_ANALYST),
        **ENTRY,
        entity_id=entity.pk,
        donor_id="D000123",
        alerts=[alert],
        attachments=[("statement.pdf", data)],
    )
    [attachment] = entry.attachments
    assert attachment["sha256"] == hashlib.sha256(data).hexdigest()
    record = records_selectors.record_get(reference=attachment["record"])
    assert record is not None
    assert record.sha256 == attachment["sha256"]
    assert list(selectors.intelligence_of_alert(alert)) == [entry]
    assert entry.entity_id == entity.pk
    assert entry.donor_id == "D000123"


@pytest.mark.parametrize(
    "role", [StaffRole.CASE_DECISION_MAKER, StaffRole.RECORDS_MANAGER, StaffRole.PLATFORM_ADMIN]
)
def test_intelligence_is_refused_to_other_roles(role: StaffRole) -> None:
    with pytest.raises(MonitoringError) as refused:
        services.intelligence_record(actor=staff(role), **ENTRY)
    assert refused.value.code == MonitoringErrorCode.NOT_PERMITTED
    assert Intelligence.objects.count() == 0
