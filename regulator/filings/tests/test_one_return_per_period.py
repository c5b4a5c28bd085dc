"""One return per entity, kind and period: a second draft for the same period is
refused, on the page with a link to the one already started, and in the API with 409
and its address; the period is filed under its published name whatever the case typed."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from regulator.audit.types import Actor
from regulator.filings import services
from regulator.filings.models import FiledReturn, ReturnKind
from regulator.identity.testing import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "says", "link"),
    [
        ("", "You have already started a", "Go to the return you already started"),
        ("/cy", "Rydych eisoes wedi dechrau", "ffurflen a ddechreuwyd gennych eisoes"),
    ],
)
def test_a_second_draft_for_the_same_period_is_refused_with_a_link_to_the_first(
    world: dict[str, Any], prefix: str, says: str, link: str
) -> None:
    client = signed_in_client(world["treasurer"])
    url = f"{prefix}/filing/new/"
    posted = {"entity": world["entity"].pk, "kind": "quarterly-central", "period_name": "q1 2025"}
    assert client.post(url, posted).status_code == 302
    first = FiledReturn.objects.get()
    assert first.period_name == "Q1 2025"
    again = client.post(url, {**posted, "period_name": " Q1   2025 "})
    body = again.content.decode()
    assert again.status_code == 200
    assert "govuk-error-summary" in body
    assert says in body
    assert link in body
    assert f'href="{prefix}/filing/returns/{first.pk}/"' in body
    assert FiledReturn.objects.count() == 1
    # Another period, or another kind for the same period, is a return of its own.
    assert client.post(url, {**posted, "period_name": "Q2 2025"}).status_code == 302
    assert FiledReturn.objects.count() == 2


def test_the_api_answers_409_with_the_existing_returns_address(world: dict[str, Any]) -> None:
    _token, key = services.filer_token_issue(
        user=world["treasurer"], name="Ledger", actor=Actor.system("tests")
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Filer-Token {key}")
    body = {"entity": world["entity"].pk, "kind": "quarterly-central", "period_name": "Q3 2025"}
    created = client.post("/api/v1/filings/returns/", body, format="json")
    assert created.status_code == 201, created.json()
    again = client.post("/api/v1/filings/returns/", body, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "return_exists"
    assert f"/api/v1/filings/returns/{created.json()['id']}/" in again.json()["message"]
    assert FiledReturn.objects.filter(kind=ReturnKind.QUARTERLY_CENTRAL).count() == 1
