from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from regulator.core import notify


@pytest.fixture(autouse=True)
def _notify_memory(settings: Any) -> Iterator[None]:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    yield
    notify.outbox.clear()


@pytest.fixture
def outbox() -> list[notify.SentEmail]:
    """The emails sent through Notify during the test, oldest first."""
    return notify.outbox
