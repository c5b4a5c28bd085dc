"""Typing transactions in a real browser: a loan in a quarterly report (English, a first
try without the start date refused on the field, then "add another" for a second loan
whose lender is offered from the first) and a spending item in a campaign spending return
(Welsh). axe-core and the CSP are checked on every page (tests/browser/conftest.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from regulator.filings import services
from regulator.filings.models import ReturnKind
from regulator.filings.tests.factories import SEATS, filing_world
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def test_a_loan_typed_in_a_quarterly_report(page: Page, live_server: Any) -> None:
    world = filing_world()
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    )
    sign_in(page.context, live_server, world["treasurer"])
    page.goto(f"/filing/returns/{filed.pk}/")
    expect(page.locator("a[href$='/add/spending/']")).to_have_count(0)
    page.get_by_role("link", name="Add a loan").click()
    expect(_h1(page)).to_have_text("Add a loan")
    page.locator("#id_LenderName").fill("Bryn Lender")
    page.locator("input[name=LenderStatus][value=Individual]").check()
    page.locator("input[name=OnElectoralRegister][value=Yes]").check()
    page.locator("#id_Value").fill("50000.00")
    page.locator("input[name=LoanType][value=Loan]").check()
    page.locator("#id_RateOfInterestDescription").fill("4% fixed")
    page.locator("input[name=LoanStatus][value=Outstanding]").check()
    page.locator("#id_AmountRepaid").fill("10000.00")
    page.locator("#id_AmountOutstanding").fill("40000.00")
    page.locator("input[name=add_another][value=Yes]").check()
    page.locator("main form button[type=submit]").click()
    # The start date was left out: refused on the field, nothing added.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_StartDate-error")).to_contain_text(
        "Enter the date the loan was entered into"
    )
    assert filed.current.transactions.count() == 0
    page.locator("#id_StartDate").fill("05/10/2026")
    page.locator("main form button[type=submit]").click()
    # "Add another": back on an empty loan page, the lender now offered.
    expect(page).to_have_url(re.compile(rf"/filing/returns/{filed.pk}/add/loans/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("#counterparties option[value='Bryn Lender']")).to_have_count(1)
    expect(page.locator("#id_LenderName")).to_have_value("")
    item = filed.current.transactions.get()
    assert item.kind == "loans"
    assert item.data["LenderName"] == "Bryn Lender"
    assert item.data["StartDate"] == "05/10/2026"
    page.get_by_role("link", name="Back").click()
    expect(page.locator("main")).to_contain_text("Bryn Lender")


def test_a_spending_item_typed_in_welsh(page: Page, live_server: Any) -> None:
    world = filing_world()
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.CAMPAIGN_SPENDING,
        period_name="UK Parliamentary general election 04/07/2024",
        actor=world["treasurer"],
        seats_contested=SEATS,
    )
    sign_in(page.context, live_server, world["treasurer"])
    page.goto(f"/cy/filing/returns/{filed.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("a[href$='/add/loans/']")).to_have_count(0)
    page.get_by_role("link", name="Ychwanegu eitem gwariant").click()
    expect(page).to_have_url(re.compile(rf"/cy/filing/returns/{filed.pk}/add/spending/$"))
    expect(_h1(page)).to_have_text("Ychwanegu eitem gwariant")
    page.locator("#id_SupplierName").fill("Gwasg Argraffu Cyf")
    page.locator("input[name=ExpenseCategoryName][value=Advertising]").check()
    page.locator("#id_TotalExpenditure").fill("1000.00")
    page.locator("#id_AmountInWales").fill("1000.00")
    page.locator("#id_DateIncurred").fill("01/06/2024")
    page.locator("#id_DatePaid").fill("31/02/2024")
    page.locator("input[name=add_another][value=No]").check()
    page.locator("main form button[type=submit]").click()
    # A date that does not exist is refused, in Welsh.
    expect(page.locator("#id_DatePaid-error")).to_contain_text("Rhowch ddyddiad go iawn")
    assert filed.current.transactions.count() == 0
    page.locator("#id_DatePaid").fill("20/07/2024")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/cy/filing/returns/{filed.pk}/$"))
    expect(page.locator("main")).to_contain_text("Gwasg Argraffu Cyf")
    item = filed.current.transactions.get()
    assert item.kind == "spending"
    assert item.data["AmountInWales"] == "1000.00"
    assert item.data["ExpenseCategoryName"] == "Advertising"
