"""Small leaks and crashes an attacker found (issue 14, finding 8): individuals' postcodes
for any spelling of the status; formulas in the entity chart CSVs; 30-digit ids and NaN
cursors (400, not 500). The leaks tested on rows of their own (lenders' postcodes, a
withdrawal) are in ``test_small_leaks_own_rows.py``."""

from __future__ import annotations

import base64
import csv
import io
import json
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.cache import cache
from django.test import Client

from regulator.core.api.errors import ApiErrorCode
from regulator.finance.models import Donation

pytestmark = pytest.mark.django_db

HUGE = "123456789012345678901234567890"
SPELLINGS = ("Individuals", " individual ", "INDIVIDUAL", "individuals ")


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _cursor(**data: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_individual_postcodes_are_hidden_for_every_spelling(
    client: Client, imported_samples: Any
) -> None:
    refs = list(
        Donation.objects.filter(entity_id=52).order_by("id").values_list("ec_ref", flat=True)[:4]
    )
    for ref, spelling in zip(refs, SPELLINGS, strict=True):
        Donation.all_objects.filter(ec_ref=ref).update(donor_status=spelling, postcode="SW1A 1AA")
    params: dict[str, Any] = {"regulated_entity": 52, "page_size": 100}
    assert "SW1A 1AA" not in client.get("/api/v1/donations/", params).content.decode()
    for layout in ("csv", "ec"):
        export = _body(client.get("/api/v1/donations/", {**params, "format": layout}))
        assert "SW1A 1AA" not in export.decode(), layout
    parquet = _body(
        client.get("/api/v1/donations/", {"regulated_entity": "52", "format": "parquet"})
    )
    assert "SW1A 1AA" not in pq.read_table(io.BytesIO(parquet)).column("postcode").to_pylist()


def test_the_entity_chart_csv_neutralises_formulas(client: Client, imported_samples: Any) -> None:
    ref = Donation.objects.filter(entity_id=52, is_public_fund=False).values_list(
        "ec_ref", flat=True
    )[0]
    Donation.all_objects.filter(ec_ref=ref).update(donor_status='=HYPERLINK("http://x","y")')
    response = client.get("/search/entities/52/charts/donor-type.csv")
    assert response.status_code == 200
    labels = [row["label"] for row in csv.DictReader(io.StringIO(response.content.decode()))]
    assert '\'=HYPERLINK("http://x","y")' in labels
    assert not any(label.startswith(("=", "+", "-", "@")) for label in labels)


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor(s="value", d="n", v="NaN", i=1),
        _cursor(s="value", d="n", v="Infinity", i=1),
        _cursor(s="value", d="n", v="1E+999999", i=1),
        _cursor(s="value", d="n", v="10.00", i=int(HUGE)),
        _cursor(s="-date", d="n", v="2024-01-01", i=-int(HUGE)),
    ],
)
def test_a_damaged_cursor_is_a_400(client: Client, imported_samples: Any, cursor: str) -> None:
    sort = "value" if '"value"' in base64.urlsafe_b64decode(cursor + "==").decode() else "-date"
    response = client.get("/api/v1/donations/", {"sort": sort, "cursor": cursor})
    assert response.status_code == 400
    assert response.json()["code"] == ApiErrorCode.INVALID_CURSOR


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/donations/?regulated_entity={HUGE}",
        f"/api/v1/donations/?accounting_unit={HUGE}",
        f"/api/v1/loans/facets/?regulated_entity=-{HUGE}",
        f"/api/v1/entities/{HUGE}/",
        f"/api/v1/entities/?id={HUGE}",
        f"/api/v1/donors/{HUGE}/",
        f"/api/v1/donors/D{HUGE}/",
        f"/api/v1/donations/?donor_id=D{HUGE}",
    ],
)
def test_thirty_digit_ids_are_a_400(client: Client, imported_samples: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == ApiErrorCode.INVALID_PARAMETER


@pytest.mark.parametrize(
    "url",
    [
        f"/search/entities/{HUGE}/",
        f"/search/entities/{HUGE}/charts/year.csv",
        f"/donors/D{HUGE}/",
        f"/register/entities/{HUGE}/",
    ],
)
def test_thirty_digit_ids_in_pages_are_not_found(
    client: Client, imported_samples: Any, url: str
) -> None:
    assert client.get(url).status_code == 404
