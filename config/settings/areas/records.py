"""Settings that belong to the records area, applied by config.settings.base."""

from __future__ import annotations

import os
from typing import Any


def apply(settings: dict[str, Any]) -> None:
    """Add the records app (above identity, below guidance) and its store.

    The store is a Django storage named "records". By default it is the local file
    system under MEDIA_ROOT (names start "records/"), files written read-only (0444);
    ``RECORDS_STORE_ROOT`` puts it elsewhere. In production it may be S3 through
    django-storages with Object Lock (docs/records.md).
    """
    apps = settings["INSTALLED_APPS"]
    if "regulator.records" not in apps:
        apps.insert(apps.index("regulator.guidance"), "regulator.records")
    options: dict[str, Any] = {"file_permissions_mode": 0o444}
    if os.environ.get("RECORDS_STORE_ROOT"):
        options["location"] = os.environ["RECORDS_STORE_ROOT"]
    settings["STORAGES"].setdefault(
        "records",
        {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": options},
    )
    # Where transfer bags are written when a command is not given a folder.
    settings.setdefault(
        "RECORDS_TRANSFER_DIR",
        os.environ.get("RECORDS_TRANSFER_DIR", str(settings["VAR_DIR"] / "transfers")),
    )
    settings.setdefault("RECORDS_SOURCE_ORGANIZATION", "The Electoral Regulator")
    settings.setdefault("RECORDS_SERIES_PREFIX", "REG")
    settings.setdefault("RECORDS_CONTACT_NAME", "Records manager")
    settings.setdefault("RECORDS_CONTACT_EMAIL", "records@regulator.example")
