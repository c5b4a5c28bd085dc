"""Named permissions of reporting (checked with ``user.has_perm(name)``).

Performance viewers see every measure, publish packs and read the statutory tables;
staff of the areas behind the numbers see the dashboard too, and in a drill-down each
record is listed only to those the owning area's own permission lets open it (a
performance viewer sees counts, not case files)."""

from __future__ import annotations

import rules

from regulator.identity.selectors import (
    is_finance_analyst,
    is_performance_viewer,
    is_publication_approver,
    is_registration_officer,
)

rules.add_perm(
    "reporting.view_dashboard",
    is_performance_viewer | is_finance_analyst | is_publication_approver | is_registration_officer,
)
rules.add_perm("reporting.publish_pack", is_performance_viewer)
rules.add_perm("reporting.view_pack", is_performance_viewer)
rules.add_perm("reporting.view_statutory", is_performance_viewer)
