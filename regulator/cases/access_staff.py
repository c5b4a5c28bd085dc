"""Declared access of the staff cases URLs."""

from __future__ import annotations

from regulator.core.access import Access

ENFORCEMENT = ("investigator", "case-decision-maker")

ACCESS = {
    "cases:home": Access.staff(*ENFORCEMENT),
}
