"""Declared access of every monitoring URL (enforced by the authorisation matrix test)."""

from __future__ import annotations

from regulator.core.access import Access

MONITORING = ("finance-analyst", "investigator", "case-decision-maker")
INTELLIGENCE = ("finance-analyst", "investigator")

ACCESS = {
    "monitoring:alerts": Access.staff(*MONITORING),
}
