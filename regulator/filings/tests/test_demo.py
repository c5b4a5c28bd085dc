"""The filings demo: returns in several states for Demo Party, made once."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest

from regulator.core import clock
from regulator.filings import demo
from regulator.filings.models import FiledReturn, ReturnVersion, Status
from regulator.filings.tests.factories import figures_ensure

pytestmark = pytest.mark.django_db


def test_demo_returns_in_several_states_idempotent(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    figures_ensure()
    from regulator.identity import demo as identity_demo

    identity_demo.load(scale=1, stdout=StringIO())
    clock.freeze(dt.datetime(2026, 12, 15, 12, tzinfo=dt.UTC))
    try:
        assert demo.load_returns(stdout=StringIO()) == 4
        statuses = {
            filed.period_name: filed.current.status
            for filed in FiledReturn.objects.filter(entity_id=demo.DEMO_ENTITY)
        }
        assert statuses == {
            "Q1 2026": Status.PUBLISHED,
            "Q2 2026": Status.QUERIED,
            "Q3 2026": Status.SUBMITTED,
            "Q4 2026": Status.VALIDATED,
        }
        draft = FiledReturn.objects.get(entity_id=demo.DEMO_ENTITY, period_name="Q4 2026")
        assert draft.current.transactions.count() == 3
        versions = ReturnVersion.objects.count()
        assert demo.load_returns(stdout=StringIO()) == 0
        assert ReturnVersion.objects.count() == versions
        assert FiledReturn.objects.filter(entity_id=demo.DEMO_ENTITY).count() == 4
    finally:
        clock.freeze(None)
