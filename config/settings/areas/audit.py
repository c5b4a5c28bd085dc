"""Settings that belong to the audit area, applied by config.settings.base.

AUDIT_SIGNING_KEY_FILE and AUDIT_CHECKPOINT_STORE are set in base.py (from the
environment); see docs/audit.md.
"""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    # May a missing checkpoint signing key be generated on first use? Never under
    # config.settings.production, whatever this says (regulator/audit/signing.py).
    settings["AUDIT_SIGNING_KEY_AUTOGENERATE"] = os.environ.get(
        "AUDIT_SIGNING_KEY_AUTOGENERATE", "true"
    ).strip().lower() in {"1", "true", "yes", "on"}
