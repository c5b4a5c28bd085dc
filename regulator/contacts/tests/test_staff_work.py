"""Contacts' part of the staff home: the open enquiries with the next deadline and the
ones past it, and the mailbox messages that need a person; nothing for other roles."""

from __future__ import annotations

import datetime as dt

import pytest

from regulator.contacts.staff_work import staff_work
from regulator.contacts.tests import factories
from regulator.core import clock
from regulator.core.testing import clock_frozen_at
from regulator.identity.types import StaffRole

pytestmark = pytest.mark.django_db
_frozen = clock_frozen_at(dt.datetime(2026, 12, 18, 10, 0, tzinfo=clock.local_zone()))


def test_a_contacts_manager_sees_the_enquiries_waiting_and_the_late_ones() -> None:
    assert staff_work(frozenset({StaffRole.FINANCE_ANALYST})) == []
    factories.enquiry("general", received_on=dt.date(2026, 11, 2))  # past its 20 days
    factories.enquiry("foi")
    work = {item.title: item for item in staff_work(frozenset({StaffRole.CONTACTS_MANAGER}))}
    queue = work["Enquiries and requests"]
    assert (queue.count, queue.url) == (2, "/contacts/queue/")
    assert "1 past their deadline" in queue.detail
    assert work["Mailbox messages that need a person"].count == 0
