"""Records' part of the staff home page (``identity.types.STAFF_WORK``): what waits for a
records manager: records due for disposal review, batches awaiting a decision or the
second approval, holds past their review date and integrity incidents."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from regulator.core import clock
from regulator.identity.types import StaffRole, StaffWork
from regulator.records import selectors
from regulator.records.types import BatchState


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    if StaffRole.RECORDS_MANAGER not in roles:
        return []
    today = clock.local_today()
    waiting = selectors.batches().exclude(state=BatchState.DISPOSED).count()
    holds_due = selectors.holds_active().filter(review_on__lte=today).count()
    return [
        StaffWork(
            role=StaffRole.RECORDS_MANAGER,
            title=_("Disposal review"),
            url=reverse("records:disposal"),
            description=_("Records whose retention has ended, and batches to decide or approve."),
            count=selectors.disposal_due(as_of=today).count(),
            detail=_("%(n)d batches awaiting a decision or an approval.") % {"n": waiting},
            order=10,
        ),
        StaffWork(
            role=StaffRole.RECORDS_MANAGER,
            title=_("Legal holds"),
            url=reverse("records:holds"),
            count=selectors.holds_active().count(),
            detail=_("%(n)d past their review date.") % {"n": holds_due},
            order=20,
        ),
        StaffWork(
            role=StaffRole.RECORDS_MANAGER,
            title=_("Records and integrity incidents"),
            url=reverse("records:search"),
            count=selectors.incidents().count(),
            order=30,
        ),
        StaffWork(
            role=StaffRole.RECORDS_MANAGER,
            title=_("File plan and retention schedule"),
            url=reverse("records:file_plan"),
            order=40,
        ),
    ]
