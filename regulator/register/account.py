"""The register's section of a filer's account page: the entities they act for, and those
whose memberships they may manage (subscribed to ``identity.types.ACCOUNT_SECTIONS``)."""

from __future__ import annotations

from typing import Any

from regulator.identity import selectors as identity_selectors
from regulator.identity.types import AccountSection
from regulator.register import selectors


def memberships_section(user: Any) -> AccountSection | None:
    if not identity_selectors.user_is_filer(user=user):
        return None
    memberships = list(selectors.memberships_active_for_user(user=user))
    manageable = {
        m.entity.pk: m.entity
        for m in memberships
        if user.has_perm("register.view_memberships", m.entity)
    }
    return AccountSection(
        template="register/includes/account_memberships.html",
        context={"memberships": memberships, "manageable_entities": list(manageable.values())},
        order=10,
    )
