"""The open-data API's tests that need none of the Commission's samples (they share one
import per module in ``test_api.py``, where a test expecting other rows would see them)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regulator.audit.types import Actor
from regulator.core import cells
from regulator.core.api.errors import ApiErrorCode
from regulator.finance import types as finance_types

pytestmark = pytest.mark.django_db


def slow_sql() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return "SELECT pg_sleep(2)"
    return (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) "
        "SELECT count(*) FROM n"
    )


def test_the_query_budget_stops_an_over_expensive_query():
    from django.db import connection

    from regulator.core.api.budget import query_budget
    from regulator.core.api.errors import ApiError

    with pytest.raises(ApiError) as error, query_budget(100), connection.cursor() as cursor:
        cursor.execute(slow_sql())
    assert error.value.error_code == ApiErrorCode.QUERY_TOO_EXPENSIVE
    with query_budget(5000), connection.cursor() as cursor:  # the connection still works
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for kind in ["donations", "loans", "spending"]:
        assert {f"/api/v1/{kind}/", f"/api/v1/{kind}/facets/", f"/api/v1/{kind}/totals/"} <= set(
            paths
        )
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_loans_import_and_filter_by_lender_type_and_status(client, tmp_path):
    from regulator.disclosure import synthetic
    from regulator.finance.models import Loan
    from regulator.finance.services import ec_file_import

    path = synthetic.write_csv(tmp_path / "loans.csv", "loans", 300)
    summary = ec_file_import(kind="loans", path=path, actor=Actor.system("tests"))
    assert summary.ok
    assert summary.created == 300
    ended = client.get("/api/v1/loans/", {"loan_status": "ended", "lender_type": "Individual"})
    assert (
        ended.json()["count"]
        == Loan.objects.filter(loan_status="Ended", lender_type="Individual").count()
        > 0
    )
    item = ended.json()["results"][0]
    assert item["postcode"] == ""
    assert Decimal(item["amount_repaid"]) == Decimal(item["value"])
    response = client.get("/api/v1/loans/", {"format": "ec"})
    ec = b"".join(response.streaming_content) if response.streaming else response.content
    header, numbered = cells.read_rows(ec)
    assert header == finance_types.LOAN_COLUMNS
    assert len(list(numbered)) == 300
