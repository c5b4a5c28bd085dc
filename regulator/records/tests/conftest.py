"""The records tests' file plan (a transactional test flushes the migration's) and staff."""

from __future__ import annotations

from typing import Any

import pytest

from regulator.records.testing import plan_ensure, records_manager


@pytest.fixture
def plan(db: Any) -> None:
    plan_ensure()


@pytest.fixture
def manager(db: Any) -> Any:
    return records_manager("manager-one")


@pytest.fixture
def second_manager(db: Any) -> Any:
    return records_manager("manager-two")


def staff_with_role(username: str, role: str) -> Any:
    from django.contrib.auth.models import Group

    from regulator.identity.services import staff_user_ensure
    from regulator.records.testing import SYSTEM

    user = staff_user_ensure(
        username=username, email=f"{username}@staff.example", full_name=username, actor=SYSTEM
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
