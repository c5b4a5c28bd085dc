"""Fixtures shared by every area's tests."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses database
# access from a thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _unfreeze_clock():
    from regulator.core import clock

    yield
    clock.freeze(None)
