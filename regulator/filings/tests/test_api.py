"""The filing API with a filer token: create a draft, add transactions as JSON and as CSV,
validate, read results; bad input gets the API's error envelope and changes nothing;
other entities' returns and declaring stay out of reach; the OpenAPI schema lists it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from regulator.audit.types import Actor
from regulator.core.testing import clock_frozen_at
from regulator.filings.models import FiledReturn, Status
from regulator.filings.services import filer_token_issue, filer_token_revoke
from regulator.filings.tests.factories import TEMPLATE_DONATION, donations_csv, filing_world

pytestmark = [pytest.mark.django_db]


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _client(user: Any) -> APIClient:
    _token, key = filer_token_issue(user=user, name="Ledger 9", actor=Actor.system("tests"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Filer-Token {key}")
    return client


def _create(client: APIClient, entity: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/filings/returns/",
        {"entity": entity.pk, "kind": "quarterly-central", "period_name": "Q4 2026"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return dict(response.json())


def test_draft_json_and_csv_rows_validate_and_results(world: dict[str, Any]) -> None:
    client = _client(world["treasurer"])
    created = _create(client, world["entity"])
    assert created["status"] == Status.DRAFT
    assert created["due_date"] == "2027-01-30"
    pk = created["id"]

    rows = [dict(TEMPLATE_DONATION, DonorName=f"Json Donor {n}") for n in range(3)]
    response = client.post(
        f"/api/v1/filings/returns/{pk}/transactions/",
        {"kind": "donations", "rows": rows},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["added"] == 3

    response = client.post(
        f"/api/v1/filings/returns/{pk}/transactions/?kind=donations",
        donations_csv(50, start=100),
        content_type="text/csv",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["added"] == 50

    response = client.post(f"/api/v1/filings/returns/{pk}/validate/")
    assert response.status_code == 200
    assert response.json()["status"] == Status.VALIDATED
    assert response.json()["errors"] == []

    detail = client.get(f"/api/v1/filings/returns/{pk}/").json()
    assert detail["transaction_count"] == 53
    assert detail["status"] == Status.VALIDATED
    assert client.get(f"/api/v1/filings/returns/{pk}/results/").json()["status"] == "validated"
    assert [r["id"] for r in client.get("/api/v1/filings/returns/").json()["results"]] == [pk]


def test_bad_rows_add_nothing_and_list_every_problem(world: dict[str, Any]) -> None:
    client = _client(world["treasurer"])
    pk = _create(client, world["entity"])["id"]
    response = client.post(
        f"/api/v1/filings/returns/{pk}/transactions/?kind=donations",
        donations_csv(10, bad_rows=(4, 9)),
        content_type="text/csv",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "rows_invalid"
    assert body["added"] == 0
    assert {p["row"] for p in body["problems"]} == {4, 9}
    assert all(not p["value"].startswith("=") for p in body["problems"])
    assert FiledReturn.objects.get(pk=pk).current.transactions.count() == 0

    for payload, parameter in (
        ({"kind": "donations", "rows": []}, "rows"),
        ({"kind": "gifts", "rows": [TEMPLATE_DONATION]}, "kind"),
        ({"kind": "donations", "rows": [{"Colour": "blue"}]}, "rows"),
    ):
        response = client.post(
            f"/api/v1/filings/returns/{pk}/transactions/", payload, format="json"
        )
        assert response.status_code == 400, payload
        assert response.json()["parameter"] == parameter
    response = client.post(
        f"/api/v1/filings/returns/{pk}/transactions/?kind=donations",
        b"Name,Amount\nx,1\n",
        content_type="text/csv",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "unreadable_file"
    assert FiledReturn.objects.get(pk=pk).current.transactions.count() == 0

    response = client.post(
        "/api/v1/filings/returns/",
        {"entity": world["entity"].pk, "kind": "quarterly-central", "period_name": "soon"},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["parameter"] == "period_name"
    assert FiledReturn.objects.count() == 1


def test_tokens_and_permissions(world: dict[str, Any]) -> None:
    client = _client(world["treasurer"])
    pk = _create(client, world["entity"])["id"]
    other = filing_world()
    outsider = _client(other["treasurer"])
    assert outsider.get(f"/api/v1/filings/returns/{pk}/").status_code == 404
    response = outsider.post(
        "/api/v1/filings/returns/",
        {"entity": world["entity"].pk, "kind": "quarterly-central", "period_name": "Q4 2026"},
        format="json",
    )
    assert response.status_code == 403
    assert FiledReturn.objects.count() == 1

    anonymous = APIClient()
    assert anonymous.get("/api/v1/filings/returns/").status_code in {401, 403}
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Filer-Token ft_0000_nope")
    response = wrong.get("/api/v1/filings/returns/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"

    token, key = filer_token_issue(user=world["treasurer"], name="Old", actor=Actor.system("tests"))
    filer_token_revoke(token=token, actor=Actor.system("tests"))
    revoked = APIClient()
    revoked.credentials(HTTP_AUTHORIZATION=f"Filer-Token {key}")
    assert revoked.get("/api/v1/filings/returns/").status_code == 401
    with pytest.raises(ValueError, match="filer users only"):
        filer_token_issue(user=world["analyst"], name="x", actor=Actor.system("tests"))


def test_the_schema_lists_the_filing_api() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    assert "/api/v1/filings/returns/{id}/transactions/" in paths
    assert "/api/v1/filings/returns/{id}/validate/" in paths
    assert "FilerToken" in schema["components"]["securitySchemes"]
    operation = paths["/api/v1/filings/returns/{id}/transactions/"]["post"]
    assert {"application/json", "text/csv"} <= set(operation["requestBody"]["content"])
