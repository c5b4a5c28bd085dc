"""Monitoring's subscriptions to lower areas' hooks: the staff home page and the contacts
entity view (an entity's monitoring tab)."""

from __future__ import annotations


def connect() -> None:
    from regulator.contacts.types import ENTITY_VIEW_SECTIONS
    from regulator.identity.types import STAFF_WORK
    from regulator.monitoring.staff_work import entity_section, staff_work

    STAFF_WORK.subscribe(staff_work)
    ENTITY_VIEW_SECTIONS.subscribe(entity_section)
