"""Named permissions of the donors area (checked with ``user.has_perm(name, obj)``).

Public donor pages and the API need none. Reviewing the resolution (the queue of
uncertain pairs, confirm/reject, split, merge) is for finance analysts only."""

from __future__ import annotations

import rules

from regulator.identity.selectors import is_finance_analyst

rules.add_perm("donors.review_donors", is_finance_analyst)
