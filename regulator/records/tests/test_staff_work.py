"""Records' part of the staff home: disposal review, holds, incidents and the file plan
for records managers; nothing for other roles."""

from __future__ import annotations

import pytest

from regulator.identity.types import StaffRole
from regulator.records.staff_work import staff_work

pytestmark = pytest.mark.django_db


def test_a_records_manager_sees_disposal_holds_and_incidents() -> None:
    assert staff_work(frozenset({StaffRole.CONTACTS_MANAGER})) == []
    work = {item.title: item for item in staff_work(frozenset({StaffRole.RECORDS_MANAGER}))}
    assert work["Disposal review"].url == "/records/disposal/"
    assert work["Disposal review"].count == 0
    assert work["Legal holds"].count == 0
    assert work["Records and integrity incidents"].count == 0
    assert work["File plan and retention schedule"].count is None
