"""Monitoring's part of the staff home page and of the contacts entity view."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from regulator.identity.types import StaffRole, StaffWork
from regulator.monitoring import selectors


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    work: list[StaffWork] = []
    for role in (StaffRole.FINANCE_ANALYST, StaffRole.INVESTIGATOR, StaffRole.CASE_DECISION_MAKER):
        if role in roles:
            queue = selectors.alerts_open()
            work.append(
                StaffWork(
                    role=role,
                    title=_("Monitoring alerts"),
                    url=reverse("monitoring:alerts"),
                    description=_("Alerts from the risk rules over outside sources, to triage."),
                    count=queue.count(),
                    order=50,
                )
            )
    return work


def entity_section(request: Any) -> Any:
    from regulator.contacts.types import EntityViewSection

    if not request.user.has_perm("monitoring.view_monitoring"):
        return None
    alerts = list(selectors.alerts_of_entity(entity_id=request.entity_id)[:20])
    matches = list(selectors.matches_of_entity(entity_id=request.entity_id)[:20])
    if not alerts and not matches:
        return None
    return EntityViewSection(
        title=_("Monitoring"),
        template="monitoring/entity_section.html",
        context={"alerts": alerts, "matches": matches, "entity_id": request.entity_id},
        order=60,
    )
