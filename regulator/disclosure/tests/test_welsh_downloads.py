"""The search pages' downloads speak the page's language: from a Welsh page our CSV's
headers are Welsh words (the values stay as published); the open-data API, the English
pages and the Commission's layout keep their documented headers."""

from __future__ import annotations

import csv
import io

import pytest

from regulator.disclosure.api.exports import OUR_COLUMNS
from regulator.finance.models import Donation

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_a_welsh_search_page_offers_its_download_with_welsh_headers(client, imported_samples):
    html = client.get("/cy/search/", {"donor_status": "company"}).content.decode()
    link = 'href="/cy/search/download/donations/?donor_status=company&amp;format=csv"'
    assert link in html
    rows = _rows(client.get("/cy/search/download/donations/?donor_status=company&format=csv"))
    header, data = rows[0], rows[1:]
    assert header[:3] == [
        "Cyfeirnod y Comisiwn Etholiadol",
        "ID yr endid a reoleiddir",
        "Endid a reoleiddir",
    ]
    assert "Statws y rhoddwr" in header
    assert "Natur y rhodd" in header
    assert "donor_status" not in header
    assert len(header) == len(OUR_COLUMNS["donations"])
    # The values are the published ones, in English as published.
    status = header.index("Statws y rhoddwr")
    assert {row[status] for row in data} == {"Company"}
    assert len(data) == Donation.objects.filter(donor_status="Company").count() > 0


def test_the_api_and_the_english_page_keep_the_documented_headers(client, imported_samples):
    html = client.get("/search/", {"donor_status": "company"}).content.decode()
    assert 'href="/api/v1/donations/?donor_status=company&amp;format=csv"' in html
    documented = [name for name, _get, _kind in OUR_COLUMNS["donations"]]
    api = _rows(client.get("/api/v1/donations/?donor_status=company&format=csv"))
    assert api[0] == documented
    english_page = _rows(client.get("/search/download/donations/?donor_status=company&format=csv"))
    assert english_page == api


def test_the_commissions_layout_keeps_its_own_headers_in_welsh(client, imported_samples):
    api = _rows(client.get("/api/v1/loans/?loan_status=outstanding&format=ec"))
    welsh = _rows(client.get("/cy/search/download/loans/?loan_status=outstanding&format=ec"))
    assert welsh[0] == api[0]
    assert welsh[0][0] == "ECRef"


def test_the_download_address_without_a_format_is_the_search_page(client):
    response = client.get("/cy/search/download/spending/?q=print")
    assert response.status_code == 302
    assert response["Location"] == "/cy/search/spending/?q=print"
    assert client.get("/cy/search/download/nothing/").status_code == 404


def test_a_welsh_chart_download_has_welsh_headers(client, imported_samples):
    entity = Donation.objects.values_list("entity_id", flat=True).first()
    english = client.get(f"/search/entities/{entity}/charts/year.csv").content.decode()
    welsh = client.get(f"/cy/search/entities/{entity}/charts/year.csv").content.decode()
    assert english.splitlines()[0] == "label,total,count"
    assert welsh.splitlines()[0] == "Label,Cyfanswm,Nifer"
    assert english.splitlines()[1:] == welsh.splitlines()[1:]


def test_a_quarters_period_name_in_the_filters_in_use_is_welsh_on_a_welsh_page(client):
    welsh = client.get("/cy/search/", {"reporting_period": "Q4 2019"}).content.decode()
    english = client.get("/search/", {"reporting_period": "Q4 2019"}).content.decode()
    assert "Ch4 2019" in welsh
    assert "Q4 2019" in english
