"""Writes to the register, by subject: ``entities`` (the register itself),
``applications`` (registration, notifications and changes) and ``memberships`` (who acts
for which entity). Every change is recorded in the audit chain. Other areas import from
here, never from the modules behind it."""

from __future__ import annotations

from regulator.register.services.applications import (
    application_answers_save,
    application_approve,
    application_changes_request,
    application_emblem_save,
    application_problems,
    application_refuse,
    application_start,
    application_submit,
)
from regulator.register.services.entities import (
    accounting_unit_add,
    accounting_unit_ensure_published,
    accounting_unit_id_allocate,
    description_add,
    emblem_add,
    entity_deregister,
    entity_ensure_published,
    entity_id_allocate,
    entity_register,
    entity_rename,
    officer_appoint,
)
from regulator.register.services.memberships import (
    MEMBER_GRANTABLE_ROLES,
    MembershipError,
    MembershipErrorCode,
    grantable_roles_for,
    membership_grant,
    membership_grant_by_email,
    membership_revoke,
)

__all__ = [
    "MEMBER_GRANTABLE_ROLES",
    "MembershipError",
    "MembershipErrorCode",
    "accounting_unit_add",
    "accounting_unit_ensure_published",
    "accounting_unit_id_allocate",
    "application_answers_save",
    "application_approve",
    "application_changes_request",
    "application_emblem_save",
    "application_problems",
    "application_refuse",
    "application_start",
    "application_submit",
    "description_add",
    "emblem_add",
    "entity_deregister",
    "entity_ensure_published",
    "entity_id_allocate",
    "entity_register",
    "entity_rename",
    "grantable_roles_for",
    "membership_grant",
    "membership_grant_by_email",
    "membership_revoke",
    "officer_appoint",
]
