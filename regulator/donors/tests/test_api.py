"""/api/v1/donors/ and /api/v1/donors/{id}/."""

from __future__ import annotations

import pytest
from django.test import Client

from regulator.audit.types import Actor
from regulator.donors import services
from regulator.donors.models import Donor
from regulator.donors.sources import donor_records_source
from regulator.finance.models import Donation
from regulator.finance.tests.factories import EntityFactory, donation, loan

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def resolved(db) -> None:
    alpha = EntityFactory.create(id=830001, name="Alpha Party")
    donation("Mr Arthur Bankes", entity=alpha, value="2500.00")
    donation("Arthur Bankes", entity=alpha, value="1500.00")
    donation("Carol Dunmore", entity=alpha, value="900.00")
    donation(
        "Widget Holdings Ltd",
        entity=alpha,
        status="Company",
        company_number="01234567",
        postcode="SW1A 1AA",
    )
    loan("Edwin Farrow", entity=alpha, value="10000.00")
    services.resolution_run(records=donor_records_source(), full=True, actor=Actor.system("t"))


def test_list_envelope_search_status_and_paging(client: Client, resolved) -> None:
    response = client.get("/api/v1/donors/", {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "count_is_exact", "next", "previous", "results"}
    assert body["count"] == 4
    assert body["count_is_exact"] is True
    names = list(
        Donor.objects.order_by("display_name", "pk").values_list("display_name", flat=True)
    )
    assert len(names) == 4
    assert names[-1] == "Widget Holdings Ltd"
    assert [r["name"] for r in body["results"]] == names[:2]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Open Government Licence" in response["X-Licence"]
    second = client.get(body["next"]).json()
    assert [r["name"] for r in second["results"]] == names[2:]
    assert second["next"] is None
    assert client.get(second["previous"]).json()["results"] == body["results"]

    found = client.get("/api/v1/donors/", {"q": "bankes"}).json()["results"]
    assert [r["name"] for r in found] == [n for n in names if "Bankes" in n]
    for status in ("company", "COMPANY", "Company"):
        names = [
            r["name"] for r in client.get("/api/v1/donors/", {"status": status}).json()["results"]
        ]
        assert names == ["Widget Holdings Ltd"]
    widget = client.get("/api/v1/donors/", {"status": "company"}).json()["results"][0]
    assert "postcode" not in widget
    assert "SW1A" not in str(widget)
    assert widget["company_number"] == "01234567"


@pytest.mark.parametrize(
    ("query", "parameter", "code"),
    [
        ({"status": "martian"}, "status", "invalid_parameter"),
        ({"colour": "red"}, "colour", "invalid_parameter"),
        ({"page_size": "0"}, "page_size", "invalid_parameter"),
        ({"cursor": "!!!"}, "cursor", "invalid_cursor"),
        ({"q": "x" * 201}, "q", "invalid_parameter"),
    ],
)
def test_list_errors(client: Client, resolved, query, parameter, code) -> None:
    response = client.get("/api/v1/donors/", query)
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["parameter"]) == (code, parameter)
    assert body["message"]


def test_detail_names_and_totals(client: Client, resolved) -> None:
    donor = Donor.objects.get(display_name__contains="Bankes")
    body = client.get(f"/api/v1/donors/{donor.donor_id}/").json()
    assert body["id"] == donor.donor_id
    assert body["number"] == int(donor.donor_id[1:])
    assert {n["name"] for n in body["names"]} == {"Mr Arthur Bankes", "Arthur Bankes"}
    assert body["totals"]["donations_total"] == "4000.00"
    assert body["totals"]["donations_count"] == 2
    assert body["totals"]["by_recipient"][0]["label"] == "Alpha Party"
    assert body["totals"]["by_recipient"][0]["donations_total"] == "4000.00"
    assert body["totals"]["by_year"] == [
        {
            "key": "2024",
            "label": "2024",
            "donations_total": "4000.00",
            "donations_count": 2,
            "loans_total": "0.00",
            "loans_count": 0,
        }
    ]
    assert client.get(f"/api/v1/donors/{int(donor.donor_id[1:])}/").json()["id"] == donor.donor_id
    missing = client.get("/api/v1/donors/D9999999/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    bad = client.get("/api/v1/donors/nonsense/")
    assert bad.status_code == 400
    assert bad.json()["parameter"] == "donor_id"


@pytest.mark.django_db
def test_donations_and_loans_carry_and_filter_by_donor_id(client) -> None:
    """The donor_id field and filter on the donations and loans API (the project's URLs)."""
    given = donation("Ada Example", entity=EntityFactory.create())
    number = 4242
    Donation.all_objects.filter(pk=given.pk).update(donor_id=number)
    listed = client.get("/api/v1/donations/", {"donor_id": f"D{number:07d}"}).json()
    assert [item["ec_ref"] for item in listed["results"]] == [given.ec_ref]
    assert listed["results"][0]["donor_id"] == f"D{number:07d}"
    assert client.get("/api/v1/donations/", {"donor_id": str(number + 1)}).json()["count"] == 0
    bad = client.get("/api/v1/loans/", {"donor_id": "someone"})
    assert bad.status_code == 400
    assert bad.json()["parameter"] == "donor_id"
