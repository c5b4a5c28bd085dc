"""Settings that belong to the register area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add or change settings for this area (INSTALLED_APPS, MIDDLEWARE, its own keys)."""
    # The service-level target for deciding a party application (not a statutory
    # deadline): the staff queue shows each application's age against it.
    settings["REGISTER_APPLICATION_TARGET_DAYS"] = int(
        os.environ.get("REGISTER_APPLICATION_TARGET_DAYS", "30")
    )
    # Emblem uploads: PNG or JPEG, verified by Pillow, within these limits.
    settings["REGISTER_EMBLEM_MAX_BYTES"] = 2_000_000
    settings["REGISTER_EMBLEM_MAX_PIXELS"] = 2000
    # New registrations take ids above every published RegulatedEntityId and this floor.
    settings["REGISTER_NEW_ID_FLOOR"] = 100_000
    # The public register's list, kept by the public response cache: a registration or
    # deregistration shows there within PUBLIC_CACHE_KEEP_SECONDS (entity pages: not kept).
    settings["PUBLIC_CACHE_VIEWS"] = [*settings["PUBLIC_CACHE_VIEWS"], "register:entity_list"]
