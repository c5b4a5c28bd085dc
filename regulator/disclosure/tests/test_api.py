from __future__ import annotations

import csv
import io
from decimal import Decimal

import pyarrow.parquet as pq
import pytest
from django.test import Client

from regulator.audit.types import Actor
from regulator.core import cells
from regulator.core.api.errors import ApiErrorCode
from regulator.disclosure.tests.test_api_without_samples import slow_sql
from regulator.finance import types as finance_types
from regulator.finance.models import Donation
from regulator.finance.services import record_withdraw
from regulator.finance.tests.samples import file_facts

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, **params):
    response = client.get(url, params)
    return response


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_list_envelope_paginates_every_row_exactly_once(client, imported_samples):
    seen = []
    url, params = "/api/v1/donations/", {"page_size": 100, "regulated_entity": 52, "sort": "value"}
    first = client.get(url, params).json()
    assert set(first) == {"count", "count_is_exact", "next", "previous", "results"}
    assert first["count_is_exact"] is True
    assert first["previous"] is None
    page = first
    while True:
        seen += [item["ec_ref"] for item in page["results"]]
        values = [Decimal(item["value"]) for item in page["results"]]
        assert values == sorted(values)
        if not page["next"]:
            break
        assert page["next"].startswith("http://testserver/api/v1/donations/?")
        page = client.get(page["next"]).json()
    assert len(seen) == len(set(seen)) == first["count"]
    assert first["count"] == Donation.objects.filter(entity_id=52).count()
    in_order = Donation.objects.filter(entity_id=52).order_by("value", "id")
    assert seen == list(in_order.values_list("ec_ref", flat=True))
    # and back again: the page before the last, in order
    back = client.get(page["previous"]).json()
    assert [item["ec_ref"] for item in back["results"]] == seen[
        -len(page["results"]) - 100 : -len(page["results"])
    ]
    assert back["next"]


def test_items_have_iso_dates_decimal_strings_and_the_commissions_ids(client, imported_samples):
    item = client.get("/api/v1/donations/", {"q": "Richard Hermer"}).json()["results"][0]
    assert item["ec_ref"] == "C0493549"
    assert item["regulated_entity"] == {
        "id": 6345,
        "name": "Sir Keir Starmer",
        "type": "Regulated Donee",
    }
    assert item["donor_name"] == "Richard Hermer"  # leading space trimmed
    assert item["ec_donor_id"] == 91599
    assert item["value"] == "5000.00"
    assert item["accepted_date"] == "2020-01-20"
    assert item["received_date"] == "2019-12-30"
    assert item["postcode"] == ""
    assert item["reporting_period"] == "March 2020"


def test_name_search_tolerates_case_punctuation_order_and_misspellings(client, imported_samples):
    harborne = Donation.objects.filter(donor_name__icontains="harborne")
    assert harborne.exists()
    expected = set(harborne.values_list("ec_ref", flat=True))
    for q in ["harborn", "HARBORNE", "harbone", "Harborne."]:
        found = {
            i["ec_ref"]
            for i in client.get("/api/v1/donations/", {"q": q, "page_size": 100}).json()["results"]
        }
        assert expected <= found, q
    phoenix = {
        i["ec_ref"]
        for i in client.get("/api/v1/donations/", {"q": "leeds phoenix partnership"}).json()[
            "results"
        ]
    }
    assert {"C0578477", "C0578476"} <= phoenix


def test_enum_filters_accept_labels_and_slugs_and_refuse_unknown_values(client, imported_samples):
    by_label = client.get("/api/v1/donations/", {"donor_status": "impermissible donor"}).json()
    by_slug = client.get("/api/v1/donations/", {"donor_status": "impermissible-donor"}).json()
    assert (
        by_label["count"]
        == by_slug["count"]
        == Donation.objects.filter(donor_status="Impermissible Donor").count()
        > 0
    )
    both = client.get(
        "/api/v1/donations/", {"donor_status": ["Trust", "impermissible-donor"]}
    ).json()
    assert (
        both["count"]
        == Donation.objects.filter(donor_status__in=["Trust", "Impermissible Donor"]).count()
    )
    bad = client.get("/api/v1/donations/", {"donor_status": "Martian"})
    assert bad.status_code == 400
    assert bad.json()["parameter"] == "donor_status"
    assert bad.json()["code"] == ApiErrorCode.INVALID_PARAMETER


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"date_from": "2020-13-01"}, "date_from"),
        ({"date_from": "2020-01-01", "date_to": "2019-01-01"}, "date_to"),
        ({"value_min": "ten"}, "value_min"),
        ({"page_size": "101"}, "page_size"),
        ({"sort": "name"}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"format": "xlsx"}, "format"),
        ({"regulated_entity": "999999"}, "regulated_entity"),
    ],
)
def test_bad_parameters_get_a_clear_error_naming_the_parameter(
    client, imported_samples, params, parameter
):
    response = client.get("/api/v1/donations/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"]
    assert body["code"]


