"""An enforcement case in a real browser, in English and Welsh (axe-core and the CSP are
checked on every page, tests/browser/conftest.py): a member of the public reports a late
donation report through the allegation form with an attachment and gets a reference; a
case decision maker assigns it; the investigator records the assessment (every test
met) and the investigation opens; the decision maker records the finding and issues a
notice of intent for a fixed penalty; the investigator records representations, which a
second decision maker (not the issuer) decides; the final notice is issued; 44 days
later the payment arrives late and the 25% increase is owed and recorded; a publication
approver publishes the outcome. Fields are found by their ids so both languages run the
same steps; what each page says is checked in its own language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Page, expect

from regulator.cases import services
from regulator.cases.models import Case
from regulator.core import clock, notify
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREFIX = {"en": "", "cy": "/cy"}
LANG = {"en": "en", "cy": "cy"}


@pytest.fixture(autouse=True)
def _notify_and_clock(settings: Any) -> Iterator[None]:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    # A transactional test flushes the tables, the migration's offence table with them.
    services.reference_data_seed()
    clock.freeze(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
    yield
    clock.freeze(None)


def _submit(page: Page) -> None:
    page.locator("main form[method=post] button[type=submit]").last.click()


def _status(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def _step(page: Page, prefix: str, reference: str, action: str) -> None:
    page.goto(f"{prefix}/cases/{reference}/{action}/")


def _ok(page: Page, reference: str) -> None:
    expect(page).to_have_url(re.compile(rf"/cases/{reference}/$"))
    expect(
        page.locator(".govuk-notification-banner--success, .govuk-notification-banner")
    ).to_have_count(1)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_allegation_to_published_outcome(page: Page, live_server: Any, language: str) -> None:
    prefix = PREFIX[language]
    decider: Any = StaffFactory(roles=[StaffRole.CASE_DECISION_MAKER])
    senior: Any = StaffFactory(roles=[StaffRole.CASE_DECISION_MAKER])
    investigator: Any = StaffFactory(roles=[StaffRole.INVESTIGATOR])
    approver: Any = StaffFactory(roles=[StaffRole.PUBLICATION_APPROVER])
    outsider: Any = StaffFactory(roles=[StaffRole.INVESTIGATOR])

    # The public form: no account, an attachment, a reference.
    page.goto(f"{prefix}/enforcement/report/")
    expect(page.locator("html")).to_have_attribute("lang", LANG[language])
    page.fill("#id_subject_name", "Example Party")
    page.select_option("#id_offence", "late-donation-report")
    page.fill("#id_matter", "A donation was reported late")
    page.fill("#id_details", "The Q4 2025 report left out a £20,000 donation.")
    page.fill("#id_offence_date", "30/1/2026")
    page.set_input_files(
        "#id_attachment",
        files=[FilePayload(name="screenshot.txt", mimeType="text/plain", buffer=b"evidence")],
    )
    page.fill("#id_email", "citizen@example.org")
    page.check(f"input[name=language][value={language}]")
    _submit(page)
    reference = page.get_by_test_id("reference").inner_text()
    assert reference.startswith("ALG-")
    case = Case.objects.get(intakes__reference=reference)
    ref = case.reference
    assert case.evidence.get().obtained == "intake"

    # Triage: the decision maker assigns the team; an outsider cannot see the case.
    sign_in(page.context, live_server, outsider)
    page.goto(f"{prefix}/cases/")
    assert _status(page, f"{prefix}/cases/{ref}/") == 200  # untriaged: any investigator
    sign_in(page.context, live_server, decider)
    _step(page, prefix, ref, "assign")
    page.select_option("#id_investigator", str(investigator.pk))
    page.select_option("#id_decision_maker", str(decider.pk))
    _submit(page)
    _ok(page, ref)
    sign_in(page.context, live_server, outsider)
    assert _status(page, f"{prefix}/cases/{ref}/") == 404

    # Assessment by the investigator: every test met, so the investigation opens.
    sign_in(page.context, live_server, investigator)
    _step(page, prefix, ref, "assess")
    for key in ("public-interest", "proportionate", "evidence", "resources"):
        page.check(f"input[name=q_{key}][value=yes]")
    page.check("input[name=outcome][value=investigation]")
    page.fill("#id_reason", "Large sum, repeated lateness.")
    _submit(page)
    _ok(page, ref)
    # The investigator may not decide the case: the system refuses, saying why.
    _step(page, prefix, ref, "findings")
    page.check("input[name=finding][value=offence-found]")
    page.fill("#id_reason", "x")
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert Case.objects.get(pk=case.pk).stage == "investigation"

    # Findings and the notice of intent by the decision maker.
    sign_in(page.context, live_server, decider)
    _step(page, prefix, ref, "findings")
    page.check("input[name=finding][value=offence-found]")
    page.fill("#id_reason", "The report arrived 41 days late.")
    _submit(page)
    _ok(page, ref)
    _step(page, prefix, ref, "sanction")
    page.check("input[name=kind][value=fixed]")
    page.fill("#id_act", "Q4 2025 donation report")
    page.fill("#id_recipient", "The Treasurer, Example Party")
    page.check("input[name=served_by][value=email]")
    page.check(f"input[name=language][value={language}]")
    page.fill("#id_details", "The report was 41 days late.")
    _submit(page)
    _ok(page, ref)
    pdf = page.request.get(f"{prefix}/cases/{ref}/notices/1.pdf")
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF")

    # Representations, decided by a second officer who did not issue the notice.
    sign_in(page.context, live_server, investigator)
    _step(page, prefix, ref, "representations")
    page.fill("#id_text", "Our treasurer was in hospital.")
    _submit(page)
    _ok(page, ref)
    sign_in(page.context, live_server, decider)
    _step(page, prefix, ref, "representations-decision")
    page.check("input[name=outcome][value=impose]")
    page.fill("#id_reason", "No reasonable excuse.")
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _step(page, prefix, ref, "team")
    page.select_option("#id_user", str(senior.pk))
    _submit(page)
    _ok(page, ref)
    sign_in(page.context, live_server, senior)
    _step(page, prefix, ref, "representations-decision")
    page.check("input[name=outcome][value=impose]")
    page.fill("#id_reason", "Illness explains but does not excuse: a deputy could have filed.")
    _submit(page)
    _ok(page, ref)

    # The final notice, then a late payment 44 days on: the 25% increase is owed.
    _step(page, prefix, ref, "final-notice")
    page.fill("#id_recipient", "The Treasurer, Example Party")
    page.check("input[name=served_by][value=email]")
    page.check(f"input[name=language][value={language}]")
    page.fill("#id_details", "Representations considered.")
    _submit(page)
    _ok(page, ref)
    clock.freeze(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC))
    page.goto(f"{prefix}/cases/{ref}/")
    expect(page.get_by_test_id("penalty-clock")).to_contain_text("£250.00")
    _step(page, prefix, ref, "payment")
    page.fill("#id_amount", "200")
    page.fill("#id_paid_on", "15/4/2026")
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("£250.00")
    page.fill("#id_amount", "250")
    _submit(page)
    _ok(page, ref)
    expect(page.get_by_test_id("payment-status")).to_be_visible()
    assert Case.objects.get(pk=case.pk).payment_status == "paid-late"

    # Publication by an approver.
    sign_in(page.context, live_server, approver)
    page.goto(f"{prefix}/cases/publish/{ref}/")
    page.fill("#id_summary_en", "Reported a donation late and paid the penalty late.")
    page.fill("#id_summary_cy", "Adroddodd rodd yn hwyr a thalodd y gosb yn hwyr.")
    _submit(page)
    expect(page).to_have_url(re.compile(r"/cases/publish/$"))
    assert Case.objects.get(pk=case.pk).stage == "published"
    assert _status(page, f"{prefix}/cases/{ref}/") == 404  # approvers see outcomes only
