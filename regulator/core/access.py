"""Declared access of the shell and the operations endpoints (see regulator/identity/access.py).

/metrics is open on a developer's machine; production settings require the monitoring
system's bearer token (tested in regulator/core/tests/test_operations.py)."""

from __future__ import annotations

from regulator.identity.access import Access

ACCESS = {
    "healthz": Access.public(),
    "readyz": Access.public(),
    "metrics": Access.public(),
    "core:start": Access.public(),
    "core:accessibility": Access.public(),
    "core:privacy": Access.public(),
    "core:cookies": Access.public(),
}