def test_filters_dates_values_and_public_funds(client, imported_samples):
    data = client.get(
        "/api/v1/donations/",
        {
            "date_from": "2024-01-01",
            "date_to": "2024-03-31",
            "value_min": "100000",
            "is_public_fund": "false",
        },
    ).json()
    expected = Donation.objects.filter(
        date__range=("2024-01-01", "2024-03-31"), value__gte=100000, is_public_fund=False
    ).count()
    assert data["count"] == expected > 0
    public = client.get("/api/v1/donations/", {"is_public_fund": "true"}).json()["count"]
    assert public == Donation.objects.filter(is_public_fund=True).count() > 0


def test_facets_and_totals_agree_with_the_list(client, imported_samples):
    params = {"regulated_entity_type": "political-party", "register": "Great Britain"}
    facets = client.get(
        "/api/v1/donations/facets/", {**params, "facet": ["donor_status", "regulated_entity"]}
    ).json()["facets"]
    listed = client.get("/api/v1/donations/", params).json()["count"]
    assert sum(item["count"] for item in facets["donor_status"]) == listed
    assert sum(item["count"] for item in facets["regulated_entity"]) == listed
    totals = client.get("/api/v1/donations/totals/", {**params, "group_by": "year"}).json()
    assert sum(row["count"] for row in totals["results"]) == listed
    expected = sum(
        Donation.objects.filter(
            entity_type="Political Party", register="Great Britain"
        ).values_list("value", flat=True)
    )
    assert sum(Decimal(row["total"]) for row in totals["results"]) == expected
    quarters = client.get("/api/v1/donations/totals/", {"group_by": "quarter"}).json()["results"]
    assert {"id", "name", "total", "count"} == set(quarters[0])
    assert client.get("/api/v1/donations/totals/", {"group_by": "colour"}).status_code == 400
    assert (
        client.get("/api/v1/donations/facets/", {"facet": "colour"}).json()["parameter"] == "facet"
    )


