"""Declared access of the staff cases URLs. A case's pages are need-to-know: the matrix's
case has the matrix investigator and case decision maker on its team, so every other
role is refused (404)."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access
from regulator.identity.types import StaffRole

ENFORCEMENT = ("investigator", "case-decision-maker")
APPROVER = "publication-approver"
YES = {"public-interest": True, "proportionate": True, "evidence": True, "resources": True}


def _investigating(world: Any, subject: str) -> Any:
    from regulator.audit.types import Actor
    from regulator.cases import selectors, services

    found = selectors.cases_all().filter(subject_name=subject).first()
    if found is not None:
        return found
    investigator = world.users["staff:investigator"]
    decider = world.users["staff:case-decision-maker"]
    case = services.case_open(
        actor=Actor.system("matrix"),
        source="allegation",
        subject_name=subject,
        matter=f"{subject}: late report",
        details="Matrix",
        entity_id=world.entity_a.pk,
    ).case
    services.case_assign(
        case=case, actor=decider, investigator=investigator, decision_maker=decider
    )
    services.assessment_decide(
        case=case, actor=investigator, answers=YES, outcome="investigation", reason="Matrix"
    )
    services.evidence_add(
        case=case,
        actor=investigator,
        title="Matrix evidence",
        file_name="matrix.txt",
        data=b"matrix evidence",
        kind="document",
        obtained="voluntary",
    )
    services.power_notice_issue(
        case=case,
        actor=investigator,
        kind="disclosure",
        recipient="Matrix treasurer",
        served_by="email",
        requirements="Bank statements",
        due_days=14,
    )
    return case


def _case(world: Any) -> dict[str, Any]:
    return {"reference": _investigating(world, "Matrix Case").reference}


def _evidence(world: Any) -> dict[str, Any]:
    return {**_case(world), "number": 1}


def _step(step: str) -> Any:
    return lambda world: {**_evidence(world), "step": step}


def _action(action: str) -> Any:
    return lambda world: {**_case(world), "action": action}


def _concluded(world: Any) -> dict[str, Any]:
    from regulator.cases import services

    case = _investigating(world, "Matrix Concluded")
    if case.stage == "investigation":
        services.findings_record(
            case=case,
            actor=world.users["staff:case-decision-maker"],
            finding="no-offence",
            reason="Matrix",
        )
    return {"reference": case.reference}


ACCESS = {
    "cases:home": Access.staff(*ENFORCEMENT),
    "cases:refer": Access.staff(*(role.value for role in StaffRole)),
    "cases:case_detail": Access.staff(*ENFORCEMENT, kwargs=_case),
    "cases:schedules": Access.staff(*ENFORCEMENT, kwargs=_case),
    "cases:bundle": Access.staff(*ENFORCEMENT, method="POST", kwargs=_case),
    "cases:notice_pdf": Access.staff(
        *ENFORCEMENT, kwargs=lambda world: {**_case(world), "number": 1}
    ),
    "cases:evidence_detail": Access.staff(*ENFORCEMENT, kwargs=_evidence),
    "cases:evidence_step": Access.staff(
        *ENFORCEMENT, method="POST", kwargs=_step("decide"), ok_statuses=(302,)
    ),
    "cases:case_action": Access.staff(*ENFORCEMENT, kwargs=_action("evidence")),
    "cases:publish_queue": Access.staff(APPROVER),
    "cases:publish": Access.staff(APPROVER, kwargs=_concluded),
}
