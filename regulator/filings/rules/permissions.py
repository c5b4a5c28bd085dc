"""Named permissions of online filing (``user.has_perm(name, obj)``); the object is a
``FiledReturn``/``ReturnVersion`` (anything with an entity) or a ``RegulatedEntity``."""

from __future__ import annotations

import rules

from regulator.identity.selectors import is_filer, is_finance_analyst, is_publication_approver
from regulator.register.selectors import is_declaring_member_of_entity, is_member_of_entity

is_staff_reader = is_finance_analyst | is_publication_approver

rules.add_perm("filings.view_dashboard", is_filer)
rules.add_perm("filings.create_return", is_filer & is_member_of_entity)
rules.add_perm("filings.view_return", (is_filer & is_member_of_entity) | is_staff_reader)
rules.add_perm("filings.edit_return", is_filer & is_member_of_entity)
rules.add_perm("filings.declare_return", is_filer & is_declaring_member_of_entity)
rules.add_perm("filings.view_queue", is_staff_reader)
rules.add_perm("filings.review_return", is_finance_analyst)
rules.add_perm("filings.publish_return", is_publication_approver)
