"""Performance reporting in a real browser, in English and Welsh: a member of staff who
is a performance viewer and a finance analyst opens the dashboard of a quarter, drills
from "Returns filed on time" to the returns behind it, publishes the quarter and
downloads the frozen pack as XLSX. axe-core and the CSP are checked on every page
(tests/browser/conftest.py)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from regulator.filings.tests.factories import filing_world
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.reporting.models import Pack
from regulator.reporting.testing import catalogue_ensure
from regulator.reporting.tests.conftest import at, file_return
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "prefix": "",
        "heading": "Performance dashboard",
        "measure": "Returns filed on time",
        "records": "Records behind the number",
        "unavailable": "Not yet available",
        "publish": "Publish 2025-Q3",
        "published": "Published 2025-Q3, edition 1",
        "download": "Download as XLSX",
    },
    "cy": {
        "prefix": "/cy",
        "heading": "Dangosfwrdd perfformiad",
        "measure": "Ffurflenni a gyflwynwyd mewn pryd",
        "records": "Y cofnodion y tu \u00f4l i\u2019r rhif",
        "unavailable": "Ddim ar gael eto",
        "publish": "Cyhoeddi 2025-Q3",
        "published": "Cyhoeddwyd 2025-Q3, argraffiad 1",
        "download": "Lawrlwytho fel XLSX",
    },
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_dashboard_drill_down_publish_and_download(
    page: Page, live_server: Any, language: str
) -> None:
    text = TEXT[language]
    catalogue_ensure()
    world = filing_world()
    on_time = file_return(
        world, created=at(2025, 7, 1), submitted=at(2025, 7, 20), published=at(2025, 8, 10)
    )
    file_return(world, kind="nil", created=at(2025, 7, 2))
    staff = StaffFactory(roles=[StaffRole.PERFORMANCE_VIEWER, StaffRole.FINANCE_ANALYST])
    sign_in(page.context, live_server, staff)
    # every measure of three quarters is computed on the dashboard: slow on a busy machine
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(30_000)

    page.goto(f"{text['prefix']}/reporting/?period=2025-Q3")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["heading"])
    expect(page.locator("table").first).to_contain_text(text["unavailable"])
    chart = page.locator('[data-vega-spec="shares-spec"]')
    expect(chart).to_have_class(re.compile("regulator-chart--drawn"))

    page.get_by_role("link", name=text["measure"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["measure"])
    expect(page.get_by_role("heading", name=text["records"])).to_be_visible()
    record = page.locator("#records-numerator a")
    expect(record).to_have_count(1)
    record.click()
    expect(page).to_have_url(f"{live_server.url}{text['prefix']}/filing/returns/{on_time.pk}/")

    page.goto(f"{text['prefix']}/reporting/?period=2025-Q3")
    page.get_by_role("button", name=text["publish"]).click()
    expect(page.get_by_text(text["published"])).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=text["download"]).click()
    download = download_info.value
    assert download.suggested_filename == "performance-2025-Q3-edition-1.xlsx"
    path = download.path()
    with open(path, "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert sheet is not None
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["returns-filed-on-time"][2] == 50
    assert Pack.objects.count() == 1
