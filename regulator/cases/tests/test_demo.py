"""The cases demo: a case at every stage, a late payment with its increase, an appeal,
a referral, published outcomes; loading again adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from regulator.cases import demo, selectors
from regulator.cases.models import Case, Evidence, Notice
from regulator.cases.types import PaymentStatus, Stage

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_stage_once() -> None:
    from regulator.identity import demo as identity_demo
    from regulator.register import demo as register_demo

    identity_demo.load(scale=1, stdout=StringIO())
    register_demo.cast_load(stdout=StringIO())
    demo.load(scale=1, stdout=StringIO())
    stages = set(Case.objects.values_list("stage", flat=True))
    assert {
        Stage.INITIAL,
        Stage.ASSESSMENT,
        Stage.INVESTIGATION,
        Stage.APPEAL,
        Stage.PAYMENT,
        Stage.CONCLUDED,
        Stage.PUBLISHED,
    } <= stages
    late = Case.objects.get(subject_name="Valley Voice")
    assert late.payment_status == PaymentStatus.PAID_LATE
    assert late.sanctions.get().paid_pence == 25_000
    assert Case.objects.get(subject_name="Hillside Campaign").payment_status == (
        PaymentStatus.PAID_INITIAL
    )
    assert selectors.outcomes_published().count() == 2
    assert Notice.objects.filter(language="cy").exists()
    counts = (Case.objects.count(), Evidence.objects.count(), Notice.objects.count())
    demo.load(scale=1, stdout=StringIO())
    assert (Case.objects.count(), Evidence.objects.count(), Notice.objects.count()) == counts
