"""Monitoring's alert triage in a real browser, in English and Welsh (axe-core and the
CSP are checked on every page, tests/browser/conftest.py): a finance analyst selects two
alerts in the queue and dismisses them together with one reason; an investigator opens
the third, reads its evidence and the rule's version, and opens an assessment in cases
from it; the alert and the case then name each other."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from regulator.audit.types import Actor
from regulator.cases.models import Case
from regulator.cases.services import reference_data_seed
from regulator.identity.tests.factories import StaffFactory
from regulator.identity.types import StaffRole
from regulator.monitoring import services
from regulator.monitoring.models import Alert
from regulator.monitoring.risk_rules.base import Finding
from regulator.monitoring.risk_rules.registry import REGISTRY
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PREFIX = {"en": "", "cy": "/cy"}


def _alert(label: str) -> Alert:
    alert, _created = services.alert_raise(
        rule=REGISTRY[0],
        finding=Finding(
            subject_kind="advertiser",
            subject_key=f"google-ads:{label}",
            subject_label=label,
            period="UKPGE 2024",
            summary=f"{label} spent at least £25,000.00 on UK political ads",
            evidence={"spend_min_pence": 2_500_000, "threshold_pence": 1_000_000},
        ),
        actor=Actor.system("test"),
    )
    return alert


@pytest.mark.parametrize("language", ["en", "cy"])
def test_alerts_are_triaged_in_bulk_and_one_becomes_a_case(
    page: Page, live_server: Any, language: str
) -> None:
    reference_data_seed()
    prefix = PREFIX[language]
    first, second, third = (_alert(name) for name in ("Alpha Ltd", "Beta Ltd", "Gamma Campaign"))
    analyst: Any = StaffFactory(roles=[StaffRole.FINANCE_ANALYST])
    investigator: Any = StaffFactory(roles=[StaffRole.INVESTIGATOR])

    sign_in(page.context, live_server, analyst)
    page.goto(f"{prefix}/monitoring/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    for alert in (first, second):
        page.check(f"input[name=alerts][value={alert.reference}]")
    page.select_option("#id_outcome", "dismissed")
    page.fill("#id_reason", "Commercial agencies advertising for many clients.")
    page.get_by_test_id("bulk-triage").click()
    expect(page).to_have_url(re.compile(r"/monitoring/"))
    states = dict(Alert.objects.values_list("reference", "state"))
    assert (states[first.reference], states[second.reference], states[third.reference]) == (
        "dismissed",
        "dismissed",
        "open",
    )
    # A bulk decision without a reason is refused and changes nothing.
    page.check(f"input[name=alerts][value={third.reference}]")
    page.select_option("#id_outcome", "watching")
    page.fill("#id_reason", "")
    page.get_by_test_id("bulk-triage").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert Alert.objects.get(pk=third.pk).state == "open"

    sign_in(page.context, live_server, investigator)
    page.goto(f"{prefix}/monitoring/alerts/{third.reference}/")
    expect(page.locator("main")).to_contain_text(REGISTRY[0].version)
    expect(page.locator("main")).to_contain_text("2500000")
    page.get_by_test_id("promote").click()
    third.refresh_from_db()
    assert third.state == "case"
    case = Case.objects.get(reference=third.case_reference)
    assert case.source == "monitoring"
    assert third.reference in case.intakes.get().details
    expect(page.locator(f'a[href="{prefix}/cases/{case.reference}/"]')).to_be_visible()
