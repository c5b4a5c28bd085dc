"""Permissions of the guidance area (autodiscovered by ``rules``). The Commission's
guidance is written and reviewed by contacts managers (the team that answers the
regulated community); a version is approved by a second person, never its author (the
service refuses that too)."""

from __future__ import annotations

from typing import Any

import rules

from regulator.identity.selectors import is_contacts_manager


@rules.predicate
def is_not_its_author(user: Any, version: Any = None) -> bool:
    return version is None or getattr(version, "author_id", None) != getattr(user, "pk", None)


rules.add_perm("guidance.edit_guidance", is_contacts_manager)
rules.add_perm("guidance.review_guidance", is_contacts_manager & is_not_its_author)
