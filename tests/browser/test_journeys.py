"""Journeys as people meet them (issue 15), in a real browser, in English at desktop
width and in Welsh at a phone's width (390 px). Few journeys, each of several checks:

1. "How much has this donor given, and to whom?": from the start page, a misspelt name
   in the donor search, then the donor: the totals by recipient, in at most 3 clicks;
   the donor is linked from the search results, from the results totalled by donor and
   from the recipient's page, whose charts show empty quarters as zero (in Welsh "Ch").
2. Filters that stay on: an entity's donations keep the entity through a change of
   order, a "filters in use" summary removes one filter at a time, and "Skip to results"
   reaches the first result in a few key presses.
3. A home for every staff role: signing in leads to the role's own work with counts; a
   role whose area is not built says so; the 403 page speaks to staff as staff.

No page scrolls sideways at 390 px. axe-core audits every page (tests/browser/conftest.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from regulator.audit.types import Actor
from regulator.donors import services
from regulator.donors.models import Donor, ReviewPair
from regulator.donors.sources import donor_records_source
from regulator.donors.tests.factories import staff as staff_user
from regulator.finance.services import ec_file_import
from regulator.finance.tests.factories import EntityFactory, donation, loan
from regulator.finance.tests.samples import EC_DATA
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "prefix": "",
        "viewport": DESKTOP,
        "donor_field": "Donor or lender name, or donor id",
        "find": "Find donor",
        "recipients": "Totals by recipient",
        "largest": "Largest donors",
        "by_donor": "This entity's donations, totalled by donor",
        "totals_caption": re.compile("Totals by donor"),
        "search_entity": "Search this entity's donations",
        "results": re.compile(r"^(\d+) results?$"),
        "sort": "Sort by",
        "oldest": "Oldest first",
        "apply": "Apply filters",
        "in_use": "Filters in use",
        "entity_filter": "Regulated entity: Alpha Party",
        "remove": "Remove Regulated entity: Alpha Party",
        "skip": "Skip to results",
        "proof": "Proof that this is the published record",
        "value_min": "Minimum value in pounds",
        "by_quarter": "Donations by quarter",
        "show_data": "Show the data in this chart",
        "empty_quarter": "^Q3 2022",
    },
    "cy": {
        "prefix": "/cy",
        "viewport": PHONE,
        "donor_field": "Enw rhoddwr neu fenthyciwr, neu ddynodydd rhoddwr",
        "find": "Dod o hyd i roddwr",
        "recipients": "Cyfansymiau fesul derbynnydd",
        "largest": "Y rhoddwyr mwyaf",
        "by_donor": "Rhoddion yr endid hwn, wedi\u2019u cyfansymio fesul rhoddwr",
        "totals_caption": re.compile("Cyfansymiau fesul rhoddwr"),
        "search_entity": "Chwilio rhoddion yr endid hwn",
        "results": re.compile(r"^(\d+) canlyniad(au)?$"),
        "sort": "Trefnu yn ôl",
        "oldest": "Yr hynaf yn gyntaf",
        "apply": "Rhoi\u2019r hidlwyr ar waith",
        "in_use": "Hidlwyr sy\u2019n cael eu defnyddio",
        "entity_filter": "Endid a reoleiddir: Alpha Party",
        "remove": "Tynnu Endid a reoleiddir: Alpha Party",
        "skip": "Neidio i\u2019r canlyniadau",
        "proof": "Prawf mai hwn yw\u2019r cofnod a gyhoeddwyd",
        "value_min": "Isafswm gwerth mewn punnoedd",
        "by_quarter": "Rhoddion fesul chwarter",
        "show_data": "Dangos y data yn y siart hwn",
        "empty_quarter": "^Ch3 2022",
    },
}


def _published() -> None:
    alpha = EntityFactory.create(id=850001, name="Alpha Party")
    beta = EntityFactory.create(id=850002, name="Beta Party")
    donation("Ms Alys Glenister", entity=alpha, value="2500.00", date=dt.date(2022, 3, 1))
    donation("Alys Glenister", entity=alpha, value="1500.00", date=dt.date(2023, 5, 1))
    donation("Alys Glenister", entity=beta, value="1000.00", date=dt.date(2023, 7, 1))
    loan("Alys Glenister", entity=beta, value="20000.00", date=dt.date(2023, 1, 10))
    donation("Carol Dunmore", entity=alpha, value="700.00", date=dt.date(2024, 1, 5))
    donation("Dewi Prydderch", entity=alpha, value="12000.00", date=dt.date(2024, 2, 5))
    donation("Dewi Prydderch", entity=beta, value="300.00", date=dt.date(2024, 2, 6))
    services.resolution_run(records=donor_records_source(), full=True, actor=Actor.system("t"))


def _no_sideways_scroll(page: Page) -> None:
    """The page is no wider than the window (at 390 px nothing pushes it sideways)."""
    # Measured on a loaded document: mid-navigation there is no documentElement.
    page.wait_for_load_state()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in {widths[1]} px"


def _count(page: Page, text: dict[str, Any]) -> int:
    heading = page.get_by_role("heading", name=text["results"])
    expect(heading).to_be_visible()
    match = text["results"].match(heading.inner_text().strip())
    assert match
    return int(match.group(1))


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_donors_total_by_recipient_in_three_clicks(page: Page, language: str) -> None:
    _published()
    text = TEXT[language]
    page.set_viewport_size(text["viewport"])
    donor = Donor.objects.get(display_name__icontains="Glenister")
    clicks = 0

    page.goto(f"{text['prefix']}/")
    _no_sideways_scroll(page)
    # Misspelt, as people type it: the donor search tolerates it as the data search does.
    page.get_by_label(text["donor_field"]).fill("Alys Glenistar")
    page.get_by_role("button", name=text["find"]).click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/donors/\?q="))
    _no_sideways_scroll(page)
    page.get_by_role("link", name=re.compile("Alys Glenister")).first.click()
    clicks += 1
    expect(page).to_have_url(re.compile(f"/donors/{donor.donor_id}/$"))
    recipients = page.get_by_role("table", name=text["recipients"])
    expect(recipients.get_by_role("rowheader", name="Alpha Party")).to_be_visible()
    expect(recipients).to_contain_text("£4,000.00")
    expect(recipients).to_contain_text("£20,000.00")
    assert clicks <= 3
    _no_sideways_scroll(page)

    # The recipient is linked; its page lists its largest donors, each linked back.
    recipients.get_by_role("link", name="Alpha Party").click()
    largest = page.get_by_role("table", name=text["largest"])
    expect(largest.get_by_role("link", name="Dewi Prydderch")).to_be_visible()
    expect(largest.get_by_role("link", name=re.compile("Glenister"))).to_be_visible()
    _no_sideways_scroll(page)
    # Time is not skipped: the quarters with nothing are there as zero, in the reader's
    # language, and the drawn chart's text is at least 12 px.
    quarters = page.get_by_role("region", name=text["by_quarter"])
    quarters.get_by_text(text["show_data"]).click()
    empty = quarters.get_by_role("row", name=re.compile(text["empty_quarter"]))
    expect(empty).to_contain_text("£0.00")
    expect(quarters.locator("svg")).to_be_visible()
    sizes = quarters.locator("svg text").evaluate_all(
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes
    assert min(sizes) >= 12

    # The entity's donations totalled by donor: largest first, each donor linked.
    page.get_by_role("link", name=text["by_donor"]).click()
    totals = page.get_by_role("table", name=text["totals_caption"])
    rows = totals.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Dewi Prydderch")
    expect(rows.nth(0)).to_contain_text("£12,000.00")
    expect(rows.nth(1)).to_contain_text("£4,000.00")
    _no_sideways_scroll(page)

    # Every record's donor name links to the donor.
    page.goto(f"{text['prefix']}/search/?regulated_entity=850002")
    # Each record has a page of its own, linked from its date.
    page.locator("tbody a[href*='/records/']").first.click()
    expect(page).to_have_url(re.compile(r"/search/donations/records/[^/]+/$"))
    expect(page.get_by_role("heading", level=2, name=text["proof"])).to_be_visible()
    _no_sideways_scroll(page)
    page.go_back()
    page.get_by_role("link", name="Dewi Prydderch").click()
    expect(page).to_have_url(re.compile(r"/donors/D\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dewi Prydderch")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_filters_stay_on_and_skip_to_results(page: Page, language: str) -> None:
    _published()
    text = TEXT[language]
    page.set_viewport_size(text["viewport"])
    page.goto(f"{text['prefix']}/search/entities/850001/")
    page.get_by_role("link", name=text["search_entity"]).click()
    assert _count(page, text) == 4
    summary = page.locator("#filters-in-use")
    expect(summary.get_by_role("heading", name=text["in_use"])).to_be_visible()
    expect(summary).to_contain_text(text["entity_filter"])

    # Changing the order and applying the form keeps the entity (and a new filter).
    page.get_by_label(text["sort"]).select_option(label=text["oldest"])
    page.get_by_label(text["value_min"]).fill("1000")
    page.get_by_role("button", name=text["apply"]).click()
    expect(page).to_have_url(re.compile(r"regulated_entity=850001"))
    assert _count(page, text) == 3
    expect(page.locator("#filters-in-use")).to_contain_text(text["entity_filter"])
    _no_sideways_scroll(page)

    # Removing the entity keeps the value filter: every entity's donations of £1,000+.
    page.locator("#filters-in-use").get_by_role("link", name=text["remove"]).click()
    expect(page).not_to_have_url(re.compile(r"regulated_entity="))
    expect(page).to_have_url(re.compile(r"value_min=1000"))
    assert _count(page, text) == 4

    # "Skip to results": two key presses and Enter put the reader at the results; the
    # next stops are the first result's own page (its date) and then its donor.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text(text["skip"])
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_attribute("id", "results-heading")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", re.compile(r"/search/donations/records/[^/]+/$"))
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("href", re.compile(r"/donors/D\d+/$"))


STAFF_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "work": "Your work",
        "analyst": "Finance analyst",
        "pairs": "Donor pairs to review",
        "returns": "Returns to review",
        "investigator": "Investigator",
        "not_built": "not in this service yet",
        "forbidden": "Your staff roles do not include this page",
        "treasurer": "treasurer",
        "go_work": "Go to your work",
    },
    "cy": {
        "work": "Eich gwaith",
        "analyst": "Dadansoddwr cyllid",
        "pairs": "Parau o roddwyr i\u2019w hadolygu",
        "returns": "Ffurflenni i\u2019w hadolygu",
        "investigator": "Ymchwilydd",
        "not_built": "Nid yw gwaith y rôl hon yn y gwasanaeth hwn eto",
        "forbidden": "Nid yw eich rolau staff yn cynnwys y dudalen hon",
        "treasurer": "trysorydd",
        "go_work": "Mynd i\u2019ch gwaith",
    },
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_staff_role_has_a_home_of_its_own_work(
    page: Page, live_server: Any, language: str
) -> None:
    _published()
    text, staff_text = TEXT[language], STAFF_TEXT[language]
    page.set_viewport_size(text["viewport"])
    user = staff_user("journey-staff", "finance-analyst")
    user.groups.add(Group.objects.get_or_create(name="investigator")[0])
    sign_in(page.context, live_server, user)

    # Signing in leads staff to their work (LOGIN_REDIRECT_URL is the landing page).
    page.goto(f"{text['prefix']}/signed-in/")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(staff_text["work"])
    analyst_section = page.get_by_role("region", name=staff_text["analyst"])
    expect(analyst_section.get_by_role("link", name=staff_text["returns"])).to_be_visible()
    pairs = analyst_section.get_by_role("heading", name=re.compile(staff_text["pairs"]))
    expect(pairs).to_contain_text(str(ReviewPair.objects.filter(status="open").count()))
    # The investigator's work is the cases area: its section leads there.
    investigator = page.get_by_role("region", name=staff_text["investigator"])
    expect(investigator).not_to_contain_text(staff_text["not_built"])
    expect(investigator.locator(f'a[href="{text["prefix"]}/cases/"]')).to_have_count(1)
    _no_sideways_scroll(page)
    # The navigation leads back to the work from anywhere.
    page.goto(f"{text['prefix']}/search/")
    page.get_by_role("link", name=staff_text["work"]).first.click()
    expect(page).to_have_url(re.compile(r"/staff/$"))

    # A page the roles do not include: spoken to staff, not sent to a party's treasurer.
    response = page.goto(f"{text['prefix']}/register/staff/applications/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("main")).to_contain_text(staff_text["forbidden"])
    expect(page.get_by_role("main")).not_to_contain_text(staff_text["treasurer"])
    page.get_by_role("link", name=staff_text["go_work"]).click()
    expect(page).to_have_url(re.compile(r"/staff/$"))


CSV_TEXT = {
    "en": {
        "search": "Search political finance data",
        "name": "Donor or regulated entity name",
        "from": "From date",
        "to": "To date",
        "download": "Download these results (CSV)",
    },
    "cy": {
        "search": "Chwilio data cyllid gwleidyddol",
        "name": "Enw\u2019r rhoddwr neu\u2019r endid a reoleiddir",
        "from": "O\u2019r dyddiad",
        "to": "Hyd at y dyddiad",
        "download": "Lawrlwytho\u2019r canlyniadau hyn (CSV)",
    },
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_partys_donations_for_a_year_as_csv_in_three_clicks(page: Page, language: str) -> None:
    # The Commission's own published file: Plaid Cymru's donations of late 2019.
    imported = ec_file_import(
        kind="donations", path=EC_DATA / "donations-2019-q4.csv", actor=Actor.system("t")
    )
    assert imported.ok, imported.error
    text, words = TEXT[language], CSV_TEXT[language]
    page.set_viewport_size(text["viewport"])
    clicks = 0
    page.goto(f"{text['prefix']}/")
    page.get_by_role("link", name=words["search"]).click()
    clicks += 1
    page.get_by_label(words["name"]).fill("Plaid Cymru")
    page.get_by_label(words["from"]).fill("2019-01-01")
    page.get_by_label(words["to"]).fill("2019-12-31")
    page.get_by_role("button", name=text["apply"]).click()
    clicks += 1
    shown = _count(page, text)
    assert shown >= 5
    _no_sideways_scroll(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=words["download"], exact=True).click()
    clicks += 1
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert len(rows) == shown + 1
    assert all(any("Plaid Cymru" in cell for cell in row) for row in rows[1:])
    assert all(any("2019" in cell for cell in row) for row in rows[1:])
    assert clicks == 3
