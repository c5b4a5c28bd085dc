"""Attachments as records (the public form, staff entry and the shared mailbox keep each
file in the contact's retention class) and the contact-inactive event that starts their
retention clock."""

from __future__ import annotations

import datetime as dt
import hashlib
from email.message import EmailMessage
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from regulator.audit.types import Actor
from regulator.contacts import services
from regulator.contacts.models import Contact, Enquiry, Interaction
from regulator.contacts.tests import factories
from regulator.core import clock
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.records import selectors as records_selectors

pytestmark = pytest.mark.django_db


def _record(interaction: Interaction, number: int = 0) -> Any:
    record = records_selectors.record_get(reference=interaction.attachments[number]["record"])
    assert record is not None
    return record


def test_a_file_sent_with_the_public_form_is_a_record_of_the_correspondence() -> None:
    response = Client().post(
        "/contact/",
        {
            "name": "Ann Jones",
            "email": "ann@example.org",
            "kind": "foi",
            "subject": "Minutes",
            "message": "Please send the minutes.",
            "language": "en",
            "attachment": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter"),
        },
    )
    assert response.status_code == 302
    first = Enquiry.objects.get().interactions.get()
    record = _record(first)
    assert record.record_class.code == "CON-COR"
    assert record.sha256 == hashlib.sha256(b"%PDF-1.4 letter").hexdigest()
    assert first.attachments[0]["name"] == "letter.pdf"


def test_a_file_too_large_is_refused_and_nothing_is_stored(settings: Any) -> None:
    from regulator.contacts import forms

    big = SimpleUploadedFile("big.bin", b"x" * (forms.MAX_ATTACHMENT + 1))
    response = Client().post(
        "/contact/",
        {
            "name": "A",
            "email": "a@example.org",
            "kind": "general",
            "subject": "S",
            "message": "M",
            "language": "en",
            "attachment": big,
        },
    )
    assert response.status_code == 200
    assert "smaller than 10 MB" in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_staff_attach_a_file_to_an_interaction_in_the_contacts_class() -> None:
    contact = factories.contact()
    Contact.objects.filter(pk=contact.pk).update(retention_class="CON-FOI")
    client = signed_in_client(StaffFactory(roles=[StaffRole.FINANCE_ANALYST]))
    response = client.post(
        "/contacts/interactions/new/",
        {
            "contact": contact.pk,
            "kind": "meeting",
            "summary": "Met the treasurer",
            "attachment": SimpleUploadedFile("notes.txt", b"notes of the meeting"),
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get(contact=contact)
    assert _record(interaction).record_class.code == "CON-FOI"
    page = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "notes.txt" in page
    assert interaction.attachments[0]["record"] in page


def test_a_mailbox_message_keeps_its_attachment() -> None:
    message = EmailMessage()
    message["From"] = "Bob <bob@example.org>"
    message["To"] = "enquiries@regulator.example"
    message["Subject"] = "A question"
    message["Message-ID"] = "<m1@example.org>"
    message.set_content("Please see the attached.")
    message.add_attachment(b"col1,col2\n1,2\n", maintype="text", subtype="csv", filename="data.csv")
    stored = services.mail_receive(raw=message.as_bytes())
    assert stored.enquiry is not None
    first = stored.enquiry.interactions.get()
    assert first.attachments[0]["name"] == "data.csv"
    assert _record(first).sha256 == hashlib.sha256(b"col1,col2\n1,2\n").hexdigest()


def test_a_contact_quiet_for_two_years_becomes_inactive_and_their_files_clock_starts() -> None:
    actor = Actor.system("test")
    clock.freeze(dt.datetime(2023, 1, 10, 12, tzinfo=dt.UTC))
    quiet = factories.contact("Quiet Person", email="quiet@example.org")
    services.interaction_log(
        actor=actor,
        kind="letter",
        summary="Old letter",
        contact=quiet,
        attachments=[("letter.txt", b"an old letter")],
    )
    busy = factories.contact("Busy Person", email="busy@example.org")
    asking = factories.contact("Asking Person", email="asking@example.org")
    services.enquiry_open(
        actor=actor, kind="general", subject="Still open", body="b", contact=asking, channel="staff"
    )
    clock.freeze(dt.datetime(2025, 1, 9, 12, tzinfo=dt.UTC))
    services.interaction_log(actor=actor, kind="note", summary="Recent", contact=busy)
    assert services.contacts_mark_inactive(today=dt.date(2025, 1, 9)) == []
    marked = services.contacts_mark_inactive(today=dt.date(2025, 1, 11))
    assert [c.name for c in marked] == ["Quiet Person"]
    record = _record(Interaction.objects.get(contact=quiet))
    assert record.trigger_on == dt.date(2025, 1, 11)
    assert services.contacts_mark_inactive(today=dt.date(2025, 1, 12)) == []
    services.interaction_log(actor=actor, kind="note", summary="Back again", contact=quiet)
    quiet.refresh_from_db()
    assert quiet.inactive_since is None
