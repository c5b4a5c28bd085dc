"""The register's part of the staff home page (``identity.types.STAFF_WORK``): the
registration officer's queue of applications, with the oldest against its target."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regulator.core import clock
from regulator.identity.types import StaffRole, StaffWork
from regulator.register import selectors


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    if StaffRole.REGISTRATION_OFFICER not in roles:
        return []
    queue = selectors.application_queue()
    detail = ""
    if queue:
        oldest = queue[0]
        submitted = oldest.application.submitted_at
        when = date_format(clock.to_local(submitted).date(), "j F Y") if submitted else ""
        overdue = sum(1 for item in queue if item.overdue)
        detail = _("Oldest submitted %(date)s; %(overdue)d past the %(days)d-day target.") % {
            "date": when,
            "overdue": overdue,
            "days": oldest.target_days,
        }
    return [
        StaffWork(
            role=StaffRole.REGISTRATION_OFFICER,
            title=_("Applications to register"),
            url=reverse("register:application_queue"),
            description=_("Decide applications to register and changes to the register."),
            count=len(queue),
            detail=detail,
            order=10,
        ),
        StaffWork(
            role=StaffRole.REGISTRATION_OFFICER,
            title=_("The register"),
            url=reverse("register:entity_list"),
            order=20,
        ),
    ]
