"""The resolver reads finance's published donations and loans and writes each record's
donor number back into finance; the task runs it from the queue."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.donors.models import Donor, DonorLink, ResolutionRun
from regulator.donors.sources import donor_records_source
from regulator.donors.tasks import donors_resolve_task
from regulator.finance.models import Donation, Loan
from regulator.finance.services import record_withdraw
from regulator.finance.tests.factories import EntityFactory, donation, loan


@pytest.fixture
def published(db):
    alpha = EntityFactory.create(id=810001, name="Alpha Party")
    beta = EntityFactory.create(id=810002, name="Beta Party")
    rows = {
        "john1": donation("Mr John Example", entity=alpha, postcode=""),
        "john2": donation("Sir John Example", entity=beta),
        "john3": donation("John Example", entity=alpha),
        "widget": donation(
            "Widget Holdings Ltd",
            entity=alpha,
            status="Company",
            company_number="1234567",
            postcode="SW1A 1AA",
        ),
        "widget_loan": loan(
            "WIDGET HOLDINGS LIMITED",
            entity=beta,
            lender_type="Company",
            company_number="01234567",
        ),
        "unpublished": donation("Hidden Person", entity=alpha, published=False),
    }
    return rows


def test_source_reads_published_records_only(published) -> None:
    records = {r.record_key: r for r in donor_records_source()}
    assert set(records) == {
        f"donation:{published[k].pk}" for k in ("john1", "john2", "john3", "widget")
    } | {f"loan:{published['widget_loan'].pk}"}
    widget = records[f"donation:{published['widget'].pk}"]
    assert (widget.name, widget.donor_status, widget.postcode, widget.recipient_entity_id) == (
        "Widget Holdings Ltd",
        "Company",
        "SW1A 1AA",
        "810001",
    )
    assert records[f"loan:{published['widget_loan'].pk}"].donor_status == "Company"


def test_command_writes_donor_numbers_into_finance(published) -> None:
    call_command("donors_resolve", "--no-progress", stdout=io.StringIO())
    run = ResolutionRun.objects.get()
    assert run.record_count == 5
    numbers = dict(Donation.all_objects.values_list("pk", "donor_id"))
    johns = {numbers[published[k].pk] for k in ("john1", "john2", "john3")}
    assert len(johns) == 1
    assert None not in johns
    widget_number = numbers[published["widget"].pk]
    assert Loan.objects.get().donor_id == widget_number != johns.pop()
    assert numbers[published["unpublished"].pk] is None
    widget = DonorLink.objects.get(record_key=f"loan:{published['widget_loan'].pk}").donor
    assert widget.donor_id == f"D{widget_number:07d}"
    assert Donor.objects.filter(active=True).count() == 2
    assert AuditEvent.objects.filter(action="finance.donor_ids_assigned").count() == 2

    # A withdrawn record leaves its donor on the next run, and its number is cleared.
    record_withdraw(
        kind="donations", ec_ref=published["john3"].ec_ref, reason="Wrong", actor=Actor.system("t")
    )
    call_command("donors_resolve", "--no-progress", stdout=io.StringIO())
    assert ResolutionRun.objects.count() == 2
    assert Donation.all_objects.get(pk=published["john3"].pk).donor_id is None
    assert not DonorLink.objects.filter(record_key=f"donation:{published['john3'].pk}").exists()


@pytest.mark.django_db(transaction=True)
def test_task_resolves_from_the_queue() -> None:
    entity = EntityFactory.create(id=810003, name="Gamma Party")
    first = donation("Jane Queue", entity=entity)
    second = donation("Mrs Jane Queue", entity=entity)
    result = donors_resolve_task.enqueue(reason="import donations.csv")
    call_command("db_worker", "--batch", "--interval", "0")
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == "SUCCESSFUL", stored.traceback
    assert (stored.return_value or {})["records"] == 2
    numbers = set(
        Donation.all_objects.filter(pk__in=[first.pk, second.pk]).values_list("donor_id", flat=True)
    )
    assert len(numbers) == 1
    assert None not in numbers
    assert ResolutionRun.objects.get().source == "published: import donations.csv"
