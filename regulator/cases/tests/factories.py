"""Builders for cases' tests: a case team and a case driven to a given stage through the
real services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from regulator.audit.types import Actor
from regulator.cases import services
from regulator.cases.models import Case, Sanction
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole

YES = {"public-interest": True, "proportionate": True, "evidence": True, "resources": True}


@dataclass
class Team:
    investigator: Any
    decider: Any
    second: Any  # a second decision maker, for representations
    approver: Any


def team() -> Team:
    return Team(
        investigator=StaffFactory(roles=[StaffRole.INVESTIGATOR]),
        decider=StaffFactory(roles=[StaffRole.CASE_DECISION_MAKER]),
        second=StaffFactory(roles=[StaffRole.CASE_DECISION_MAKER]),
        approver=StaffFactory(roles=[StaffRole.PUBLICATION_APPROVER]),
    )


def allegation(**overrides: Any) -> Case:
    values: dict[str, Any] = {
        "actor": Actor.anonymous("allegation form"),
        "source": "allegation",
        "subject_name": "Example Party",
        "matter": "Donation reported late",
        "details": "The party's Q2 report left out a £20,000 donation.",
        "offence_code": "late-donation-report",
        "offence_date": dt.date(2025, 8, 1),
        "name": "Ann Citizen",
        "email": "ann@example.org",
    }
    values.update(overrides)
    return services.case_open(**values).case


def investigating(people: Team, **overrides: Any) -> Case:
    case = allegation(**overrides)
    services.case_assign(
        case=case,
        actor=people.decider,
        investigator=people.investigator,
        decision_maker=people.decider,
    )
    services.assessment_decide(
        case=case,
        actor=people.investigator,
        answers=YES,
        outcome="investigation",
        reason="Serious.",
    )
    return case


def proposed(people: Team, kind: str = "fixed", **overrides: Any) -> Sanction:
    case = investigating(people, **overrides)
    services.findings_record(
        case=case, actor=people.decider, finding="offence-found", reason="Report 40 days late."
    )
    return services.sanction_propose(
        case=case,
        actor=people.decider,
        kind=kind,
        act="Q2 2025 donation report",
        recipient="The Treasurer, Example Party",
        served_by="email",
        amount_pence=None if kind == "fixed" else 500_000,
    )
