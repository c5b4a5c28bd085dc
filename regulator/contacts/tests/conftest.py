from __future__ import annotations

from typing import Any

import pytest

from regulator.core import notify


@pytest.fixture(autouse=True)
def _notify_memory(settings: Any) -> Any:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    yield notify.outbox
    notify.outbox.clear()
