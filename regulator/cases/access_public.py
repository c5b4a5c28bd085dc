"""Declared access of the public cases URLs."""

from __future__ import annotations

from regulator.core.access import Access

ACCESS = {
    "cases:allegation_form": Access.public(),
    "cases:allegation_sent": Access.public(ok_statuses=(302,)),
}
