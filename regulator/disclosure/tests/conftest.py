from __future__ import annotations

from typing import Any

import pytest

from regulator.filings.tests.factories import filing_world


@pytest.fixture
def world() -> dict[str, Any]:
    """Two entities with their treasurers, an analyst and an approver (``filing_world``)."""
    return filing_world()
