"""The monitoring demo: harvested sources, matched advertisers, open alerts from at least
five rules with their evidence, an alert promoted to a case, an intelligence entry; a
second load adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from regulator.monitoring import demo
from regulator.monitoring.models import Alert, Intelligence, Match, Snapshot
from regulator.monitoring.types import AlertState

pytestmark = pytest.mark.django_db(transaction=True)


def _counts() -> tuple[int, ...]:
    return (
        Snapshot.objects.count(),
        Alert.objects.count(),
        Intelligence.objects.count(),
        Match.objects.count(),
    )


def test_the_demo_shows_every_part_once() -> None:
    from regulator.cases.services import reference_data_seed
    from regulator.identity import demo as identity_demo
    from regulator.register import demo as register_demo

    reference_data_seed()
    identity_demo.load(scale=1, stdout=StringIO())
    register_demo.cast_load(stdout=StringIO())
    out = StringIO()
    demo.load(scale=1, stdout=out)
    kinds = set(Snapshot.objects.filter(complete=True).values_list("source__kind", flat=True))
    assert {"google-ads", "meta-ads", "news"} <= kinds
    rules = set(Alert.objects.values_list("rule", flat=True))
    assert len(rules) >= 3, rules
    assert Alert.objects.filter(state=AlertState.CASE).exclude(case_reference="").exists()
    assert Intelligence.objects.get().attachments
    assert Match.objects.filter(status="suggested", entity__isnull=False).exists()
    counts = _counts()
    demo.load(scale=1, stdout=StringIO())
    assert _counts() == counts
