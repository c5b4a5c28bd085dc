"""Public donor pages and the analysts' review pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.donors import services
from regulator.donors.models import Donor, DonorLink, ReviewDecision, ReviewPair
from regulator.donors.sources import donor_records_source
from regulator.donors.tests.factories import analyst, staff
from regulator.finance.tests.factories import EntityFactory, donation, loan
from regulator.identity.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(db):
    alpha = EntityFactory.create(id=820001, name="Alpha Party")
    beta = EntityFactory.create(id=820002, name="Beta Party")
    rows = [
        donation("Mr Arthur Bankes", entity=alpha, value="2500.00", date=dt.date(2022, 3, 1)),
        donation("Arthur Bankes", entity=alpha, value="1500.00", date=dt.date(2023, 5, 1)),
        donation("Sir Arthur Bankes", entity=beta, value="1000.00", date=dt.date(2023, 7, 1)),
        donation(
            "Widget Holdings Ltd",
            entity=alpha,
            status="Company",
            company_number="01234567",
            postcode="SW1A 1AA",
        ),
    ]
    loan("Arthur Bankes", entity=beta, value="20000.00", date=dt.date(2023, 1, 10))
    services.resolution_run(records=donor_records_source(), full=True, actor=Actor.system("t"))
    return rows


def _bankes() -> Donor:
    return Donor.objects.get(display_name__contains="Bankes")


def test_search_and_status_filter(client: Client, resolved) -> None:
    page = client.get("/donors/", {"q": "bankes"})
    assert page.status_code == 200
    assert "Arthur Bankes" in page.content.decode()
    assert "1 donor found" in page.content.decode()
    companies = client.get("/donors/", {"status": "Company"}).content.decode()
    assert "Widget Holdings" in companies
    assert "Bankes" not in companies
    by_id = client.get("/donors/", {"q": _bankes().donor_id}).content.decode()
    assert "1 donor found" in by_id
    bad = client.get("/donors/", {"status": "Nonsense"})
    assert "Choose a type of donor from the list." in bad.content.decode()
    welsh = client.get("/cy/donors/", {"status": "Nonsense"}).content.decode()
    assert "Dewiswch fath o roddwr o&#x27;r rhestr." in welsh


def test_donor_page_names_totals_chart_and_records(client: Client, resolved) -> None:
    donor = _bankes()
    body = client.get(f"/donors/{donor.donor_id}/").content.decode()
    for name in ("Mr Arthur Bankes", "Sir Arthur Bankes", "Arthur Bankes"):
        assert name in body
    assert "Alpha Party" in body
    assert "Beta Party" in body
    assert "£4,000.00" in body  # to Alpha
    assert "£20,000.00" in body  # the loan
    assert 'data-vega-spec="donor-by-year"' in body
    assert 'id="donor-by-year" type="application/json"' in body
    assert "build/charts.js" in body
    assert "SW1A" not in body
    # 42 and D0000042 are the same donor: redirected to the canonical id.
    number = int(donor.donor_id[1:])
    assert client.get(f"/donors/{number}/")["Location"] == f"/donors/{donor.donor_id}/"
    assert client.get("/donors/D9999998/").status_code == 404
    assert client.get("/donors/not-an-id/").status_code == 404
    welsh = client.get(f"/cy/donors/{donor.donor_id}/").content.decode()
    assert "Enwau a adroddwyd" in welsh


def test_company_page_never_shows_a_postcode(client: Client, resolved) -> None:
    widget = Donor.objects.get(display_name__contains="Widget")
    body = client.get(f"/donors/{widget.donor_id}/").content.decode()
    assert "01234567" in body
    assert "SW1A" not in body


def test_csv_of_the_chart_data(client: Client, resolved) -> None:
    donor = _bankes()
    response = client.get(f"/donors/{donor.donor_id}/data.csv", {"table": "year"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "DonorId,Year,DonationsTotal,DonationsCount,LoansTotal,LoansCount"
    assert lines[1:] == [
        f"{donor.donor_id},2022,2500.00,1,0.00,0",
        f"{donor.donor_id},2023,2500.00,2,20000.00,1",
    ]
    recipients = client.get(f"/donors/{donor.donor_id}/data.csv", {"table": "recipient"})
    assert "Beta Party,1000.00,1,20000.00,1" in recipients.content.decode("utf-8-sig")
    assert client.get(f"/donors/{donor.donor_id}/data.csv", {"table": "x"}).status_code == 404


def test_csv_neutralises_formulas(client: Client, db) -> None:
    party = EntityFactory.create(id=820009, name="=cmd|' /C calc'!A0")
    donation("Formula Friend", entity=party)
    services.resolution_run(records=donor_records_source(), full=True, actor=Actor.system("t"))
    donor = Donor.objects.get()
    text = client.get(f"/donors/{donor.donor_id}/data.csv", {"table": "recipient"}).content
    assert b"\r\nD0000001,'=cmd|' /C calc'!A0,1000.00," in text


def test_review_pages_are_for_analysts_only(client: Client, resolved) -> None:
    assert client.get("/donors/review/").status_code == 302
    sign_in(client, staff("officer", "registration-officer"))
    assert client.get("/donors/review/").status_code == 403
    sign_in(client, analyst())
    assert client.get("/donors/review/").status_code == 200


def test_analyst_splits_a_donor(
    client: Client, resolved, django_capture_on_commit_callbacks
) -> None:
    user = analyst()
    sign_in(client, user)
    donor = _bankes()
    keys = sorted(DonorLink.objects.filter(donor=donor).values_list("record_key", flat=True))
    page = client.get(f"/donors/review/donors/{donor.donor_id}/")
    assert "Split a donor" in page.content.decode()
    # Bad input: nothing chosen, no reason, or everything chosen; nothing stored.
    empty = client.post(f"/donors/review/donors/{donor.donor_id}/", {"reason": ""})
    assert "Choose the records that belong to a different donor." in empty.content.decode()
    assert "Give the reason for the decision." in empty.content.decode()
    everything = client.post(
        f"/donors/review/donors/{donor.donor_id}/", {"records": keys, "reason": "x"}
    )
    assert "a split needs two parts" in everything.content.decode()
    assert not ReviewDecision.objects.exists()

    moving = [k for k in keys if k.startswith("loan:")]
    assert len(moving) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/donors/review/donors/{donor.donor_id}/",
            {"records": moving, "reason": "The lender is a different Arthur Bankes"},
        )
    assert response.status_code == 302
    decision = ReviewDecision.objects.get()
    assert decision.kind == ReviewDecision.Kind.SPLIT
    assert decision.left_keys == moving
    assert AuditEvent.objects.filter(action="donors.review_split").exists()
    assert DBTaskResult.objects.filter(task_path__contains="donors_resolve_task").exists()
    services.resolution_run(records=donor_records_source(), full=False, actor=Actor.system("t"))
    assert (
        DonorLink.objects.get(record_key=moving[0]).donor
        != DonorLink.objects.get(record_key=keys[0]).donor
    )


def test_analyst_decides_a_pair_and_merges(client: Client, resolved) -> None:
    user = analyst()
    sign_in(client, user)
    donor = _bankes()
    widget = Donor.objects.get(display_name__contains="Widget")
    [first, *_] = DonorLink.objects.filter(donor=donor).values_list("record_key", flat=True)
    pair = ReviewPair.objects.create(
        run=donor.last_run,
        left_key=first,
        right_key=DonorLink.objects.get(donor=widget).record_key,
        left_name="Arthur Bankes",
        right_name="Widget Holdings Ltd",
        probability=0.45,
    )
    page = client.get(f"/donors/review/pairs/{pair.pk}/").content.decode()
    assert "Widget Holdings Ltd" in page
    assert "Alpha Party" in page
    missing = client.post(f"/donors/review/pairs/{pair.pk}/", {"reason": "x"})
    assert "Say whether these are the same donor." in missing.content.decode()
    done = client.post(
        f"/donors/review/pairs/{pair.pk}/", {"decision": "different", "reason": "Not a company"}
    )
    assert done.status_code == 302
    pair.refresh_from_db()
    assert pair.status == ReviewPair.Status.DECIDED
    again = client.post(
        f"/donors/review/pairs/{pair.pk}/", {"decision": "same", "reason": "changed mind"}
    )
    assert "This pair has already been decided" in again.content.decode()
    assert ReviewDecision.objects.count() == 1

    bad = client.post("/donors/review/merge/", {"donor_ids": "D0000001 X1", "reason": "r"})
    assert "is not the id of a current donor" in bad.content.decode()
    merged = client.post(
        "/donors/review/merge/",
        {"donor_ids": f"{donor.donor_id}, {widget.donor_id}", "reason": "Same person"},
    )
    assert merged.status_code == 302
    assert ReviewDecision.objects.filter(kind=ReviewDecision.Kind.MERGE).count() == 1
