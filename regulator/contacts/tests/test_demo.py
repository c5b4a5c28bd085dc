"""The contacts demo: contacts linked to the register, queues with every kind of enquiry
at different ages, a breach, a paused clock, a Welsh enquiry answered in Welsh, a mailbox
reply threaded onto it and an entity view; loading again adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from regulator.contacts import demo, selectors
from regulator.contacts.models import Contact, Enquiry, Interaction, MailMessage
from regulator.contacts.types import EnquiryKind
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Contact.objects.count(),
        Enquiry.objects.count(),
        Interaction.objects.count(),
        MailMessage.objects.count(),
    )


def test_the_demo_tells_every_story_once() -> None:
    from regulator.identity import demo as identity_demo
    from regulator.register import demo as register_demo

    identity_demo.load(scale=1, stdout=StringIO())
    register_demo.cast_load(stdout=StringIO())
    out = StringIO()
    demo.load(scale=1, stdout=out)
    assert "/contacts/entities/900001/" in out.getvalue()
    counts = _counts()
    demo.load(scale=1, stdout=StringIO())
    assert _counts() == counts

    assert set(Enquiry.objects.values_list("kind", flat=True)) == set(EnquiryKind.values)
    rows = selectors.enquiry_queue()
    assert any(row.breached for row in rows)
    assert any(row.enquiry.state == "paused" for row in rows)
    welsh = Enquiry.objects.get(subject="Rhodd gan gwmni tramor")
    assert welsh.interactions.filter(kind="email-out", language="cy").exists()
    threaded = MailMessage.objects.get(message_id="<demo-threaded-reply@demo-party.example>")
    assert (threaded.status, threaded.enquiry) == ("threaded", welsh)
    assert selectors.mail_needing_person().count() == 1
    assert selectors.entity_contacts(entity_id=900001).count() >= 3
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    view = selectors.entity_view(entity_id=900001, user=manager)
    assert view is not None
    assert view.enquiries
    assert view.timeline
    bill = selectors.contact_by_email(email="bill@agents.example")
    assert bill is not None
    assert [c.name for c in selectors.duplicates_of(bill)] == ["William Bottriell"]
