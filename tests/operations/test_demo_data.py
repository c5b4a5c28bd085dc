"""`make demo`'s data step: every area's demo loads into an empty database, twice without
duplicating anything (what the first of the two commands does on a fresh machine)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from regulator.filings.tests.factories import figures_ensure

pytestmark = pytest.mark.django_db(transaction=True)


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"django_tasks_database", "sessions"}
    }


def test_the_demo_loads_into_an_empty_database_and_again_changes_nothing(settings, tmp_path):
    # The statutory figures the migrations load (an earlier transactional test flushed them).
    figures_ensure()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DISCLOSURE_BULK_DIR = str(tmp_path / "bulk")
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "Demo data loaded." in out.getvalue()
    first = _counts()
    call_command("demo_data", stdout=StringIO())
    again = _counts()
    changed = {
        label: (first[label], again[label])
        for label in first
        if first[label] != again[label] and not label.startswith(("audit.", "finance.Remembered"))
    }
    assert changed == {}
