"""Permissions of the records area (autodiscovered by ``rules``). Records managers run the
file plan, holds and disposal (a second records manager approves each destruction);
staff whose work reads every entity's filed data may find and read records of classes
that are not sensitive. The platform administrator has no records permission: they
cannot destroy anything."""

from __future__ import annotations

from typing import Any

import rules

from regulator.identity.selectors import is_records_manager, staff_reads_every_entity


@rules.predicate
def reads_every_entity(user: Any) -> bool:
    return staff_reads_every_entity(user=user)


@rules.predicate
def record_not_sensitive(user: Any, record: Any = None) -> bool:
    return record is not None and not record.record_class.sensitive


rules.add_perm("records.manage_records", is_records_manager)
rules.add_perm("records.search_records", is_records_manager | reads_every_entity)
rules.add_perm(
    "records.view_record", is_records_manager | (reads_every_entity & record_not_sensitive)
)
