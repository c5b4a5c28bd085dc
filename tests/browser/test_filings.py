"""Online filing in a real browser, in English and in Welsh: a treasurer files a quarterly
report (one donation typed, a CSV of 1,000 rows with a few bad rows uploaded), keeps the
valid rows, re-authenticates to declare, submits and gets a receipt; an analyst queries
it; the treasurer amends; the analyst accepts; an approver publishes; the donation is on
the public search page and in the API. axe-core and the CSP are checked on every page
(tests/browser/conftest.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from regulator.core import notify
from regulator.filings.models import FiledReturn, Status
from regulator.filings.tests.factories import donations_csv, filing_world
from regulator.finance.models import Donation
from regulator.identity.tests.factories import PASSWORD
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "prefix": "",
        "returns": "Your returns",
        "add": "Add a donation",
        "upload": "Upload transactions",
        "errors_in_file": "There are errors in the file",
        "results": "Results of the checks",
        "declare": "Check your answers and declare",
        "submitted": "Return submitted",
        "queried": "Queried",
        "accepted": "Accepted",
        "published": "Published",
        "value_error": "Enter the value of the donation",
    },
    "cy": {
        "prefix": "/cy",
        "returns": "Eich ffurflenni",
        "add": "Ychwanegu rhodd",
        "upload": "Uwchlwytho trafodion",
        "errors_in_file": "Mae gwallau yn y ffeil",
        "results": "Canlyniadau\u2019r gwiriadau",
        "declare": "Gwiriwch eich atebion a datgan",
        "submitted": "Ffurflen wedi\u2019i chyflwyno",
        "queried": "Wedi\u2019i holi",
        "accepted": "Wedi\u2019i derbyn",
        "published": "Wedi\u2019i chyhoeddi",
        "value_error": "Rhowch werth y rhodd",
    },
}


def _staff_page(browser: Browser, live_server: Any, user: Any) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    sign_in(context, live_server, user)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def _check_declare_submit(page: Page, text: dict[str, str], *, password: str | None) -> str:
    page.locator("form[action$='/check/'] button").click()
    expect(_h1(page)).to_have_text(text["results"])
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    page.locator("a.govuk-button[href$='/declare/']").click()
    if password is not None:
        # Declaring needs a recent sign-in: the treasurer gives their password again.
        expect(page).to_have_url(re.compile(r"/reauthenticate/"))
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").first.click()
    expect(_h1(page)).to_have_text(text["declare"])
    # Declaring without ticking the box is refused on the field.
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_confirm-error")).to_be_visible()
    page.locator("#id_confirm").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/submit/$"))
    page.locator("main form button[type=submit]").click()
    expect(_h1(page)).to_have_text(text["submitted"])
    return page.locator("#receipt-reference").inner_text()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_quarterly_report_filed_queried_amended_accepted_published(
    page: Page, browser: Browser, live_server: Any, language: str, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    text = TEXT[language]
    prefix = text["prefix"]
    world = filing_world()
    treasurer = world["treasurer"]
    entity = world["entity"]
    sign_in(page.context, live_server, treasurer)
    page.set_default_timeout(20_000)

    page.goto(f"{prefix}/filing/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(_h1(page)).to_have_text(text["returns"])
    page.locator("a.govuk-button[href$='/filing/new/']").click()
    # Nothing chosen: the errors are listed and nothing is created.
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert not FiledReturn.objects.exists()
    page.locator("input[name=entity]").first.check()
    page.locator("input[name=kind][value=quarterly-central]").check()
    page.locator("#id_period_name").fill("Q4 2026")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/filing/returns/\d+/$"))
    filed = FiledReturn.objects.get(entity=entity)

    # One donation typed by hand (a first try with no value is refused on the field).
    page.locator("a[href$='/add/']").click()
    expect(_h1(page)).to_have_text(text["add"])
    page.locator("#id_DonorName").fill("Gwenllian Quarterly-Donor")
    page.locator("input[name=DonorStatus][value=Individual]").check()
    page.locator("input[name=DonationType][value=Cash]").check()
    page.locator("#id_ReceivedDate").fill("05/10/2026")
    page.locator("#id_AcceptedDate").fill("06/10/2026")
    page.locator("input[name=OnElectoralRegister][value=Yes]").check()
    page.locator("input[name=add_another][value=No]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_Value-error")).to_contain_text(text["value_error"])
    assert filed.current.transactions.count() == 0
    page.locator("#id_Value").fill("25000.00")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/filing/returns/\d+/$"))
    assert filed.current.transactions.count() == 1

    # A CSV of 1,000 rows, three of them bad: nothing is added until the filer decides.
    page.locator("a[href$='/upload/']").click()
    expect(_h1(page)).to_have_text(text["upload"])
    page.locator("input[name=kind][value=donations]").check()
    page.locator("#id_file").set_input_files(
        {
            "name": "donations.csv",
            "mimeType": "text/csv",
            "buffer": donations_csv(1000, bad_rows=(7, 500, 998)),
        }
    )
    page.locator("main form button[type=submit]").click()
    expect(_h1(page)).to_have_text(text["errors_in_file"])
    table = page.locator("main table")
    expect(table).to_contain_text("lots")
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("7")
    # The formula a spreadsheet would run is shown neutralised.
    expect(table).not_to_contain_text('=HYPERLINK("http://x")')
    assert filed.current.transactions.count() == 1
    page.locator("button[name=choice][value=keep]").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("997")
    assert filed.current.transactions.count() == 998

    reference = _check_declare_submit(page, text, password=PASSWORD)
    assert re.fullmatch(r"RT-[A-Z0-9-]+", reference), reference
    assert filed.current.status == Status.SUBMITTED
    # The receipt is queued with the submission; the task worker sends it.
    call_command("db_worker", "--batch", "--interval", "0")
    assert any(reference in str(m) for m in notify.outbox), "no confirmation email"

    # The analyst finds it in the queue and asks a question.
    analyst = _staff_page(browser, live_server, world["analyst"])
    analyst.goto(f"{prefix}/filing/review/")
    analyst.locator(f"a[href$='/filing/returns/{filed.pk}/']").click()
    analyst.locator("button[value=query]").click()
    expect(analyst.locator(".govuk-notification-banner")).to_be_visible()
    analyst.locator("#id_question").fill("Is row 2 a duplicate?")
    analyst.locator("button[value=query]").click()
    expect(analyst.locator("#status")).to_have_text(text["queried"])

    # The treasurer answers and amends: one row removed in version 2.
    page.goto(f"{prefix}/filing/returns/{filed.pk}/")
    expect(page.locator("main")).to_contain_text("Is row 2 a duplicate?")
    page.locator("#id_change_note").fill("Removed a duplicate of row 2")
    page.locator("#id_answer").fill("Yes, it was")
    page.locator("form[action$='/amend/'] button").click()
    expect(page.locator("main")).to_contain_text("Removed a duplicate of row 2")
    page.locator("form[action$='/rows/3/remove/'] button").click()
    assert filed.current.number == 2
    assert filed.current.transactions.count() == 997
    second = _check_declare_submit(page, text, password=None)
    assert second != reference

    analyst.goto(f"{prefix}/filing/returns/{filed.pk}/")
    # Accepting asks why, and a confirmation (tests/browser/test_filing_journeys.py).
    analyst.locator("#id_reason").fill("The duplicate was removed.")
    analyst.locator("#id_confirm_accept").check()
    analyst.locator("button[value=accept]").click()
    expect(analyst.locator("#status")).to_have_text(text["accepted"])
    analyst.context.close()

    approver = _staff_page(browser, live_server, world["approver"])
    approver.goto(f"{prefix}/filing/returns/{filed.pk}/")
    approver.locator("form[action$='/publish/'] button").click()
    expect(approver.locator("#status")).to_have_text(text["published"])
    expect(approver.locator(".govuk-notification-banner--success")).to_contain_text("997")
    approver.context.close()
    assert Donation.objects.filter(entity=entity).count() == 997

    # Public: the search page and the API.
    page.goto(f"{prefix}/search/?q=Gwenllian+Quarterly-Donor")
    expect(page.get_by_role("cell", name=re.compile("Gwenllian Quarterly-Donor"))).to_be_visible()
    api = page.request.get("/api/v1/donations/?q=Gwenllian+Quarterly-Donor")
    assert api.ok
    results = api.json()["results"]
    assert [r["donor_name"] for r in results] == ["Gwenllian Quarterly-Donor"]
    assert results[0]["value"] in {"25000.00", 25000.0, "25000"}
