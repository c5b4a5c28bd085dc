"""Declared access of every monitoring URL (enforced by the authorisation matrix test).
Alerts, sources and the dashboard are the work of finance analysts, investigators and
case decision makers; matches are reviewed by finance analysts and investigators; the
intelligence log is for investigators and finance analysts only (case decision makers
and every other role are refused)."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access

MONITORING = ("finance-analyst", "investigator", "case-decision-maker")
REVIEWERS = ("finance-analyst", "investigator")
INTELLIGENCE = ("finance-analyst", "investigator")


def _alert(world: Any) -> Any:
    """The matrix's alert about entity A (raised once: a second raise updates it)."""
    from regulator.audit.types import Actor
    from regulator.monitoring import services
    from regulator.monitoring.risk_rules.base import Finding
    from regulator.monitoring.risk_rules.registry import REGISTRY

    alert, _created = services.alert_raise(
        rule=REGISTRY[0],
        finding=Finding(
            subject_kind="entity",
            subject_key=str(world.entity_a.pk),
            subject_label=world.entity_a.name,
            period="matrix",
            summary="Matrix alert",
            evidence={"spend_min_pence": 2_000_000, "threshold_pence": 1_000_000},
            entity_id=world.entity_a.pk,
        ),
        actor=Actor.system("matrix"),
    )
    return alert


def _alert_kwargs(world: Any) -> dict[str, Any]:
    return {"reference": _alert(world).reference}


def _match(world: Any) -> dict[str, Any]:
    from regulator.monitoring import services

    match = services.match_refresh(
        subject_kind="advertiser",
        subject_key="google-ads:AR-MATRIX",
        name=world.entity_a.name,
        names=[(world.entity_a.pk, world.entity_a.name, "current")],
    )
    return {"pk": match.pk}


def _intelligence(world: Any) -> dict[str, Any]:
    from regulator.monitoring import selectors, services

    found = selectors.intelligence_all().filter(title="Matrix intelligence").first()
    if found is None:
        found = services.intelligence_record(
            actor=world.users["staff:investigator"],
            title="Matrix intelligence",
            body="Matrix",
            source_evaluation="2",
            assessment="C",
            handling="P",
            entity_id=world.entity_a.pk,
            alerts=[_alert(world)],
        )
    return {"reference": found.reference}


ACCESS = {
    "monitoring:alerts": Access.staff(*MONITORING),
    "monitoring:alerts_csv": Access.staff(*MONITORING),
    # An empty POST is answered with the page and its errors; nothing changes.
    "monitoring:alerts_triage": Access.staff(*MONITORING, method="POST"),
    "monitoring:alert_detail": Access.staff(*MONITORING, kwargs=_alert_kwargs),
    "monitoring:alert_assign": Access.staff(*MONITORING, method="POST", kwargs=_alert_kwargs),
    "monitoring:alert_triage": Access.staff(*MONITORING, method="POST", kwargs=_alert_kwargs),
    # An empty POST opens the assessment (the reason is optional): the first admitted
    # user is redirected, the others see the page saying the alert is closed.
    "monitoring:alert_promote": Access.staff(
        *MONITORING, method="POST", kwargs=_alert_kwargs, ok_statuses=(200, 302)
    ),
    "monitoring:sources": Access.staff(*MONITORING),
    "monitoring:dashboard": Access.staff(*MONITORING),
    "monitoring:matches": Access.staff(*REVIEWERS),
    "monitoring:match_decide": Access.staff(*REVIEWERS, method="POST", kwargs=_match),
    "monitoring:intelligence_list": Access.staff(*INTELLIGENCE),
    "monitoring:intelligence_new": Access.staff(*INTELLIGENCE),
    "monitoring:intelligence_detail": Access.staff(*INTELLIGENCE, kwargs=_intelligence),
}
