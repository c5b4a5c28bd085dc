"""Test settings: the default settings with faster hashing and no collected static files."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain text logs are easier to read in a failing test's output.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Uploaded files of a test run go to a folder of their own, never the developer's var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="regulator-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, True)

# So do the audit signing key and checkpoint store (``audit_verify`` reads the store by
# default: a developer's demo store must never be compared with a test's chain), unless
# the process was given a var folder of its own (the reliability tests' servers and
# commands share theirs).
if "REGULATOR_VAR_DIR" not in os.environ:
    _AUDIT_DIR = Path(tempfile.mkdtemp(prefix="regulator-test-audit-"))
    atexit.register(shutil.rmtree, _AUDIT_DIR, True)
    AUDIT_SIGNING_KEY_FILE = Path(
        os.environ.get("AUDIT_SIGNING_KEY_FILE", _AUDIT_DIR / "audit-signing-key.pem")
    )
    AUDIT_CHECKPOINT_STORE = Path(
        os.environ.get("AUDIT_CHECKPOINT_STORE", _AUDIT_DIR / "audit-checkpoints.jsonl")
    )

# Bulk files of a test run go to a folder of their own (an export of everything is sent
# to them when they exist): never the developer's var/bulk.
DISCLOSURE_BULK_DIR = tempfile.mkdtemp(prefix="regulator-test-bulk-")
atexit.register(shutil.rmtree, DISCLOSURE_BULK_DIR, True)
# And the records area's transfer bags (the demo writes one).
RECORDS_TRANSFER_DIR = tempfile.mkdtemp(prefix="regulator-test-transfers-")
atexit.register(shutil.rmtree, RECORDS_TRANSFER_DIR, True)

# Test-only pauses at named points of a write, "point=milliseconds,point=milliseconds",
# so the crash tests can SIGKILL the server there (tests/reliability/test_crash.py,
# docs/operations.md). Only these settings read it: base and production never pause.
TESTING_CRASH_POINTS = {
    name.strip(): int(pause)
    for name, _, pause in (
        part.partition("=") for part in os.environ.get("TESTING_CRASH_POINTS", "").split(",")
    )
    if name.strip() and pause.strip().isdigit()
}

# pytest-xdist: each worker needs a test database of its own. pytest-django names one by
# suffixing TEST["NAME"], which for SQLite it only does when a name is set (it does not
# know the metrics wrapper's engine as SQLite): give each worker run a file of its own.
if os.environ.get("PYTEST_XDIST_WORKER") and "sqlite" in str(DATABASES["default"]["ENGINE"]):  # noqa: F405
    _test_db_dir = Path(tempfile.mkdtemp(prefix="regulator-test-db-"))
    atexit.register(shutil.rmtree, _test_db_dir, True)
    DATABASES["default"]["TEST"] = {"NAME": str(_test_db_dir / "test.sqlite3")}  # noqa: F405

# The public response cache is off in the suite: many tests change published rows
# directly (not through the services that raise the generation) between two requests
# for the same page. tests/operations/test_public_cache.py turns it on and proves it.
PUBLIC_CACHE_ENABLED = False
