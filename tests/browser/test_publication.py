"""The publication approvers' screen in a real browser: an approver finds a record, tries
to withdraw it without a reason (error summary), withdraws it with one, and the note is on
the public entity page, in English and Welsh. axe-core and the CSP are checked on every
page (tests/browser/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from regulator.audit.types import Actor
from regulator.finance.models import Donation
from regulator.finance.services import ec_file_import
from regulator.identity.models import User
from regulator.identity.types import StaffRole, UserKind
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EC_DATA = Path(settings.BASE_DIR) / "tests" / "data" / "ec"

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "prefix": "",
        "reference": "Reference (ECRef)",
        "find": "Find the record",
        "withdraw": "Withdraw the record",
        "reason": "Reason for withdrawing it",
        "problem": "There is a problem",
        "needed": "Enter the reason for withdrawing the record",
        "withdrawn": "Withdrawn",
        "heading": "Withdrawn records",
        "why": "Reported twice by mistake",
    },
    "cy": {
        "prefix": "/cy",
        "reference": "Cyfeirnod (ECRef)",
        "find": "Dod o hyd i\u2019r cofnod",
        "withdraw": "Tynnu\u2019r cofnod yn \u00f4l",
        "reason": "Y rheswm dros ei dynnu\u2019n \u00f4l",
        "problem": "Mae yna broblem",
        "needed": "Rhowch y rheswm dros dynnu\u2019r cofnod yn \u00f4l",
        "withdrawn": "Wedi\u2019i dynnu\u2019n \u00f4l",
        "heading": "Cofnodion a dynnwyd yn \u00f4l",
        "why": "Wedi\u2019i adrodd ddwywaith mewn camgymeriad",
    },
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_an_approver_withdraws_a_record_and_the_note_is_public(
    page: Page, live_server: Any, language: str
) -> None:
    text = TEXT[language]
    assert ec_file_import(
        kind="donations", path=EC_DATA / "donations-edge-cases.csv", actor=Actor.system("tests")
    ).ok
    record = Donation.objects.order_by("id").first()
    assert record is not None
    approver = User.objects.create_user(
        username="approver", email="approver@example.org", kind=UserKind.STAFF
    )
    approver.groups.add(Group.objects.get_or_create(name=StaffRole.PUBLICATION_APPROVER)[0])
    sign_in(page.context, live_server, approver)

    page.goto(f"{text['prefix']}/publication/records/")
    page.get_by_label(text["reference"]).fill(record.ec_ref)
    page.get_by_role("button", name=text["find"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(record.ec_ref)

    page.get_by_role("button", name=text["withdraw"]).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(text["problem"])
    expect(summary).to_contain_text(text["needed"])
    summary.get_by_role("link", name=text["needed"]).click()
    expect(page.get_by_label(text["reason"])).to_be_focused()
    assert Donation.objects.filter(pk=record.pk).exists()

    page.get_by_label(text["reason"]).fill(text["why"])
    page.get_by_role("button", name=text["withdraw"]).click()
    expect(page.locator("main .govuk-tag")).to_have_text(text["withdrawn"])
    assert not Donation.objects.filter(pk=record.pk).exists()

    page.goto(f"{text['prefix']}/search/entities/{record.entity_id}/")
    expect(page.get_by_role("heading", name=text["heading"])).to_be_visible()
    row = page.get_by_role("row").filter(has_text=record.ec_ref)
    expect(row).to_contain_text(text["why"])
