"""Declared access of the public cases URLs and the enforcement API."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access

MATRIX_SUBJECT = "Matrix Published Outcome"


def _published(world: Any) -> dict[str, Any]:
    """A case of entity A driven through the services to publication: opened, assigned,
    investigated, found no offence (which concludes it), published by an approver."""
    from regulator.audit.types import Actor
    from regulator.cases import selectors, services

    found = selectors.outcomes_published(q=MATRIX_SUBJECT).first()
    if found is not None:
        return {"reference": found.reference}
    investigator = world.users["staff:investigator"]
    decider = world.users["staff:case-decision-maker"]
    approver = world.users["staff:publication-approver"]
    case = services.case_open(
        actor=Actor.system("matrix"),
        source="allegation",
        subject_name=MATRIX_SUBJECT,
        matter=f"{MATRIX_SUBJECT}: accounts late",
        details="Matrix",
        entity_id=world.entity_a.pk,
    ).case
    services.case_assign(
        case=case, actor=decider, investigator=investigator, decision_maker=decider
    )
    services.assessment_decide(
        case=case,
        actor=investigator,
        answers={
            "public-interest": True,
            "proportionate": True,
            "evidence": True,
            "resources": True,
        },
        outcome="investigation",
        reason="Matrix",
    )
    services.findings_record(case=case, actor=decider, finding="no-offence", reason="Matrix")
    services.case_publish(case=case, actor=approver, summary_en="Matrix: no offence.")
    return {"reference": case.reference}


ACCESS = {
    "cases:allegation_form": Access.public(),
    "cases:allegation_sent": Access.public(ok_statuses=(302,)),
    "cases:outcomes": Access.public(),
    "cases:outcomes_csv": Access.public(),
    "cases:outcome_detail": Access.public(kwargs=_published),
    "api:enforcement": Access.public(),
    "api:enforcement_detail": Access.public(kwargs=_published),
}
