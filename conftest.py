"""Fixtures shared by every area's tests."""

from __future__ import annotations

import os

import pytest

# Fixture modules any area's tests may ask for by name: the development directory (staff
# single sign-on), the two sites of a restore drill and the real published samples.
pytest_plugins = [
    "regulator.identity.tests.directory",
    "tests.operations.drill_sites",
    "regulator.finance.tests.samples",
]

# Playwright's sync API runs an event loop in the test thread; Django refuses database
# access from a thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Each test starts in English: a language activated by an earlier test (a command
    that writes Welsh e-mail, say) must not leak into the next one."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _unfreeze_clock():
    from regulator.core import clock

    yield
    clock.freeze(None)
