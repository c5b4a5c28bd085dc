"""Settings that belong to the identity area, applied by config.settings.base."""

from __future__ import annotations

from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    settings["AUTH_USER_MODEL"] = "identity.User"
    settings["INSTALLED_APPS"] = [*settings["INSTALLED_APPS"], "rules.apps.AutodiscoverRulesConfig"]
    settings["AUTHENTICATION_BACKENDS"] = [
        "rules.permissions.ObjectPermissionBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
