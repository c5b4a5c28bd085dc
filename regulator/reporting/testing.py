"""Helpers for tests that use reporting (not used by the running service)."""

from __future__ import annotations

import importlib


def catalogue_ensure() -> None:
    """Put back the measure catalogue its data migration loads (a transactional test
    before this one may have flushed it)."""
    from django.apps import apps

    importlib.import_module("regulator.reporting.migrations.0002_catalogue").load(apps, None)
