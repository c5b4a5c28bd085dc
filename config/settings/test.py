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

# Bulk files of a test run go to a folder of their own (an export of everything is sent
# to them when they exist): never the developer's var/bulk.
DISCLOSURE_BULK_DIR = tempfile.mkdtemp(prefix="regulator-test-bulk-")
atexit.register(shutil.rmtree, DISCLOSURE_BULK_DIR, True)

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
