"""People and organisations: links to the register, language, relations, duplicates
found with donor resolution's name rules, and merges that keep history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regulator.audit.models import AuditEvent
from regulator.contacts import selectors, services
from regulator.contacts.models import Contact, EntityLink, Merge
from regulator.contacts.tests import factories
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.register.models import Officer
from regulator.register.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def _entity(**fields: Any) -> Any:
    return EntityFactory(**fields)


SYSTEM = factories.SYSTEM


def test_a_contact_is_linked_to_an_entity_and_its_officer_without_copying_the_register() -> None:
    entity = _entity(name="Plaid Test")
    officer = Officer.objects.create(
        entity=entity, role="treasurer", full_name="Ann Jones", appointed_on=dt.date(2020, 1, 1)
    )
    ann = factories.contact("Ann Jones")
    link = services.contact_entity_link(
        actor=SYSTEM, contact=ann, entity_id=entity.pk, role="treasurer", officer_id=officer.pk
    )
    assert link.entity_id == entity.pk
    assert [link.contact for link in selectors.entity_contacts(entity_id=entity.pk)] == [ann]
    # the entity's name is read from the register, not stored here
    entity.name = "Plaid Renamed"
    entity.save()
    assert selectors.entity_links_of(ann).get().entity.name == "Plaid Renamed"
    assert AuditEvent.objects.filter(action="contacts.entity_linked").count() == 1


def test_bad_links_are_refused_and_change_nothing() -> None:
    entity = _entity()
    other = _entity()
    officer = Officer.objects.create(
        entity=other, role="leader", full_name="Bob", appointed_on=dt.date(2020, 1, 1)
    )
    ann = factories.contact()
    with pytest.raises(services.ContactsError) as unknown:
        services.contact_entity_link(actor=SYSTEM, contact=ann, entity_id=123, role="treasurer")
    assert unknown.value.code == "unknown_entity"
    with pytest.raises(services.ContactsError) as wrong_officer:
        services.contact_entity_link(
            actor=SYSTEM, contact=ann, entity_id=entity.pk, role="leader", officer_id=officer.pk
        )
    assert wrong_officer.value.code == "unknown_officer"
    with pytest.raises(services.ContactsError):
        services.contact_entity_link(actor=SYSTEM, contact=ann, entity_id=entity.pk, role="king")
    assert not EntityLink.objects.exists()


def test_language_is_recorded_with_when_and_how() -> None:
    ann = factories.contact()
    assert ann.language == ""
    services.contact_language_record(actor=SYSTEM, contact=ann, language="cy", source="asked")
    ann.refresh_from_db()
    assert (ann.language, ann.language_source) == ("cy", "asked")
    assert ann.language_recorded_at is not None
    with pytest.raises(services.ContactsError):
        services.contact_language_record(actor=SYSTEM, contact=ann, language="fr", source="asked")


def test_relations_either_way() -> None:
    agent = factories.contact("Agent Smith")
    firm = factories.contact("Smith Agents Ltd", kind="organisation")
    services.contact_relate(actor=SYSTEM, from_contact=agent, to_contact=firm, kind="works-for")
    assert [(str(k), o, out) for k, o, out in selectors.relations_of(agent)] == [
        ("Works for", firm, True)
    ]
    assert [o for _k, o, out in selectors.relations_of(firm)] == [agent]
    with pytest.raises(services.ContactsError):
        services.contact_relate(actor=SYSTEM, from_contact=agent, to_contact=agent, kind="agent-of")


def test_duplicates_use_donor_resolutions_name_rules() -> None:
    bill = factories.contact("Bill Bottriell", email="bill@one.example")
    william = factories.contact("Mr William J Bottriell", email="w@two.example")
    serena = factories.contact("Serena Bottriell", email="serena@example.org")
    same_email = factories.contact("W. Someone", email="bill@one.example")
    org_a = factories.contact("KGL (Estates) Ltd", kind="organisation", email="")
    org_b = factories.contact("KGL Estates Limited", kind="organisation", email="")
    assert set(selectors.duplicates_of(bill)) == {william, same_email}
    assert serena not in selectors.duplicates_of(william)
    assert selectors.duplicates_of(org_a) == [org_b]
    pairs = {(a.pk, b.pk) for a, b in selectors.duplicate_pairs()}
    assert (bill.pk, william.pk) in pairs
    assert (org_a.pk, org_b.pk) in pairs


def test_merge_moves_everything_and_keeps_history() -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    entity = _entity()
    survivor = factories.contact("Bill Bottriell", email="")
    duplicate = factories.contact("William Bottriell", phone="01234", language="cy")
    services.contact_entity_link(actor=SYSTEM, contact=duplicate, entity_id=entity.pk, role="agent")
    services.contact_entity_link(actor=SYSTEM, contact=survivor, entity_id=entity.pk, role="agent")
    enquiry = factories.enquiry(who=duplicate)
    merge = services.contact_merge(
        actor=manager, survivor=survivor, duplicate=duplicate, reason="Same person, same phone"
    )
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    enquiry.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert enquiry.contact == survivor
    assert survivor.email == "william.bottriell@example.org"  # filled from the duplicate
    assert survivor.language == "cy"
    assert survivor.entity_links.filter(ended_on__isnull=True).count() == 1  # no double role
    assert merge.snapshot["phone"] == "01234"
    assert merge.snapshot["enquiries"] == [enquiry.pk]
    assert Merge.objects.get().merged_by == manager
    assert selectors.contact_survivor(duplicate) == survivor
    assert duplicate not in selectors.contacts_search(q="Bottriell")
    # the duplicate's interactions now show on the survivor's timeline
    assert enquiry.interactions.get() in selectors.timeline(user=manager, contact=survivor)
    assert AuditEvent.objects.filter(action="contacts.merged").count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [("reason", "reason_required"), ("self", "merge_self"), ("kind", "merge_kinds")],
)
def test_bad_merges_are_refused(change: str, code: str) -> None:
    manager = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    a = factories.contact("Ann Jones")
    b = factories.contact("Ann Jones Ltd", kind="organisation" if change == "kind" else "person")
    with pytest.raises(services.ContactsError) as refused:
        services.contact_merge(
            actor=manager,
            survivor=a,
            duplicate=a if change == "self" else b,
            reason="" if change == "reason" else "same",
        )
    assert refused.value.code == code
    assert not Contact.objects.filter(merged_into__isnull=False).exists()
