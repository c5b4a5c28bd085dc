"""Contacts' part of the staff home page (``identity.types.STAFF_WORK``): the enquiries
waiting for an answer, with the most pressing deadline, and the shared mailbox's messages
that need a person."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regulator.contacts import selectors
from regulator.identity.types import StaffRole, StaffWork


def staff_work(roles: frozenset[str]) -> list[StaffWork]:
    if StaffRole.CONTACTS_MANAGER not in roles:
        return []
    queue = selectors.enquiry_queue()
    detail = ""
    if queue:
        detail = _("Next due %(date)s; %(late)d past their deadline.") % {
            "date": date_format(queue[0].enquiry.due_on, "j F Y"),
            "late": sum(1 for row in queue if row.breached),
        }
    return [
        StaffWork(
            role=StaffRole.CONTACTS_MANAGER,
            title=_("Enquiries and requests"),
            url=reverse("contacts:queue"),
            description=_("Advice, complaints and information requests, each with its clock."),
            count=len(queue),
            detail=detail,
            order=10,
        ),
        StaffWork(
            role=StaffRole.CONTACTS_MANAGER,
            title=_("Mailbox messages that need a person"),
            url=reverse("contacts:mailbox"),
            count=selectors.mail_needing_person().count(),
            order=20,
        ),
        StaffWork(
            role=StaffRole.CONTACTS_MANAGER,
            title=_("Contacts"),
            url=reverse("contacts:contact_list"),
            order=30,
        ),
    ]