def test_exports_stream_every_matching_row_in_three_formats(client, imported_samples):
    params = {"regulated_entity": 53}
    expected = Donation.objects.filter(entity_id=53).count()
    ours = client.get("/api/v1/donations/", {**params, "format": "csv"})
    assert ours.streaming
    assert ours["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(_body(ours).decode())))
    assert len(rows) == expected
    assert rows[0]["date"][4] == "-"
    assert "." in rows[0]["value"]

    ec = _body(client.get("/api/v1/donations/", {**params, "format": "ec"}))
    assert ec.startswith(b"\xef\xbb\xbf")
    header, numbered = cells.read_rows(ec)
    assert header == finance_types.DONATION_COLUMNS
    ec_rows = [row for _n, row in numbered]
    assert len(ec_rows) == expected
    assert all(row["Value"].startswith("£") for row in ec_rows)
    assert {row["IsBequest"] for row in ec_rows} <= {"True", "False", ""}

    parquet = _body(client.get("/api/v1/donations/", {**params, "format": "parquet"}))
    table = pq.read_table(io.BytesIO(parquet))
    assert table.num_rows == expected
    assert sum(table.column("value").to_pylist()) == sum(
        Donation.objects.filter(entity_id=53).values_list("value", flat=True)
    )


def test_the_ec_export_reimports_to_the_same_records(client, imported_samples, tmp_path):
    from regulator.finance.services import ec_file_import

    path = tmp_path / "export.csv"
    path.write_bytes(_body(client.get("/api/v1/donations/", {"format": "ec"})))
    summary = ec_file_import(kind="donations", path=path, actor=Actor.system("tests"))
    assert summary.ok
    assert summary.created == 0
    assert summary.updated == 0
    assert summary.unchanged == Donation.objects.count()
    spending = tmp_path / "spending.csv"
    spending.write_bytes(_body(client.get("/api/v1/spending/", {"format": "ec"})))
    rows, total, _refs = file_facts(imported_samples["spending"][0], "TotalExpenditure")
    assert file_facts(spending, "TotalExpenditure")[:2] == (rows, total)


def test_formula_cells_are_neutralised_in_csv_exports(client, imported_samples):
    Donation.all_objects.filter(ec_ref="C0493549").update(
        donor_name="=HYPERLINK(1)", campaigning_name="@SUM(A1)"
    )
    ours = _body(client.get("/api/v1/donations/", {"q": "Keir Starmer", "format": "csv"})).decode()
    assert "'=HYPERLINK(1)" in ours
    assert "'@SUM(A1)" in ours
    ec = _body(
        client.get("/api/v1/donations/", {"regulated_entity": 6345, "format": "ec"})
    ).decode()
    assert "'=HYPERLINK(1)" in ec


def test_withdrawn_and_unpublished_records_are_not_public(client, imported_samples):
    record_withdraw(
        kind="donations", ec_ref="C0493549", reason="Reported in error", actor=Actor.system("tests")
    )
    Donation.all_objects.filter(ec_ref="C0578477").update(published_at=None)
    refs = {
        i["ec_ref"]
        for i in client.get(
            "/api/v1/donations/",
            {"page_size": 100, "regulated_entity": [6345, 52], "sort": "-value"},
        ).json()["results"]
    }
    assert "C0493549" not in refs
    assert "C0578477" not in refs
    export = _body(client.get("/api/v1/donations/", {"format": "csv"})).decode()
    assert "C0493549" not in export
    assert "C0578477" not in export


def test_individual_postcodes_never_appear(client, imported_samples):
    Donation.all_objects.filter(donor_status="Individual").update(postcode="SW1A 1AA")
    assert (
        "SW1A 1AA"
        not in client.get(
            "/api/v1/donations/", {"page_size": 100, "donor_status": "individual"}
        ).content.decode()
    )
    assert "SW1A 1AA" not in _body(client.get("/api/v1/donations/", {"format": "ec"})).decode()
    assert "SW1A 1AA" not in _body(client.get("/api/v1/donations/", {"format": "csv"})).decode()


def test_anonymous_gets_carry_cors_licence_and_cache_headers(client, imported_samples):
    response = client.get("/api/v1/loans/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Open Government Licence" in response["X-Licence"]
    assert 'rel="license"' in response["Link"]
    assert response["Cache-Control"].startswith("public, max-age=")


def test_an_over_expensive_api_query_is_answered_with_a_clear_400(
    client, imported_samples, settings, monkeypatch
):
    from django.db import connection

    from regulator.disclosure import selectors as views

    real_totals = views.totals

    def expensive_totals(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(slow_sql())
        return real_totals(*args, **kwargs)

    settings.API_QUERY_BUDGET_MS = 100
    monkeypatch.setattr(views, "totals", expensive_totals)
    response = client.get("/api/v1/donations/totals/", {"group_by": "quarter"})
    assert response.status_code == 400
    assert response.json()["code"] == ApiErrorCode.QUERY_TOO_EXPENSIVE
    assert "Narrow it" in response.json()["message"]
    monkeypatch.setattr(views, "totals", real_totals)
    assert client.get("/api/v1/donations/totals/", {"group_by": "quarter"}).status_code == 200


def test_the_fast_representation_is_drfs(imported_samples):
    """Every imported row of every kind, through our page-at-once representation and
    through DRF's own: the same dictionaries, key for key, in the same order."""
    from rest_framework import serializers

    from regulator.disclosure.api.serializers import SERIALIZERS
    from regulator.finance.models import TRANSACTION_MODELS

    compared = 0
    for kind, serializer_class in SERIALIZERS.items():
        rows = list(TRANSACTION_MODELS[kind].objects.select_related("period").order_by("pk"))
        fast = serializer_class(rows, many=True).data
        for row, ours in zip(rows, fast, strict=True):
            stock = serializers.ModelSerializer.to_representation(serializer_class(), row)
            assert list(ours.items()) == list(stock.items())
            compared += 1
    assert compared > 500


@pytest.mark.parametrize(
    ("export", "accept", "media_type"),
    [
        ("csv", "text/csv", "text/csv"),
        ("ec", "text/csv", "text/csv"),
        ("csv", "application/json", "text/csv"),
        ("parquet", "application/vnd.apache.parquet", "application/vnd.apache.parquet"),
        ("csv", "*/*", "text/csv"),
    ],
)
def test_the_format_parameter_wins_over_accept(
    client, imported_samples, export, accept, media_type
):
    """``?format=csv`` with ``Accept: text/csv`` was a 406; the parameter chooses the export
    whatever the Accept header asks."""
    response = client.get(
        "/api/v1/donations/", {"format": export, "regulated_entity": 53}, HTTP_ACCEPT=accept
    )
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == media_type
    assert _body(response)


def test_a_list_without_format_still_negotiates_json(client, imported_samples):
    assert client.get("/api/v1/donations/", HTTP_ACCEPT="application/json").status_code == 200
    refused = client.get("/api/v1/donations/", HTTP_ACCEPT="text/csv")
    assert refused.status_code == 406
    assert refused.json()["code"] == ApiErrorCode.NOT_ACCEPTABLE
