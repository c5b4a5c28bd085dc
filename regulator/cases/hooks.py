"""Cases' subscriptions to lower areas' hooks: the staff home page, the contacts entity
view and the register's public entity page."""

from __future__ import annotations


def connect() -> None:
    from regulator.cases.outcome_views import entity_page_section
    from regulator.cases.staff_work import entity_section, staff_work
    from regulator.contacts.types import ENTITY_VIEW_SECTIONS
    from regulator.identity.types import STAFF_WORK
    from regulator.register.types import ENTITY_PAGE_SECTIONS

    STAFF_WORK.subscribe(staff_work)
    ENTITY_VIEW_SECTIONS.subscribe(entity_section)
    ENTITY_PAGE_SECTIONS.subscribe(entity_page_section)
