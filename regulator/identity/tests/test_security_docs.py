"""docs/security.md lists every identity permission and every role."""

from __future__ import annotations

from pathlib import Path

import rules
from django.conf import settings

from regulator.identity.models import MembershipRole, StaffRole

DOC = (Path(settings.BASE_DIR) / "docs" / "security.md").read_text()


def test_every_identity_permission_is_documented() -> None:
    names = [name for name in rules.permissions.permissions if name.startswith("identity.")]
    assert names
    assert [name for name in names if f"`{name}`" not in DOC] == []


def test_every_role_is_documented() -> None:
    for role in [*StaffRole, *MembershipRole]:
        assert f"`{role}`" in DOC, role
