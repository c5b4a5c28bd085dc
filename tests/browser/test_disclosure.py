"""Published finance data in a real browser, in English and Welsh: search, filter with
facets, open an entity's chart data, and download the results as CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from regulator.audit.types import Actor
from regulator.finance.models import Donation
from regulator.finance.services import ec_file_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EC_DATA = Path(settings.BASE_DIR) / "tests" / "data" / "ec"

TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "prefix": "",
        "title": "Search donations",
        "donor_or_entity": "Donor or regulated entity name",
        "apply": "Apply filters",
        "company": re.compile(r"^Company \(\d+\)$"),
        "results": re.compile(r"^\d+ results?$"),
        "download": "Download these results (CSV)",
        # The download's headers: the API's documented names in English ...
        "status_column": "donor_status",
        "company_column": "company_number",
        "show_data": "Show the data in this chart",
        "chart_heading": "Donations by year",
    },
    "cy": {
        "prefix": "/cy",
        "title": "Chwilio rhoddion",
        "donor_or_entity": "Enw\u2019r rhoddwr neu\u2019r endid a reoleiddir",
        "apply": "Rhoi\u2019r hidlwyr ar waith",
        "company": re.compile(r"^Cwmni \(\d+\)$"),
        "results": re.compile(r"^\d+ canlyniad(au)?$"),
        "download": "Lawrlwytho\u2019r canlyniadau hyn (CSV)",
        # ... and Welsh words from a Welsh page (the values stay as published).
        "status_column": "Statws y rhoddwr",
        "company_column": "Rhif cwmni",
        "show_data": "Dangos y data yn y siart hwn",
        "chart_heading": "Rhoddion fesul blwyddyn",
    },
}


@pytest.fixture
def published(transactional_db):
    actor = Actor.system("tests")
    for name in ["donations-edge-cases.csv", "donations-2024-prepoll-week1.csv"]:
        assert ec_file_import(kind="donations", path=EC_DATA / name, actor=actor).ok


@pytest.mark.parametrize("language", ["en", "cy"])
def test_search_filter_open_a_chart_and_download_csv(page: Page, published, language: str) -> None:
    text = TEXT[language]
    page.goto(f"{text['prefix']}/search/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["title"])

    # Free text that is misspelt and in another order still finds the donor.
    page.get_by_label(text["donor_or_entity"]).fill("sloan hugh")
    page.get_by_role("button", name=text["apply"]).click()
    expect(page.get_by_role("cell", name=re.compile("Hugh Sloane"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=sloan\+hugh"))

    # A facet: company donors only, with its count beside it.
    page.get_by_label(text["donor_or_entity"]).fill("")
    page.get_by_role("button", name=text["apply"]).click()
    company = page.get_by_label(text["company"])
    expect(company).to_be_visible()
    company.check()
    page.get_by_role("button", name=text["apply"]).click()
    expect(page).to_have_url(re.compile(r"donor_status=company"))
    heading = page.get_by_role("heading", name=text["results"])
    expect(heading).to_be_visible()
    shown = int(heading.inner_text().split()[0])
    assert shown == Donation.objects.filter(donor_status="Company").count() > 1
    expect(page.get_by_role("cell", name=re.compile("KGL \\(Estates\\) Ltd"))).to_be_visible()

    # Download these results: the same rows, as CSV.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=text["download"]).click()
    body = Path(download_info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == shown
    assert {row[text["status_column"]] for row in rows} == {"Company"}
    assert "01377507" in {row[text["company_column"]] for row in rows}

    # An entity's page: open a chart's data table.
    page.get_by_role("link", name="Conservative and Unionist Party").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conservative and Unionist Party")
    section = page.get_by_role("region", name=text["chart_heading"])
    # With JavaScript the Vega-Lite spec is drawn (progressive enhancement) ...
    chart = section.locator("[data-vega-spec]")
    expect(chart).to_have_class(re.compile("regulator-chart--drawn"))
    expect(chart.locator("svg")).to_be_visible()
    # ... and its data is always there as a table.
    section.get_by_text(text["show_data"]).click()
    table = section.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="2019")).to_be_visible()
