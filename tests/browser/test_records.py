"""Records disposal in a real browser (axe-core and the CSP are checked on every page,
tests/browser/conftest.py), in English and in Welsh: a records manager starts a review,
approves a due record and the batch; a second records manager gives the second approval;
the record is destroyed and its certificate shows both approvers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from regulator.records import services
from regulator.records.models import Record
from regulator.records.testing import SYSTEM, record_make, records_manager
from regulator.records.types import RecordState
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "prefix": "",
        "start": "Start a disposal review",
        "approve_item": "Approve disposal",
        "save": "Save the decision",
        "approve": "Approve the batch",
        "approved": "The batch is approved.",
        "second": "Give the second approval",
        "done": "Second approval given",
        "certificate": "Certificate",
        "heading": "Disposal certificate for",
        "method": "Destroyed",
        "schedule": "Records retention schedule",
    },
    "cy": {
        "prefix": "/cy",
        "start": "Dechrau adolygiad gwaredu",
        "approve_item": "Cymeradwyo gwaredu",
        "save": "Cadw'r penderfyniad",
        "approve": "Cymeradwyo'r swp",
        "approved": "Mae'r swp wedi'i gymeradwyo.",
        "second": "Rhoi'r ail gymeradwyaeth",
        "done": "Rhoddwyd yr ail gymeradwyaeth",
        "certificate": "Tystysgrif",
        "heading": "Tystysgrif gwaredu ar gyfer",
        "method": "Dinistriwyd",
        "schedule": "Amserlen cadw cofnodion",
    },
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_review_approve_second_approval_certificate(
    page: Page, context: BrowserContext, live_server: Any, language: str
) -> None:
    text = TEXT[language]
    record = record_make(source_id="browser", title="Invoice for leaflets", content=b"%PDF-1.4 x")
    services.record_event(
        source="tests.document",
        source_id="browser",
        trigger="return-published",
        occurred_on=dt.date(2018, 1, 31),
        actor=SYSTEM,
    )
    first, second = records_manager("browser-one"), records_manager("browser-two")

    sign_in(context, live_server, first)
    page.goto(f"{text['prefix']}/records/disposal/")
    expect(page.get_by_role("link", name=record.reference)).to_be_visible()
    page.get_by_role("button", name=text["start"]).click()
    page.get_by_label(text["approve_item"]).check()
    page.get_by_role("button", name=text["save"]).click()
    page.get_by_role("button", name=text["approve"]).click()
    expect(page.get_by_text(text["approved"])).to_be_visible()
    batch_url = page.url

    context.clear_cookies()
    sign_in(context, live_server, second)
    page.goto(batch_url)
    page.get_by_role("button", name=text["second"]).click()
    expect(page.get_by_text(text["done"])).to_be_visible()
    page.get_by_role("link", name=text["certificate"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(text["heading"])
    expect(page.get_by_text("browser-one, browser-two")).to_be_visible()
    expect(page.get_by_text(text["method"], exact=True)).to_be_visible()

    record.refresh_from_db()
    assert record.state == RecordState.DESTROYED
    assert Record.objects.filter(record_class__code="RM-CERT").count() == 1

    page.goto(f"{text['prefix']}/records/schedule/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["schedule"])
