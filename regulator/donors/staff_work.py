"""The donors part of the staff home page (``identity.types.STAFF_WORK``): the pairs of
records waiting for a finance analyst's decision."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from regulator.donors import selectors
from regulator.identity.types import StaffRole, StaffWork


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    if StaffRole.FINANCE_ANALYST not in roles:
        return []
    return [
        StaffWork(
            role=StaffRole.FINANCE_ANALYST,
            title=_("Donor pairs to review"),
            url=reverse("donors:review_queue"),
            description=_("Records the model could not be sure are the same donor."),
            count=selectors.review_queue().count(),
            order=20,
        )
    ]
