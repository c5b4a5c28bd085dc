"""Donors in a real browser, in English and Welsh: search a donor, open the donor's page
with every reported name, totals and the drawn chart; a finance analyst splits a donor.
axe-core audits every page (tests/browser/conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.donors import services
from regulator.donors.models import Donor, DonorLink, ReviewDecision
from regulator.donors.sources import donor_records_source
from regulator.donors.tests.factories import analyst
from regulator.finance.tests.factories import EntityFactory, donation, loan
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "prefix": "",
        "title": "Donors and lenders",
        "name": "Name or donor id",
        "search": "Search",
        "names": "Names reported",
        "by_year": "Totals by year",
        "recipients": "Totals by recipient",
    },
    "cy": {
        "prefix": "/cy",
        "title": "Rhoddwyr a benthycwyr",
        "name": "Enw neu ddynodydd rhoddwr",
        "search": "Chwilio",
        "names": "Enwau a adroddwyd",
        "by_year": "Cyfansymiau fesul blwyddyn",
        "recipients": "Cyfansymiau fesul derbynnydd",
    },
}


def _published() -> None:
    alpha = EntityFactory.create(id=840001, name="Alpha Party")
    beta = EntityFactory.create(id=840002, name="Beta Party")
    donation("Mr Arthur Bankes", entity=alpha, value="2500.00", date=dt.date(2022, 3, 1))
    donation("Arthur Bankes", entity=alpha, value="1500.00", date=dt.date(2023, 5, 1))
    donation("Sir Arthur Bankes", entity=beta, value="1000.00", date=dt.date(2023, 7, 1))
    loan("Arthur Bankes", entity=beta, value="20000.00", date=dt.date(2023, 1, 10))
    donation("Carol Dunmore", entity=beta, value="700.00")
    services.resolution_run(records=donor_records_source(), full=True, actor=Actor.system("t"))


@pytest.mark.parametrize("language", ["en", "cy"])
def test_search_a_donor_and_open_the_page(page: Page, live_server: Any, language: str) -> None:
    _published()
    text = TEXT[language]
    page.goto(f"{text['prefix']}/donors/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["title"])
    page.get_by_label(text["name"]).fill("bankes")
    page.get_by_role("button", name=text["search"]).click()
    donor = Donor.objects.get(display_name__contains="Bankes")
    page.get_by_role("link", name=re.compile("Arthur Bankes")).click()
    expect(page).to_have_url(re.compile(f"/donors/{donor.donor_id}/$"))
    names = page.get_by_role("table", name=text["names"])
    for name in ("Mr Arthur Bankes", "Sir Arthur Bankes", "Arthur Bankes"):
        expect(names.get_by_role("cell", name=name, exact=True)).to_be_visible()
    recipients = page.get_by_role("table", name=text["recipients"])
    expect(recipients.get_by_role("rowheader", name="Alpha Party")).to_be_visible()
    expect(recipients).to_contain_text("£4,000.00")
    expect(recipients).to_contain_text("£20,000.00")
    section = page.get_by_role("region", name=text["by_year"])
    chart = section.locator("[data-vega-spec]")
    expect(chart).to_have_class(re.compile("regulator-chart--drawn"))
    expect(chart.locator("svg")).to_be_visible()
    expect(section.get_by_role("rowheader", name="2023")).to_be_visible()


def test_analyst_splits_a_donor(page: Page, live_server: Any) -> None:
    _published()
    user = analyst()
    sign_in(page.context, live_server, user)
    donor = Donor.objects.get(display_name__contains="Bankes")
    loan_key = DonorLink.objects.get(donor=donor, record_key__startswith="loan:").record_key
    page.goto("/donors/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Donor review queue")
    page.goto(f"/donors/{donor.donor_id}/")
    page.get_by_role("link", name="Review this donor's records (split)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Split a donor")
    # Nothing chosen: a clear error, nothing stored.
    page.get_by_role("button", name="Split donor").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the records that belong to a different donor."
    )
    assert not ReviewDecision.objects.exists()
    page.get_by_label(re.compile("£20,000.00")).check()
    page.get_by_label("Reason").fill("The lender is a different Arthur Bankes")
    page.get_by_role("button", name="Split donor").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Split saved")
    decision = ReviewDecision.objects.get()
    assert decision.left_keys == [loan_key]
    assert AuditEvent.objects.filter(action="donors.review_split").exists()
    # The enqueued resolution runs; the loan is now another donor's.
    call_command("db_worker", "--batch", "--interval", "0")
    assert DonorLink.objects.get(record_key=loan_key).donor != donor
    page.goto(f"/donors/{donor.donor_id}/")
    expect(page.get_by_role("table", name="Totals by recipient")).not_to_contain_text("£20,000.00")
