"""FOIA s.77: an open information request holds in records what it names (records by
reference, and every record of the entity it is about), so nothing it names can be
disposed of; the hold passes to an internal review and is released when the request
closes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regulator.contacts import selectors, services
from regulator.contacts.tests import factories
from regulator.core import clock
from regulator.core.testing import clock_frozen_at
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.records import selectors as records_selectors
from regulator.records.testing import record_make
from regulator.register.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

_frozen = clock_frozen_at(dt.datetime(2026, 12, 18, 10, 0, tzinfo=clock.local_zone()))


def _held(record: Any) -> bool:
    return records_selectors.record_holds(record=record) != []


def test_an_information_request_holds_what_it_names_until_it_closes() -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    entity: Any = EntityFactory()
    named = record_make(source_id="named", content=b"%PDF-1.4 named\n")
    of_entity = record_make(source_id="entity", content=b"%PDF-1.4 entity\n", entity=entity.pk)
    other = record_make(source_id="other", content=b"%PDF-1.4 other\n")

    foi = factories.enquiry(
        "foi", holds=[named.reference, "Emails about the 2025 accounts"], entity_id=entity.pk
    )
    (hold,) = selectors.enquiry_records_holds(enquiry=foi)
    assert hold.kind == "request"
    assert hold.owner == manager  # nobody assigned yet: a contacts manager owns it
    assert hold.review_on == foi.due_on
    assert "FOIA s.77" in hold.reason
    assert (_held(named), _held(of_entity), _held(other)) == (True, True, False)

    page = signed_in_client(manager).get(f"/contacts/enquiries/{foi.reference}/")
    assert hold.reference in page.content.decode()
    welsh = signed_in_client(manager).get(f"/cy/contacts/enquiries/{foi.reference}/")
    assert "Cadw cofnodion" in welsh.content.decode()

    # An internal review takes the hold over; closing it releases everything.
    review = services.enquiry_escalate(actor=manager, enquiry=foi, reason="Review please")
    hold.refresh_from_db()
    assert hold.released_at is not None
    (review_hold,) = selectors.enquiry_records_holds(enquiry=review)
    assert (_held(named), _held(of_entity)) == (True, True)
    services.enquiry_close(actor=manager, enquiry=review)
    review_hold.refresh_from_db()
    assert review_hold.released_at is not None
    assert (_held(named), _held(of_entity)) == (False, False)


def test_a_general_enquiry_or_one_naming_nothing_in_records_holds_nothing() -> None:
    StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    general = factories.enquiry("general", holds=["File A"])
    foi = factories.enquiry("foi", holds=["A file records does not know"])
    assert selectors.enquiry_records_holds(enquiry=general) == []
    assert selectors.enquiry_records_holds(enquiry=foi) == []
    assert foi.holds == ["A file records does not know"]  # kept for the team to find


def test_a_contacts_retention_class_is_one_of_the_file_plan() -> None:
    from regulator.contacts.types import DEFAULT_RETENTION_CLASS

    default_class = records_selectors.record_class_get(code=DEFAULT_RETENTION_CLASS)
    assert default_class is not None
    assert default_class.title_en == "Correspondence with the regulated community"
    assert factories.contact("Ann Jones").retention_class == "CON-COR"
    assert factories.contact("Bob Jones", retention_class="CON-FOI").retention_class == "CON-FOI"
    with pytest.raises(services.ContactsError) as refused:
        factories.contact("Cai Jones", retention_class="contacts-correspondence")
    assert refused.value.code == "retention_class_unknown"
    assert "no retention class “contacts-correspondence”" in str(refused.value.message)
