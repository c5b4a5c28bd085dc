from __future__ import annotations

import io

import pytest

from regulator.register import demo
from regulator.register.models import AccountingUnit, RegulatedEntity
from regulator.register.types import EntityStatus, EntityType


@pytest.mark.django_db
def test_demo_register_is_large_varied_and_idempotent() -> None:
    demo.load(scale=1, stdout=io.StringIO())
    counts = (RegulatedEntity.objects.count(), AccountingUnit.objects.count())
    parties = RegulatedEntity.objects.filter(entity_type=EntityType.POLITICAL_PARTY)
    assert parties.filter(register="great-britain").count() >= 20
    assert parties.filter(register="northern-ireland").count() >= 10
    assert counts[1] >= 200
    assert RegulatedEntity.objects.filter(status=EntityStatus.DEREGISTERED).exists()
    donee_types = set(
        RegulatedEntity.objects.filter(entity_type=EntityType.REGULATED_DONEE).values_list(
            "donee_type", flat=True
        )
    )
    assert len(donee_types) == 10
    first = RegulatedEntity.objects.order_by("pk").first()
    assert first is not None
    assert first.pk >= 800_001
    demo.load(scale=1, stdout=io.StringIO())
    assert (RegulatedEntity.objects.count(), AccountingUnit.objects.count()) == counts
