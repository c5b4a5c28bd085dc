"""Named permissions of contacts (checked with ``user.has_perm(name[, obj])``).

Contacts managers run contacts and every queue; every member of staff may look a
contact or an entity up and log an interaction (calls, meetings, advice); an enquiry is
handled by a contacts manager or a member of the team that owns it."""

from __future__ import annotations

from typing import Any

import rules

from regulator.identity.selectors import is_contacts_manager, user_is_staff


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and user_is_staff(user=user)
    )


@rules.predicate
def is_in_enquiry_team(user: Any, enquiry: Any) -> bool:
    if enquiry is None or not is_staff_member(user):
        return False
    return bool(enquiry.team.members.filter(pk=user.pk).exists())


rules.add_perm("contacts.view_contacts", is_staff_member)
rules.add_perm("contacts.log_interaction", is_staff_member)
rules.add_perm("contacts.view_entity", is_staff_member)
rules.add_perm("contacts.view_queue", is_staff_member)
rules.add_perm("contacts.manage_contacts", is_contacts_manager)
rules.add_perm("contacts.handle_enquiry", is_contacts_manager | is_in_enquiry_team)
