"""Helpers other areas' tests (and the authorisation matrix) may use: the file plan, a
declared record, a records manager."""

from __future__ import annotations

from typing import Any

from regulator.audit.types import Actor
from regulator.records import services
from regulator.records.models import Record
from regulator.records.types import Declaration

SYSTEM = Actor.system("records tests")


def plan_ensure() -> None:
    services.fileplan_seed(actor=SYSTEM)


def record_make(
    *,
    record_class: str = "FIL-DOC",
    source_id: str = "1",
    content: bytes | None = None,
    title: str = "Invoice",
    entity: int | None = None,
    source: str = "tests.document",
    personal: dict[str, str] | None = None,
) -> Record:
    plan_ensure()
    return services.record_declare(
        declaration=Declaration(
            record_class=record_class,
            title=title,
            source=source,
            source_id=source_id,
            file_name=f"{source_id}.pdf",
            entity=entity,
            personal=personal,
        ),
        content=content if content is not None else b"%PDF-1.4 test " + source_id.encode(),
        actor=SYSTEM,
    )


def records_manager(username: str = "records-manager") -> Any:
    from django.contrib.auth.models import Group

    from regulator.identity.services import staff_user_ensure

    user = staff_user_ensure(
        username=username, email=f"{username}@staff.example", full_name=username, actor=SYSTEM
    )
    group, _ = Group.objects.get_or_create(name="records-manager")
    user.groups.add(group)
    return user
