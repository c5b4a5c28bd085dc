from __future__ import annotations

import io

import pytest

from regulator.donors import demo
from regulator.donors.models import Donor, ResolutionRun
from regulator.finance.models import Donation
from regulator.finance.tests.factories import EntityFactory, donation

pytestmark = pytest.mark.django_db


def test_demo_resolves_published_data_once() -> None:
    demo.load(scale=1, stdout=io.StringIO())
    assert not ResolutionRun.objects.exists()
    entity = EntityFactory.create()
    donation("Jane Demo", entity=entity)
    donation("Mrs Jane Demo", entity=entity)
    demo.load(scale=1, stdout=io.StringIO())
    demo.load(scale=1, stdout=io.StringIO())
    assert ResolutionRun.objects.count() == 1
    assert Donor.objects.count() == 1
    assert set(Donation.objects.values_list("donor_id", flat=True)) == {
        int(Donor.objects.get().donor_id[1:])
    }
