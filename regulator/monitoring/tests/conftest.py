from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regulator.core import notify

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "google-political-ads-advertiser-stats-sample.csv"


@pytest.fixture(autouse=True)
def _notify_memory(settings: Any) -> Iterator[None]:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    yield
    notify.outbox.clear()
