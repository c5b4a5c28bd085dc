"""Demo data: each area may contribute a ``regulator/<area>/demo.py`` with

    def load(*, scale: int, stdout: TextIO) -> None          # create its demo rows
    def sign_ins() -> list[tuple[str, str, str]]             # (who, username, password)

``manage.py demo_data`` calls every ``load`` in the order of AREAS, so an area can rely on
the demo rows of the areas before it. Loading twice must not duplicate anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

AREAS = ("core", "identity", "audit", "register", "finance", "filings", "disclosure", "donors")


def demo_modules() -> Iterator[ModuleType]:
    for area in AREAS:
        name = f"regulator.{area}.demo"
        if area != "core" and find_spec(name) is not None:
            yield import_module(name)
