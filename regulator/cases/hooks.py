"""Cases' subscriptions to lower areas' hooks: the staff home page and the entity view."""

from __future__ import annotations


def connect() -> None:
    from regulator.cases.staff_work import entity_section, staff_work
    from regulator.contacts.types import ENTITY_VIEW_SECTIONS
    from regulator.identity.types import STAFF_WORK

    STAFF_WORK.subscribe(staff_work)
    ENTITY_VIEW_SECTIONS.subscribe(entity_section)
