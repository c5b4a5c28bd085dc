"""Named permissions of the register (checked with ``user.has_perm(name, obj)``)."""

from __future__ import annotations

from typing import Any

import rules

from regulator.identity.models import UserKind
from regulator.identity.predicates import is_granting_member_of_entity, is_registration_officer


@rules.predicate
def is_filer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "kind", None) == UserKind.FILER
    )


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
