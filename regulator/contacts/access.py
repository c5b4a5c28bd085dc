"""Declared access of every contacts URL (enforced by the authorisation matrix test)."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access
from regulator.identity.types import StaffRole

MANAGER = StaffRole.CONTACTS_MANAGER.value
EVERY_STAFF_ROLE = tuple(role.value for role in StaffRole)


def _contact(world: Any) -> dict[str, Any]:
    from regulator.audit.types import Actor
    from regulator.contacts import selectors, services

    found = selectors.contacts_search(q="Matrix Contact").first()
    contact = found or services.contact_create(
        actor=Actor.system("matrix"),
        kind="person",
        name="Matrix Contact",
        email="matrix@contact.test",
    )
    return {"pk": contact.pk}


def _enquiry(world: Any) -> dict[str, Any]:
    from regulator.audit.types import Actor
    from regulator.contacts import selectors, services

    contact = selectors.contact_get(pk=_contact(world)["pk"])
    assert contact is not None
    existing = selectors.enquiries_of_contact(contact).first()
    enquiry = existing or services.enquiry_open(
        actor=Actor.system("matrix"),
        kind="foi",
        subject="Matrix request",
        body="Matrix",
        contact=contact,
        channel="staff",
        entity_id=world.entity_a.pk,
    )
    return {"reference": enquiry.reference}


def _action(action: str) -> Any:
    return lambda world: {**_enquiry(world), "action": action}


ACCESS = {
    "contacts:contact_form": Access.public(),
    "contacts:contact_sent": Access.public(ok_statuses=(302,)),
    "contacts:contact_list": Access.staff(*EVERY_STAFF_ROLE),
    "contacts:contact_new": Access.staff(MANAGER),
    "contacts:duplicates": Access.staff(MANAGER),
    "contacts:contact_detail": Access.staff(*EVERY_STAFF_ROLE, kwargs=_contact),
    "contacts:contact_language": Access.staff(
        MANAGER, method="POST", kwargs=_contact, ok_statuses=(302,)
    ),
    "contacts:contact_link": Access.staff(
        MANAGER, method="POST", kwargs=_contact, ok_statuses=(302,)
    ),
    "contacts:contact_merge": Access.staff(MANAGER, kwargs=_contact),
    "contacts:interaction_new": Access.staff(*EVERY_STAFF_ROLE, ok_statuses=(404,)),
    "contacts:entity_view": Access.staff(
        *EVERY_STAFF_ROLE, kwargs=lambda world: {"entity_id": world.entity_a.pk}
    ),
    "contacts:queue": Access.staff(*EVERY_STAFF_ROLE),
    "contacts:enquiry_new": Access.staff(MANAGER),
    "contacts:enquiry_detail": Access.staff(MANAGER, kwargs=_enquiry),
    "contacts:enquiry_reply": Access.staff(MANAGER, kwargs=_enquiry),
    "contacts:enquiry_action": Access.staff(
        MANAGER, method="POST", kwargs=_action("resume"), ok_statuses=(302,)
    ),
    "contacts:mailbox": Access.staff(MANAGER),
    "contacts:bulk": Access.staff(MANAGER),
}
