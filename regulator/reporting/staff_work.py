"""The reporting part of the staff home page (``identity.types.STAFF_WORK``): the
performance dashboard for the roles that read it, and the packs for performance viewers."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from regulator.identity.types import StaffRole, StaffWork

DASHBOARD_ROLES = (
    StaffRole.PERFORMANCE_VIEWER,
    StaffRole.FINANCE_ANALYST,
    StaffRole.PUBLICATION_APPROVER,
    StaffRole.REGISTRATION_OFFICER,
)


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    work = [
        StaffWork(
            role=role,
            title=_("Performance dashboard"),
            url=reverse("reporting:dashboard"),
            order=90,
        )
        for role in DASHBOARD_ROLES
        if role in roles
    ]
    if StaffRole.PERFORMANCE_VIEWER in roles:
        work.append(
            StaffWork(
                role=StaffRole.PERFORMANCE_VIEWER,
                title=_("Performance packs"),
                url=reverse("reporting:packs"),
                order=10,
            )
        )
    return work
