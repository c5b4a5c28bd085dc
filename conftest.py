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


@pytest.fixture(autouse=True)
def _checkpoint_store_per_test(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
):
    """Each test writes signed checkpoints (a referral bundle writes one) to a store of its
    own: the database rolls back after a test, a file does not, and a checkpoint left by
    an earlier test would make a later ``audit_verify`` see a rewritten chain."""
    from django.conf import settings

    if "REGULATOR_VAR_DIR" in os.environ:
        yield
        return
    before = settings.AUDIT_CHECKPOINT_STORE
    settings.AUDIT_CHECKPOINT_STORE = (
        tmp_path_factory.mktemp("audit-store", numbered=True) / "audit-checkpoints.jsonl"
    )
    yield
    settings.AUDIT_CHECKPOINT_STORE = before
