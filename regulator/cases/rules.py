"""Named permissions of cases (checked with ``user.has_perm(name[, obj])``).

Enforcement is need-to-know: a case is open to the members of its team (its
investigator, its decision maker and anyone they add) and, while it waits for triage
with no team, to every investigator and case decision maker. Whoever has declared a
conflict of interest on a case cannot open it, whatever their role. Publication
approvers publish concluded outcomes from their own queue and see nothing else."""

from __future__ import annotations

from typing import Any

import rules

from regulator.identity.selectors import (
    is_case_decision_maker,
    is_investigator,
    is_publication_approver,
    user_is_staff,
)


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user_is_staff(user=user)


is_enforcement_staff = is_investigator | is_case_decision_maker


@rules.predicate
def may_open_case(user: Any, case: Any) -> bool:
    if case is None or not is_enforcement_staff(user):
        return False
    if case.conflicts.filter(user=user).exists():
        return False
    if case.team.filter(pk=user.pk).exists():
        return True
    return not case.team.exists()


@rules.predicate
def is_case_decider(user: Any, case: Any) -> bool:
    return bool(
        case is not None and case.decision_maker_id == user.pk and is_case_decision_maker(user)
    )


rules.add_perm("cases.view_cases", is_enforcement_staff)
rules.add_perm("cases.refer", is_staff_member)
rules.add_perm("cases.triage", is_case_decision_maker)
rules.add_perm("cases.open_case", may_open_case)
rules.add_perm("cases.work_case", may_open_case)
rules.add_perm("cases.decide_case", may_open_case & is_case_decision_maker)
rules.add_perm("cases.publish_outcome", is_publication_approver)
