"""The pages: the public contact form (with a filer's entity, the rate limit and bad
input), the joined-up entity view, and enquiry pages only for the manager or the team."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from regulator.contacts import services
from regulator.contacts.models import Contact, Enquiry
from regulator.contacts.tests import factories
from regulator.core import clock
from regulator.filings.tests.factories import filing_world
from regulator.identity.testing import signed_in_client
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole

pytestmark = pytest.mark.django_db
FORM = {
    "name": "Ann Jones",
    "email": "Ann@Example.org",
    "kind": "foi",
    "subject": "Spending in 2025",
    "message": "Please send me the invoices.",
    "language": "en",
}


def test_the_public_form_opens_an_enquiry_and_acknowledges_it(
    outbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    assert "Welsh" in client.get("/contact/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", FORM)
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert (enquiry.kind, enquiry.channel, enquiry.contact.email) == (
        "foi",
        "form",
        "ann@example.org",
    )
    page = client.get(response["Location"]).content.decode()
    assert enquiry.reference in page
    assert outbox[0].email_address == "ann@example.org"
    # the same person again: the same contact
    client.post("/contact/", {**FORM, "subject": "Another"})
    assert Contact.objects.count() == 1


def test_the_welsh_form_records_welsh(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    page = client.get("/cy/contact/").content.decode()
    assert "Cysylltu â ni" in page
    client.post("/cy/contact/", {**FORM, "language": "cy"})
    contact = Contact.objects.get()
    assert (contact.language, contact.language_source) == ("cy", "form")
    assert Enquiry.objects.get().language == "cy"


def test_bad_input_changes_nothing() -> None:
    response = Client().post("/contact/", {**FORM, "email": "not-an-email", "kind": "bribe"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Enquiry.objects.exists()
    welsh = Client().post("/cy/contact/", {**FORM, "subject": ""})
    assert "Mae yna broblem" in welsh.content.decode()


def test_the_form_is_rate_limited(settings: Any) -> None:
    settings.CONTACTS_FORM_RATE = "2/hour"
    client = Client()
    codes = [client.post("/contact/", {**FORM, "subject": f"S{n}"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert Enquiry.objects.count() == 2


def test_a_filers_enquiry_carries_their_entity() -> None:
    world = filing_world()
    client = signed_in_client(world["treasurer"])
    page = client.get("/contact/").content.decode()
    assert world["entity"].name in page
    client.post("/contact/", {**FORM, "entity": str(world["entity"].pk)})
    enquiry = Enquiry.objects.get()
    assert (enquiry.entity_id, enquiry.channel) == (world["entity"].pk, "filer")
    # an entity that is not theirs is refused
    other = Client()
    other.post("/contact/", {**FORM, "entity": str(world["entity"].pk)})
    assert Enquiry.objects.count() == 2
    latest = Enquiry.objects.order_by("pk").last()
    assert latest is not None
    assert latest.entity_id is None


def test_the_entity_view_joins_everything_up() -> None:
    from regulator.filings import services as filing_services

    world = filing_world()
    entity = world["entity"]
    clock.freeze(dt.datetime(2025, 7, 1, 9, tzinfo=clock.local_zone()))
    filing_services.return_create(
        entity=entity, kind="quarterly-central", period_name="Q2 2025", actor=world["treasurer"]
    )
    clock.freeze(dt.datetime(2026, 12, 18, 10, tzinfo=clock.local_zone()))
    ann = factories.contact("Ann Jones")
    services.contact_entity_link(
        actor=factories.SYSTEM, contact=ann, entity_id=entity.pk, role="treasurer"
    )
    factories.enquiry("advice-financial", who=ann, entity_id=entity.pk, subject="Loans question")
    services.interaction_log(
        actor=factories.SYSTEM, kind="call", summary="Rang about the Q2 return", contact=ann
    )
    page = (
        signed_in_client(world["analyst"]).get(f"/contacts/entities/{entity.pk}/").content.decode()
    )
    for expected in (
        entity.name,
        "Q2 2025",
        "1 return late or missing",
        "Ann Jones",
        "Loans question",
        "Rang about the Q2 return",
    ):
        assert expected in page, expected
    assert Client().get(f"/contacts/entities/{entity.pk}/").status_code == 302
    assert (
        signed_in_client(world["treasurer"]).get(f"/contacts/entities/{entity.pk}/").status_code
        == 403
    )


def test_an_enquiry_is_for_the_manager_and_its_team_only() -> None:
    member = StaffFactory(roles=[StaffRole.FINANCE_ANALYST])
    outsider = StaffFactory(roles=[StaffRole.FINANCE_ANALYST])
    team = factories.team("advice", member)
    enquiry = factories.enquiry("advice-financial", team=team)
    url = f"/contacts/enquiries/{enquiry.reference}/"
    assert signed_in_client(member).get(url).status_code == 200
    assert signed_in_client(outsider).get(url).status_code == 404
    queue = signed_in_client(member).get("/contacts/queue/").content.decode()
    assert enquiry.reference in queue
    assert (
        enquiry.reference not in signed_in_client(outsider).get("/contacts/queue/").content.decode()
    )


def test_replying_in_the_wrong_language_is_refused_with_the_reason(outbox: Any) -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    enquiry = factories.enquiry("general", who=factories.contact("Siân Evans"), language="cy")
    client = signed_in_client(manager)
    outbox.clear()
    url = f"/contacts/enquiries/{enquiry.reference}/reply/"
    response = client.post(url, {"language": "en", "subject": "Answer", "body": "Text"})
    assert (
        "This reply must be in Welsh: The enquiry was written in Welsh."
        in response.content.decode()
    )
    assert outbox == []
    response = client.post(url, {"language": "cy", "subject": "Ateb", "body": "Testun"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.state == "answered"


def test_staff_log_interactions_and_restrict_them_only_to_their_own_team() -> None:
    analyst = StaffFactory(roles=[StaffRole.FINANCE_ANALYST])
    factories.team("investigations")
    ann = factories.contact()
    client = signed_in_client(analyst)
    response = client.post(
        "/contacts/interactions/new/",
        {"contact": ann.pk, "kind": "call", "summary": "Secret", "restricted": "investigations"},
    )
    assert "Restrict it only to a team you are in." in response.content.decode()
    response = client.post(
        "/contacts/interactions/new/", {"contact": ann.pk, "kind": "call", "summary": "A call"}
    )
    assert response.status_code == 302
    assert ann.interactions.get().recorded_by == analyst


def test_merge_page_merges() -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    bill = factories.contact("Bill Bottriell")
    william = factories.contact("William Bottriell")
    client = signed_in_client(manager)
    assert "William Bottriell" in client.get(f"/contacts/{bill.pk}/").content.decode()
    response = client.post(
        f"/contacts/{bill.pk}/merge/", {"duplicate": william.pk, "reason": "Same address"}
    )
    assert response.status_code == 302
    william.refresh_from_db()
    assert william.merged_into == bill
    assert client.get(f"/contacts/{william.pk}/")["Location"] == f"/contacts/{bill.pk}/"
