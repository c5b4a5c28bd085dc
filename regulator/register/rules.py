"""Named permissions of the register (checked with ``user.has_perm(name, obj)``).

The object of every membership permission is the ``RegulatedEntity`` (or a
``Membership``, whose entity is used)."""

from __future__ import annotations

from typing import Any

import rules

from regulator.identity.selectors import is_filer, is_registration_officer
from regulator.register.selectors import is_granting_member_of_entity, is_member_of_entity


@rules.predicate
def is_applicant(user: Any, application: Any) -> bool:
    return bool(
        application is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and application.applicant_id == user.pk
    )


@rules.predicate
def is_registered_entity(user: Any, entity: Any) -> bool:
    return entity is not None and entity.status == "registered"


rules.add_perm("register.start_application", is_filer)
rules.add_perm("register.view_application", is_filer & is_applicant)
rules.add_perm("register.change_registration", is_granting_member_of_entity & is_registered_entity)
rules.add_perm("register.view_application_queue", is_registration_officer)
rules.add_perm("register.review_application", is_registration_officer)
rules.add_perm("register.view_entity_history", is_registration_officer)

# Who may see and manage an entity's memberships.
rules.add_perm("register.view_memberships", is_granting_member_of_entity | is_registration_officer)
rules.add_perm("register.grant_membership", is_granting_member_of_entity | is_registration_officer)
rules.add_perm("register.revoke_membership", is_granting_member_of_entity | is_registration_officer)
# Registered roles (treasurer, responsible person, donee) are the register's to grant.
rules.add_perm("register.grant_any_membership_role", is_registration_officer)
# Any active member may see that they act for the entity (their dashboard).
rules.add_perm("register.act_for_entity", is_member_of_entity)
