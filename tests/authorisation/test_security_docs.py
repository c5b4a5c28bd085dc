"""docs/security.md lists every named permission of every area, and every role."""

from __future__ import annotations

from pathlib import Path

import rules
from django.conf import settings

from regulator.identity.types import StaffRole
from regulator.register.types import MembershipRole

DOC = (Path(settings.BASE_DIR) / "docs" / "security.md").read_text()


def test_every_permission_is_documented() -> None:
    names = list(rules.permissions.permissions)
    assert names
    assert [name for name in names if f"`{name}`" not in DOC] == []


def test_every_role_is_documented() -> None:
    for role in [*StaffRole, *MembershipRole]:
        assert f"`{role}`" in DOC, role
