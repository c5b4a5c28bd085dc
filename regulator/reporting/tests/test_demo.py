"""The reporting demo: a full quarter (2026-Q3) in which every available measure has a
value computed from the demo's own rows and every measure of an area not built yet is
marked "not yet available"; loading again adds nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest

from regulator.core import clock
from regulator.reporting import catalogue, demo
from regulator.reporting.models import Feedback, MetricSample, ProbeResult
from regulator.reporting.periods import period_parse

pytestmark = pytest.mark.django_db


def test_the_demo_quarter_has_every_available_measure(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    from regulator.filings.tests.factories import figures_ensure
    from regulator.identity import demo as identity_demo
    from regulator.register import demo as register_demo

    figures_ensure()
    identity_demo.load(scale=1, stdout=StringIO())
    register_demo.cast_load(stdout=StringIO())
    out = StringIO()
    demo.load(scale=1, stdout=out)
    assert "4 returns of 2026-Q3 filed" in out.getvalue()
    counts = (ProbeResult.objects.count(), MetricSample.objects.count(), Feedback.objects.count())

    results = catalogue.compute_all(period_parse("2026-Q3"), clock.now())
    for result in results:
        if result.available and result.area == "contacts":
            # Available since contacts landed, but this test loads no enquiries: nothing
            # answered in the quarter, so no share to show (never a made-up 0 or 100).
            assert result.value is None, result.code
        elif result.available:
            assert result.value is not None, result.code
        else:
            assert result.area in {"cases", "monitoring"}, result.code
            assert result.value is None
    by_code = {r.code: r for r in results}
    # Of four due in the quarter (the audited accounts are due on 7 July): the quarterly
    # report and the accounts on time, one nil return late and one missing.
    assert by_code["returns-filed-on-time"].value == "50.0"
    assert by_code["accounts-published-in-deadline"].value == "100.0"
    assert by_code["applications-decided-in-target"].value == "66.7"
    availability = float(by_code["availability-working-hours"].value or 0)
    assert 99 < availability < 100

    again = StringIO()
    demo.load(scale=1, stdout=again)
    assert "0 returns" in again.getvalue()
    assert (
        ProbeResult.objects.count(),
        MetricSample.objects.count(),
        Feedback.objects.count(),
    ) == counts
