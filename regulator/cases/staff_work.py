"""Cases' part of the staff home page and of the contacts entity view."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from regulator.cases import selectors
from regulator.identity.types import StaffRole, StaffWork


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    work: list[StaffWork] = []
    for role in (StaffRole.INVESTIGATOR, StaffRole.CASE_DECISION_MAKER):
        if role in roles:
            work.append(
                StaffWork(
                    role=role,
                    title=_("My cases"),
                    url=reverse("cases:home"),
                    description=_(
                        "Your enforcement cases, deadlines this week and new allegations."
                    ),
                    order=10,
                )
            )
    # Every member of staff may refer what they find: enforcement staff from their cases
    # page, the others here, once (under the first of their roles).
    others = sorted(
        r
        for r in roles - {StaffRole.INVESTIGATOR, StaffRole.CASE_DECISION_MAKER}
        if r in StaffRole.values
    )
    if others:
        work.append(
            StaffWork(
                role=others[0],
                title=_("Refer a possible breach"),
                url=reverse("cases:refer"),
                description=_("To the enforcement team, who assess every referral."),
                order=90,
            )
        )
    if StaffRole.PUBLICATION_APPROVER in roles:
        work.append(
            StaffWork(
                role=StaffRole.PUBLICATION_APPROVER,
                title=_("Enforcement outcomes to publish"),
                url=reverse("cases:publish_queue"),
                count=selectors.publication_queue().count(),
                order=40,
            )
        )
    return work


def entity_section(request: Any) -> Any:
    from regulator.contacts.types import EntityViewSection

    cases = list(selectors.cases_visible(user=request.user).filter(entity_id=request.entity_id))
    if not cases:
        return None
    return EntityViewSection(
        title=_("Enforcement cases"),
        template="cases/entity_section.html",
        context={"cases": cases},
        order=50,
    )
