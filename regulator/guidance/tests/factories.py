"""Test data of the guidance area: the shipped guidance, published by two editors."""

from __future__ import annotations

from typing import Any

from regulator.audit.types import Actor
from regulator.guidance import services
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole


def editors() -> tuple[Any, Any]:
    author: Any = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    reviewer: Any = StaffFactory(roles=[StaffRole.CONTACTS_MANAGER])
    return author, reviewer


def guidance_published() -> dict[str, Any]:
    author, reviewer = editors()
    services.content_seed(author=author, reviewer=reviewer, actor=Actor.system("tests"))
    return {"author": author, "reviewer": reviewer}
