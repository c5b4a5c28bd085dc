"""Named permissions of the identity area (checked with ``user.has_perm(name, obj)``).

The object of every membership permission is the ``RegulatedEntity`` (or a
``Membership``, whose entity is used)."""

from __future__ import annotations

import rules

from regulator.identity.predicates import (
    is_granting_member_of_entity,
    is_member_of_entity,
    is_registration_officer,
)

# Who may see and manage an entity's memberships.
rules.add_perm("identity.view_memberships", is_granting_member_of_entity | is_registration_officer)
rules.add_perm("identity.grant_membership", is_granting_member_of_entity | is_registration_officer)
rules.add_perm("identity.revoke_membership", is_granting_member_of_entity | is_registration_officer)
# Registered roles (treasurer, responsible person, donee) are the register's to grant.
rules.add_perm("identity.grant_any_membership_role", is_registration_officer)
# Any active member may see that they act for the entity (their dashboard).
rules.add_perm("identity.act_for_entity", is_member_of_entity)
