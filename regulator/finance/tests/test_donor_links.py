"""finance.donor_links: the donors area's one write into finance."""

from __future__ import annotations

import pytest

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.core.errors import InvalidValueError
from regulator.finance.models import Donation, Loan
from regulator.finance.services import donor_links
from regulator.finance.services.donor_links import donor_ids_assign
from regulator.finance.tests.factories import EntityFactory, donation, loan

pytestmark = pytest.mark.django_db


def test_assigns_in_batches_with_one_audit_event(monkeypatch) -> None:
    monkeypatch.setattr(donor_links, "BATCH_SIZE", 2)
    entity = EntityFactory.create()
    rows = [donation(f"Donor {i}", entity=entity) for i in range(5)]
    withdrawn = donation("Hidden", entity=entity, published=False)
    before = AuditEvent.objects.count()
    changed = donor_ids_assign(
        kind="donation",
        assignments={rows[0].pk: 7, rows[1].pk: 7, rows[2].pk: 8, rows[3].pk: 7, withdrawn.pk: 9},
        actor=Actor.system("tests"),
    )
    assert changed == 5
    assert dict(Donation.all_objects.values_list("pk", "donor_id")) == {
        rows[0].pk: 7,
        rows[1].pk: 7,
        rows[2].pk: 8,
        rows[3].pk: 7,
        rows[4].pk: None,
        withdrawn.pk: 9,
    }
    events = AuditEvent.objects.order_by("pk")[before:]
    assert [e.action for e in events] == ["finance.donor_ids_assigned"]
    assert events[0].payload["records"] == 5
    assert events[0].payload["donors"] == 3

    donor_ids_assign(kind="donation", assignments={rows[0].pk: None}, actor=Actor.system("t"))
    assert Donation.all_objects.get(pk=rows[0].pk).donor_id is None


def test_loans_and_bad_kind() -> None:
    entity = EntityFactory.create()
    one = loan("Lender", entity=entity)
    assert donor_ids_assign(kind="loan", assignments={one.pk: 3}, actor=Actor.system("t")) == 1
    assert Loan.objects.get(pk=one.pk).donor_id == 3
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidValueError):
        donor_ids_assign(kind="spending", assignments={1: 1}, actor=Actor.system("t"))
    assert donor_ids_assign(kind="loan", assignments={}, actor=Actor.system("t")) == 0
    assert AuditEvent.objects.count() == before
