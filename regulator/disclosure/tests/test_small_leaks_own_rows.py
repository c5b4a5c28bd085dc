"""Small leaks an attacker found (issue 14, finding 8), tested on rows of their own
rather than the Commission's samples (which ``test_small_leaks.py`` shares per module):
individual lenders' postcodes for any spelling of the type; a withdrawn record leaves the
public answers and the donor pages at once."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from regulator.disclosure.tests.test_small_leaks import SPELLINGS
from regulator.finance.models import Donation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()


def test_individual_lenders_postcodes_are_hidden_for_every_spelling(client: Client) -> None:
    from regulator.finance.tests.factories import EntityFactory, loan

    entity = EntityFactory.create(id=820001, name="Lending Party")
    for number, spelling in enumerate(SPELLINGS):
        loan(f"Lender {number}", entity=entity, lender_type=spelling, postcode="SW1A 1AA")
    listed = client.get("/api/v1/loans/", {"regulated_entity": entity.pk}).content.decode()
    assert "Lender 0" in listed
    assert "SW1A 1AA" not in listed
    response: Any = client.get(
        "/api/v1/loans/", {"regulated_entity": str(entity.pk), "format": "ec"}
    )
    export = b"".join(response.streaming_content) if response.streaming else response.content
    assert "SW1A 1AA" not in export.decode()


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_record_leaves_the_answers_and_the_donor_pages_at_once() -> None:
    """Withdrawal raises the kind's generation (the remembered answers are stale at once)
    and, once committed, enqueues the donors' resolution, whose run takes the name off."""
    from django_tasks_db.models import DBTaskResult

    from regulator.disclosure import services
    from regulator.finance.tests.factories import EntityFactory, donation
    from regulator.identity.tests.factories import StaffFactory
    from regulator.identity.types import StaffRole

    entity = EntityFactory.create(id=830001, name="Withdrawal Party")
    kept = donation("Kept Giver", entity=entity)
    gone = donation("Secret Giver", entity=entity)
    call_command("donors_resolve", "--no-progress", stdout=io.StringIO())
    client = Client()
    assert client.get("/api/v1/donations/", {"regulated_entity": entity.pk}).json()["count"] == 2
    assert "Secret Giver" in client.get("/api/v1/donors/", {"q": "secret giver"}).content.decode()
    approver = StaffFactory.create(roles=[StaffRole.PUBLICATION_APPROVER])
    services.record_withdraw(
        user=approver, kind="donations", ec_ref=gone.ec_ref, reason="Reported in error"
    )
    # The remembered count is not served: the next answer counts again.
    assert client.get("/api/v1/donations/", {"regulated_entity": entity.pk}).json()["count"] == 1
    queued = DBTaskResult.objects.filter(status="READY")
    assert any(gone.ec_ref in str(task.args_kwargs) for task in queued)
    call_command("db_worker", "--batch", "--interval", "0")
    names = client.get("/api/v1/donors/", {"q": "secret giver"}).content.decode()
    assert "Secret Giver" not in names
    assert "Kept Giver" in client.get("/api/v1/donors/", {"q": "kept giver"}).content.decode()
    assert Donation.all_objects.get(pk=kept.pk).donor_id is not None
