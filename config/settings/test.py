"""Test settings: the default settings with faster hashing and no collected static files."""

from __future__ import annotations

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain text logs are easier to read in a failing test's output.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
