"""The guidance part of the staff home page (``identity.types.STAFF_WORK``): drafts and
versions waiting for review, for the guidance editors (contacts managers)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from regulator.guidance import selectors
from regulator.identity.types import StaffRole, StaffWork


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    if StaffRole.CONTACTS_MANAGER not in roles:
        return []
    return [
        StaffWork(
            role=StaffRole.CONTACTS_MANAGER,
            title=_("Guidance drafts and versions in progress"),
            url=reverse("guidance:staff_index"),
            description=_("Write, review and publish guidance."),
            count=selectors.versions_open().count(),
            order=10,
        )
    ]
