"""Named permissions of online filing (``user.has_perm(name, obj)``); the object is a
``FiledReturn``/``ReturnVersion`` (anything with an entity) or a ``RegulatedEntity``."""

from __future__ import annotations

from typing import Any

import rules

from regulator.identity.selectors import is_filer, is_finance_analyst, is_publication_approver
from regulator.register.selectors import (
    is_declaring_member_of_entity,
    is_member_of_entity,
    is_writing_member_of_entity,
)

is_staff_reader = is_finance_analyst | is_publication_approver


@rules.predicate
def is_submitted_return(user: Any, obj: Any) -> bool:
    """Some version of the return has been submitted: staff never see a return that is
    only a draft (nor its documents)."""
    from regulator.filings.models import EDITABLE

    filed = getattr(obj, "filed_return", obj)
    versions = getattr(filed, "versions", None)
    if versions is None:
        return False
    cached = getattr(filed, "_submitted_cache", None)
    if cached is None:
        cached = versions.exclude(status__in=EDITABLE).exists()
        filed._submitted_cache = cached
    return bool(cached)


rules.add_perm("filings.view_dashboard", is_filer)
# Viewers and agents read; only the writing roles prepare returns.
rules.add_perm("filings.create_return", is_filer & is_writing_member_of_entity)
rules.add_perm(
    "filings.view_return",
    (is_filer & is_member_of_entity) | (is_staff_reader & is_submitted_return),
)
rules.add_perm("filings.edit_return", is_filer & is_writing_member_of_entity)
rules.add_perm("filings.declare_return", is_filer & is_declaring_member_of_entity)
rules.add_perm("filings.view_queue", is_staff_reader)
rules.add_perm("filings.review_return", is_finance_analyst)
rules.add_perm("filings.publish_return", is_publication_approver)
