"""Declared access of the audit area's URLs (see regulator/core/access.py)."""

from __future__ import annotations

from regulator.core.access import Access

ACCESS = {
    # Published so that anyone can hold the regulator to its audit log.
    "audit:checkpoints": Access.public(),
    # 404 until the first checkpoint has been signed; public once it has.
    "audit:public_key": Access.public(ok_statuses=(200, 404)),
}
