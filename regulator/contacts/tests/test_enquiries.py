"""Enquiries: clocks, pauses and extensions, the team restriction of interactions,
replies in the required language through Notify, reminders, breaches and holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regulator.audit.models import AuditEvent
from regulator.contacts import selectors, services
from regulator.contacts.models import Interaction
from regulator.contacts.tests import factories
from regulator.core import clock
from regulator.core.testing import clock_frozen_at
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.register.models import RegisteredAddress
from regulator.register.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def _entity(**fields: Any) -> Any:
    return EntityFactory(**fields)


SYSTEM = factories.SYSTEM
LONDON = clock.local_zone()
_frozen = clock_frozen_at(dt.datetime(2026, 12, 18, 10, 0, tzinfo=LONDON))


def test_an_enquiry_gets_a_reference_a_clock_and_an_acknowledgement(
    outbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ann = factories.contact("Ann Jones", email="ann@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = factories.enquiry("foi", who=ann, channel="form", holds=["Donations file 2025"])
    assert enquiry.reference == "ENQ-000001"
    assert enquiry.due_on == dt.date(2027, 1, 20)
    assert enquiry.holds == ["Donations file 2025"]
    assert factories.enquiry("general", who=ann).reference == "ENQ-000002"
    ann.refresh_from_db()
    assert (ann.language, ann.language_source) == ("en", "form")
    acks = [m for m in outbox if m.reference == "ENQ-000001"]
    assert len(acks) == 1
    assert "ENQ-000001" in acks[0].personalisation["subject"]
    assert "20 January 2027" in acks[0].personalisation["body"]
    assert AuditEvent.objects.filter(action="contacts.records_hold_requested").count() == 1


def test_a_welsh_enquiry_is_acknowledged_in_welsh(
    outbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sian = factories.contact("Siân Evans")
    with django_capture_on_commit_callbacks(execute=True):
        factories.enquiry("general", who=sian, channel="form", language="cy")
    assert "Mae gennym eich ymholiad" in outbox[0].personalisation["subject"]


def test_the_clock_follows_the_entitys_nation() -> None:
    entity = _entity(register="great-britain")
    RegisteredAddress.objects.create(
        entity=entity, line_1="1 High St", town="Edinburgh", postcode="EH1 1AA"
    )
    enquiry = factories.enquiry("foi", entity_id=entity.pk)
    assert enquiry.nation == "scotland"
    assert enquiry.due_on == dt.date(2027, 1, 21)


def test_pause_resume_and_extend() -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    enquiry = factories.enquiry("foi", received_on=dt.date(2026, 12, 1))
    assert enquiry.due_on == dt.date(2026, 12, 31)
    services.enquiry_pause(actor=manager, enquiry=enquiry, reason="fee", on=dt.date(2026, 12, 18))
    assert selectors.enquiry_row(enquiry, dt.date(2027, 1, 4)).breached is False  # paused
    with pytest.raises(services.ContactsError):
        services.enquiry_pause(actor=manager, enquiry=enquiry, reason="fee")
    services.enquiry_resume(actor=manager, enquiry=enquiry, on=dt.date(2027, 1, 5))
    assert enquiry.due_on == dt.date(2027, 1, 14)
    services.enquiry_extend(actor=manager, enquiry=enquiry, by=20, reason="Public interest test")
    assert enquiry.due_on == dt.date(2027, 2, 11)
    with pytest.raises(services.ContactsError) as too_long:
        services.enquiry_extend(actor=manager, enquiry=enquiry, by=1, reason="More")
    assert too_long.value.code == "bad_extension"
    assert [e.kind for e in enquiry.clock_events.all()] == ["paused", "resumed", "extended"]


def test_a_complaint_cannot_pause_for_a_fee() -> None:
    enquiry = factories.enquiry("complaint-1")
    with pytest.raises(services.ContactsError) as refused:
        services.enquiry_pause(actor=SYSTEM, enquiry=enquiry, reason="fee")
    assert refused.value.code == "cannot_pause"
    enquiry.refresh_from_db()
    assert enquiry.state == "new"


def test_breach_flag() -> None:
    enquiry = factories.enquiry("general", received_on=dt.date(2026, 11, 2))
    assert selectors.is_breached(enquiry)
    assert selectors.enquiry_row(enquiry).breached
    fresh = factories.enquiry("general")
    assert not selectors.is_breached(fresh)


def test_a_welsh_enquiry_must_be_answered_in_welsh(outbox: Any) -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    sian = factories.contact("Siân Evans", email="sian@example.org")
    enquiry = factories.enquiry("advice-financial", who=sian, language="cy")
    outbox.clear()
    with pytest.raises(services.ContactsError) as refused:
        services.reply_send(
            actor=manager, enquiry=enquiry, language="en", subject="Your question", body="Answer"
        )
    assert refused.value.code == "wrong_language"
    assert "written in Welsh" in refused.value.message
    assert outbox == []
    assert not Interaction.objects.filter(kind__in=["email-out", "advice"]).exists()
    reply = services.reply_send(
        actor=manager, enquiry=enquiry, language="cy", subject="Eich cwestiwn", body="Ateb"
    )
    enquiry.refresh_from_db()
    assert enquiry.state == "answered"
    assert reply.language == "cy"
    assert outbox[-1].email_address == "sian@example.org"
    assert enquiry.reference in outbox[-1].personalisation["subject"]
    assert reply.external_id == outbox[-1].id


def test_the_recorded_preference_decides_for_an_english_enquiry() -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    gwen = factories.contact("Gwen Morgan", language="cy", language_source="asked")
    enquiry = factories.enquiry("general", who=gwen, language="en")
    rule = services.reply_language(enquiry)
    assert rule.language == "cy"
    assert "Gwen Morgan" in rule.why
    with pytest.raises(services.ContactsError):
        services.reply_send(actor=manager, enquiry=enquiry, language="en", subject="S", body="B")


def test_templates_render_in_the_reply_language() -> None:
    template = services.template_save(
        actor=SYSTEM,
        slug="ack",
        title="Answer",
        subject_en="Your enquiry ((reference))",
        body_en="Dear ((name)), due ((due)).",
        subject_cy="Eich ymholiad ((reference))",
        body_cy="Annwyl ((name)), erbyn ((due)).",
    )
    enquiry = factories.enquiry("foi", who=factories.contact("Siân Evans"), language="cy")
    subject, body = services.template_render(template, enquiry, "cy")
    assert subject == f"Eich ymholiad {enquiry.reference}"
    assert body == "Annwyl Siân Evans, erbyn 20 Ionawr 2027."


def test_restricted_interactions_are_seen_only_by_their_team() -> None:
    investigator = StaffFactory(roles=[StaffRole.INVESTIGATOR])
    analyst = StaffFactory(roles=[StaffRole.FINANCE_ANALYST])
    team = factories.team("investigations", investigator)
    entity = _entity()
    ann = factories.contact()
    services.interaction_log(actor=analyst, kind="call", summary="Asked about a loan", contact=ann)
    secret = services.interaction_log(
        actor=investigator,
        kind="note",
        summary="Possible offence",
        contact=ann,
        entity_id=entity.pk,
        restricted_to=team,
    )
    assert secret in selectors.timeline(user=investigator, contact=ann)
    assert secret not in selectors.timeline(user=analyst, contact=ann)
    assert secret not in selectors.timeline(user=analyst, entity_id=entity.pk)
    assert selectors.interaction_restricted_hidden(user=analyst, contact=ann) == 1


def test_an_interaction_needs_something_to_belong_to_and_real_guidance() -> None:
    with pytest.raises(services.ContactsError) as nothing:
        services.interaction_log(actor=SYSTEM, kind="call", summary="A call")
    assert nothing.value.code == "nothing_to_link"
    with pytest.raises(services.ContactsError) as guidance:
        services.interaction_log(
            actor=SYSTEM,
            kind="advice",
            summary="Advice",
            contact=factories.contact(),
            guidance_slug="nope",
        )
    assert guidance.value.code == "unknown_guidance"
    assert not Interaction.objects.exists()


def test_reminders_go_once_before_the_due_date(outbox: Any) -> None:
    person = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER], email="case.worker@staff.example.org")
    team = factories.team("enquiries", person)
    soon = factories.enquiry("general", received_on=dt.date(2026, 11, 30), team=team)
    later = factories.enquiry("foi", team=team)
    outbox.clear()
    reminded = services.enquiries_remind(today=dt.date(2026, 12, 18))
    assert reminded == [soon]
    assert [m.email_address for m in outbox] == ["case.worker@staff.example.org"]
    assert services.enquiries_remind(today=dt.date(2026, 12, 18)) == []
    assert later.reminded_on is None


def test_bulk_messages_send_both_languages_and_honour_opt_outs(outbox: Any) -> None:
    entity = _entity()
    welsh = factories.contact("Siân Evans", language="cy", language_source="asked")
    english = factories.contact("John Smith")
    opted = factories.contact("Opted Out")
    services.contact_opt_out_set(actor=SYSTEM, contact=opted, opted_out=True)
    for who in (welsh, english, opted):
        services.contact_entity_link(
            actor=SYSTEM, contact=who, entity_id=entity.pk, role="treasurer"
        )
    recipients = selectors.bulk_recipients(role="treasurer", register="great-britain")
    assert set(recipients) == {welsh, english, opted}
    outbox.clear()
    result = services.bulk_send(
        actor=SYSTEM,
        contacts=recipients,
        subject_en="New limits",
        body_en="The limits change.",
        subject_cy="Terfynau newydd",
        body_cy="Mae'r terfynau'n newid.",
    )
    assert (result.sent, result.opted_out) == (2, 1)
    by_address = {m.email_address: m.personalisation for m in outbox}
    assert by_address[welsh.email]["subject"] == "Terfynau newydd / New limits"
    assert by_address[english.email]["subject"] == "New limits / Terfynau newydd"
    assert "Mae'r terfynau'n newid." in by_address[english.email]["body"]
    assert opted.email not in by_address


def test_the_next_stage_follows_with_its_own_clock() -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    complaint = factories.enquiry("complaint-1", received_on=dt.date(2026, 11, 2))
    stage_2 = services.enquiry_escalate(
        actor=manager, enquiry=complaint, reason="Not happy with the answer"
    )
    complaint.refresh_from_db()
    assert (stage_2.kind, stage_2.follows, complaint.state) == ("complaint-2", complaint, "closed")
    assert stage_2.due_on == dt.date(2027, 1, 20)  # 20 working days from today, 18 Dec
    with pytest.raises(services.ContactsError):
        services.enquiry_escalate(actor=manager, enquiry=complaint, reason="Again")
    foi = factories.enquiry("foi", holds=["File A"])
    review = services.enquiry_escalate(actor=manager, enquiry=foi, reason="Review please")
    assert (review.kind, review.holds) == ("internal-review", ["File A"])
    with pytest.raises(services.ContactsError) as refused:
        services.enquiry_escalate(actor=manager, enquiry=factories.enquiry("general"), reason="x")
    assert refused.value.code == "cannot_escalate"
