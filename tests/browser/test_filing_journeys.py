"""Filing journeys as people meet them (issue 15, items 4 and 7), in a real browser, in
English and in Welsh, counting the clicks (axe-core and the CSP are checked on every page,
tests/browser/conftest.py):

1. An analyst accepts a submitted return from the queue: the return (1), tick the
   confirmation (2), "Accept the return" (3), with the reason typed: 3 clicks. Before the
   button the page shows how late it came, the checks, the totals against the previous
   period and the donors with their resolved identity; accepting with no reason is refused
   first, on the fields, and changes nothing; afterwards the reason is on the page.
2. A treasurer files a nil return from "Your returns": start (1), who (2), what (3),
   continue (4), "There is nothing to report" (5), check (6), declare link (7), password
   again (8), tick (9), declare (10), submit (11): 11 clicks, the period typed. The return
   says in words what it is nil for, offers no upload, and the receipt says it too."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from regulator.core import clock
from regulator.donors.models import Donor, DonorName, ResolutionRun
from regulator.filings import services
from regulator.filings.models import FiledReturn, ReturnKind, ReturnVersion, Status, StatusChange
from regulator.filings.review import lateness
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.tests.factories import TEMPLATE_DONATION, filing_world
from regulator.finance.tests.factories import EntityFactory, donation
from regulator.identity.tests.factories import PASSWORD
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANALYST_CLICKS = 3
NIL_CLICKS = 11

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "prefix": "",
        "days_late": "days late",
        "previous": "against the previous period (Q2 2026)",
        "reason_error": "Enter why you are accepting the return",
        "confirm_error": "Confirm that you accept the return",
        "accepted": "Accepted",
        "why": "Why it was accepted",
        "new_donor": "Not resolved yet",
        "nil": "There are no donations or loans to report in the",
        "submitted": "Return submitted",
        "declare": "Check your answers and declare",
    },
    "cy": {
        "prefix": "/cy",
        "days_late": "diwrnod yn hwyr",
        "previous": "o\u2019i gymharu \u00e2\u2019r cyfnod blaenorol (Q2 2026)",
        "reason_error": "Rhowch pam rydych chi\u2019n derbyn y ffurflen",
        "confirm_error": "Cadarnhewch eich bod yn derbyn y ffurflen",
        "accepted": "Wedi\u2019i derbyn",
        "why": "Pam y cafodd ei derbyn",
        "new_donor": "Heb ei ddatrys eto",
        "nil": "Nid oes unrhyw roddion na benthyciadau i\u2019w hadrodd ar gyfer",
        "submitted": "Ffurflen wedi\u2019i chyflwyno",
        "declare": "Gwiriwch eich atebion a datgan",
    },
}


def _submitted(world: dict[str, Any], period: str, rows: list[dict[str, str]]) -> ReturnVersion:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name=period,
        actor=world["treasurer"],
    )
    version = filed.current
    for row in rows:
        services.transaction_add(
            version=version,
            kind=TransactionKind.DONATION,
            data=dict(TEMPLATE_DONATION, **row),
            actor=world["treasurer"],
        )
    version = services.version_validate(version=version, actor=world["treasurer"])
    assert version.status == Status.VALIDATED, version.findings
    services.version_declare(version=version, user=world["treasurer"])
    return services.version_submit(
        version=version, user=world["treasurer"], idempotency_key=f"k-{period}"
    )


def _known_donor() -> None:
    run = ResolutionRun.objects.create(started_at=clock.now(), status=ResolutionRun.Status.FINISHED)
    donor = Donor.objects.create(
        donor_id="D0000077",
        display_name="Gwen Known-Donor",
        donor_status="Individual",
        first_run=run,
        last_run=run,
    )
    DonorName.objects.create(donor=donor, name="Gwen Known-Donor", record_count=1)
    other: Any = EntityFactory()
    record = donation("Gwen Known-Donor", entity=other, value="2500.00")
    record.donor_id = 77
    record.save(update_fields=["donor_id"])


@pytest.mark.parametrize("language", ["en", "cy"])
def test_an_analyst_reviews_and_accepts_a_return_in_three_clicks(
    page: Page, live_server: Any, language: str
) -> None:
    text = TEXT[language]
    prefix = text["prefix"]
    world = filing_world()
    _known_donor()
    _submitted(
        world,
        "Q2 2026",
        [{"DonorName": "Old Donor", "ReceivedDate": "02/05/2026", "AcceptedDate": "03/05/2026"}],
    )
    version = _submitted(
        world,
        "Q3 2026",
        [
            {
                "DonorName": "Gwen Known-Donor",
                "Value": "12000.00",
                "ReceivedDate": "02/08/2026",
                "AcceptedDate": "03/08/2026",
            },
            {
                "DonorName": "Brand New Donor",
                "Value": "15000.00",
                "ReceivedDate": "06/08/2026",
                "AcceptedDate": "07/08/2026",
            },
        ],
    )
    filed = version.filed_return
    late = lateness(filed, version)
    assert late is not None, "Q3 2026 was due by 30 October 2026"
    sign_in(page.context, live_server, world["analyst"])
    page.set_default_timeout(20_000)

    # A first try without a reason or the confirmation is refused on the fields.
    page.goto(f"{prefix}/filing/returns/{filed.pk}/")
    page.locator("button[value=accept]").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(text["reason_error"])
    expect(page.locator(".govuk-error-summary")).to_contain_text(text["confirm_error"])
    expect(page.locator("#id_reason-error")).to_be_visible()
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED

    clicks = 0
    page.goto(f"{prefix}/filing/review/")
    page.locator(f"a[href$='/filing/returns/{filed.pk}/']").click()
    clicks += 1
    expect(page).to_have_url(re.compile(rf"/filing/returns/{filed.pk}/$"))
    summary = page.locator("#review-summary")
    expect(summary.locator("#review-late")).to_contain_text(f"{late.days_late} {text['days_late']}")
    expect(summary.locator("#review-checks")).to_be_visible()
    totals = summary.locator("#review-totals")
    expect(totals).to_contain_text(text["previous"])
    expect(totals).to_contain_text("£27,000.00")
    expect(totals).to_contain_text("+£12,000.00")
    donors = summary.locator("#review-donors")
    expect(donors.get_by_role("link", name="D0000077")).to_be_visible()
    expect(donors).to_contain_text("£2,500.00")
    expect(donors).to_contain_text(text["new_donor"])
    # Everything the analyst needs comes before the button.
    above = page.evaluate(
        "() => !!(document.querySelector('#review-donors').compareDocumentPosition("
        "document.querySelector('button[value=accept]')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert above
    page.locator("#id_reason").fill("Totals agree with the bank statements.")
    page.locator("#id_confirm_accept").check()
    clicks += 1
    page.locator("button[value=accept]").click()
    clicks += 1
    expect(page.locator("#status")).to_have_text(text["accepted"])
    expect(page.locator("#acceptance-reason")).to_have_text(
        "Totals agree with the bank statements."
    )
    expect(page.locator("main")).to_contain_text(text["why"])
    assert clicks == ANALYST_CLICKS
    change = StatusChange.objects.get(version=version, to_status=Status.ACCEPTED)
    assert change.note == "Totals agree with the bank statements."


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_treasurer_files_a_nil_return_in_eleven_clicks(
    page: Page, live_server: Any, language: str
) -> None:
    text = TEXT[language]
    prefix = text["prefix"]
    world = filing_world()
    sign_in(page.context, live_server, world["treasurer"])
    page.set_default_timeout(20_000)
    period = f"Q{(clock.local_today().month - 1) // 3 + 1} {clock.local_today().year + 1}"

    clicks = 0
    page.goto(f"{prefix}/filing/")
    page.locator("a.govuk-button[href$='/filing/new/']").click()
    clicks += 1
    page.locator("input[name=entity]").first.check()
    clicks += 1
    page.locator("input[name=kind][value=quarterly-central]").check()
    clicks += 1
    page.locator("#id_period_name").fill(period)
    page.locator("main form button[type=submit]").click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/filing/returns/\d+/$"))
    filed = FiledReturn.objects.get(entity=world["entity"])
    page.locator("#nothing-to-report").click()
    clicks += 1
    nil = page.locator("#nil-return")
    expect(nil).to_contain_text(text["nil"])
    expect(nil).to_contain_text(period)
    expect(page.locator("a[href$='/upload/']")).to_have_count(0)
    expect(page.locator("a[href*='/add/']")).to_have_count(0)

    page.locator("form[action$='/check/'] button").click()
    clicks += 1
    page.locator("a.govuk-button[href$='/declare/']").click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/reauthenticate/"))
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    clicks += 1
    expect(page.get_by_role("heading", level=1)).to_have_text(text["declare"])
    page.locator("#id_confirm").check()
    clicks += 1
    page.locator("main form button[type=submit]").click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/submit/$"))
    page.locator("main form button[type=submit]").click()
    clicks += 1
    expect(page.get_by_role("heading", level=1)).to_have_text(text["submitted"])
    expect(page.locator("#nil-return")).to_contain_text(text["nil"])
    assert clicks == NIL_CLICKS
    version = filed.current
    assert version.status == Status.SUBMITTED
    assert version.nothing_to_report
    assert version.transactions.count() == 0
