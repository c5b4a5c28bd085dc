"""Helpers for tests in every area (not used by the running service)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regulator.core import clock


def clock_frozen_at(when: dt.datetime, *, autouse: bool = True) -> Any:
    """A fixture holding the platform clock at ``when`` for each test of the module that
    assigns it (``_frozen = clock_frozen_at(...)``); the root conftest lets it go after."""

    @pytest.fixture(autouse=autouse)
    def _frozen() -> None:
        clock.freeze(when)

    return _frozen
