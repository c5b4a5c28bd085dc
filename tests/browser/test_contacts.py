"""Contacts and enquiries in a real browser, in English and Welsh (axe-core and the CSP
are checked on every page, tests/browser/conftest.py): a member of the public sends a
freedom of information request through the contact form and gets a reference; a
contacts manager finds it in the team queue, is refused a reply in the wrong language
(with the reason), replies in the right one through GOV.UK Notify (the memory backend),
and the enquiry is answered."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from regulator.contacts.models import Enquiry
from regulator.core import notify
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "prefix": "",
        "heading": "Contact us",
        "name": "Your name",
        "email": "Your email address",
        "kind": "A freedom of information request",
        "subject": "Subject",
        "message": "Your message",
        "language": "English",
        "wrong": "Welsh",
        "send": "Send",
        "sent": "We have your message",
        "queue": "Enquiry queues",
        "reply": "Reply",
        "rule": "Reply in English",
        "refused": "This reply must be in English",
        "send_reply": "Send the reply",
        "done": "Reply sent.",
        "answered": "Answered",
        "reply_body": "Here is what we hold.",
    },
    "cy": {
        "prefix": "/cy",
        "heading": "Cysylltu â ni",
        "name": "Eich enw",
        "email": "Eich cyfeiriad e-bost",
        "kind": "Cais rhyddid gwybodaeth",
        "subject": "Pwnc",
        "message": "Eich neges",
        "language": "Cymraeg",
        "wrong": "Saesneg",
        "send": "Anfon",
        "sent": "Mae gennym eich neges",
        "queue": "Ciwiau ymholiadau",
        "reply": "Ateb",
        "rule": "Iaith yr ateb: Cymraeg",
        "refused": "Rhaid i\u2019r ateb hwn fod yn yr iaith hon: Cymraeg",
        "send_reply": "Anfon yr ateb",
        "done": "Anfonwyd yr ateb.",
        "answered": "Wedi\u2019i ateb",
        "reply_body": "Dyma\u2019r hyn sydd gennym.",
    },
}


@pytest.fixture(autouse=True)
def _notify(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_public_form_then_an_answer_in_the_right_language(
    page: Page, live_server: Any, language: str
) -> None:
    text = TEXT[language]
    page.goto(f"{live_server.url}{text['prefix']}/contact/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["heading"])
    page.get_by_label(text["name"]).fill("Ann Jones")
    page.get_by_label(text["email"]).fill("ann.jones@example.org")
    page.get_by_label(text["kind"]).check()
    page.get_by_label(text["subject"], exact=True).fill("Investigations in 2025")
    page.get_by_label(text["message"]).fill("Please send the list of investigations.")
    page.get_by_label(text["language"], exact=True).check()
    page.get_by_role("button", name=text["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["sent"])
    enquiry = Enquiry.objects.get()
    expect(page.get_by_test_id("reference")).to_have_text(enquiry.reference)
    assert enquiry.language == language
    assert any(m.reference == enquiry.reference for m in notify.outbox)  # acknowledged

    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    sign_in(page.context, live_server, manager)
    page.goto(f"{live_server.url}{text['prefix']}/contacts/queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["queue"])
    page.get_by_role("link", name=enquiry.reference).click()
    page.get_by_role("link", name=text["reply"], exact=True).click()
    expect(page.get_by_test_id("language-rule")).to_contain_text(text["rule"])

    page.get_by_label(text["wrong"], exact=True).check()
    page.get_by_label(text["subject"], exact=True).fill("Your request")
    page.get_by_label(text["reply"], exact=True).fill(text["reply_body"])
    page.get_by_role("button", name=text["send_reply"]).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(text["refused"])
    assert not [m for m in notify.outbox if m.personalisation.get("body") == text["reply_body"]]

    page.get_by_label(text["language"], exact=True).check()
    page.get_by_role("button", name=text["send_reply"]).click()
    expect(page.get_by_text(text["done"])).to_be_visible()
    expect(page.get_by_test_id("state")).to_contain_text(text["answered"])
    sent = [m for m in notify.outbox if m.personalisation.get("body") == text["reply_body"]]
    assert [m.email_address for m in sent] == ["ann.jones@example.org"]
    assert enquiry.reference in sent[0].personalisation["subject"]
