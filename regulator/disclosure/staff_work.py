"""The disclosure part of the staff home page (``identity.types.STAFF_WORK``): the
published records a publication approver corrects or withdraws."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from regulator.identity.types import StaffRole, StaffWork


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    if StaffRole.PUBLICATION_APPROVER not in roles:
        return []
    return [
        StaffWork(
            role=StaffRole.PUBLICATION_APPROVER,
            title=_("Published records"),
            url=reverse("disclosure:staff_records"),
            description=_("Publish, correct or withdraw a published record."),
            order=20,
        )
    ]
