"""The filings part of the staff home page (``identity.types.STAFF_WORK``): returns
waiting for a finance analyst's review, and accepted returns waiting to be published."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regulator.core import clock
from regulator.filings.models import ReturnVersion, Status
from regulator.identity.types import StaffRole, StaffWork


def _waiting(statuses: list[str]) -> tuple[int, str]:
    versions = ReturnVersion.objects.filter(status__in=statuses)
    oldest = versions.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    detail = (
        _("Oldest submitted %(date)s.")
        % {"date": date_format(clock.to_local(oldest).date(), "j F Y")}
        if oldest
        else ""
    )
    return versions.count(), detail


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    work = []
    if StaffRole.FINANCE_ANALYST in roles:
        count, detail = _waiting([Status.SUBMITTED, Status.UNDER_REVIEW])
        work.append(
            StaffWork(
                role=StaffRole.FINANCE_ANALYST,
                title=_("Returns to review"),
                url=reverse("filings:queue"),
                description=_("Submitted returns waiting for review, oldest first."),
                count=count,
                detail=detail,
                order=10,
            )
        )
    if StaffRole.PUBLICATION_APPROVER in roles:
        count, detail = _waiting([Status.ACCEPTED])
        work.append(
            StaffWork(
                role=StaffRole.PUBLICATION_APPROVER,
                title=_("Accepted returns to publish"),
                url=reverse("filings:queue"),
                count=count,
                detail=detail,
                order=10,
            )
        )
    return work
