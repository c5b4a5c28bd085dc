"""Test settings: the default settings with faster hashing and no collected static files."""

from __future__ import annotations

import atexit
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
