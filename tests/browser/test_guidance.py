"""Guidance and subscriptions in a real browser (axe-core and the CSP are checked on every
page, tests/browser/conftest.py): finding guidance by search in English and Welsh, a
step-by-step answer end to end, following an entity and receiving its digest after a
publication (through the Notify fake), and a webhook delivery verified by its signature."""

from __future__ import annotations

import datetime as dt
import re
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from playwright.sync_api import Page, expect

from regulator.audit.types import Actor
from regulator.core import notify
from regulator.disclosure.models import WebhookDelivery
from regulator.disclosure.services import subscriptions, webhooks
from regulator.filings.tests.factories import figures_ensure
from regulator.finance import services as finance_services
from regulator.guidance.tests.factories import guidance_published
from regulator.identity.services import api_key_issue
from regulator.register.tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    settings.DISCLOSURE_WEBHOOK_ALLOW_LOCAL = True
    notify.outbox.clear()
    figures_ensure()


SEARCH = {
    "en": {
        "prefix": "",
        "label": "Search guidance",
        "button": "Search",
        "q": "company donors",
        "title": "Donations to political parties",
        "contents": "On this page",
    },
    "cy": {
        "prefix": "/cy",
        "label": "Chwilio'r canllawiau",
        "button": "Chwilio",
        "q": "cwmnïau",
        "title": "Rhoddion i bleidiau gwleidyddol",
        "contents": "Ar y dudalen hon",
    },
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_finding_guidance_by_search(page: Page, live_server: Any, language: str) -> None:
    text = SEARCH[language]
    guidance_published()
    page.goto(f"{text['prefix']}/guidance/")
    page.get_by_label(text["label"]).fill(text["q"])
    page.get_by_role("button", name=text["button"], exact=True).click()
    page.get_by_role("link", name=text["title"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["title"])
    expect(page.get_by_role("heading", name=text["contents"])).to_be_visible()
    # The figure in force today, never a copied number.
    expect(page.locator("main")).to_contain_text("£11,180")


def test_a_step_by_step_answer_end_to_end(page: Page, live_server: Any) -> None:
    guidance_published()
    page.goto("/guidance/answers/")
    page.get_by_role("link", name="Do I need to report this donation?").click()
    page.get_by_label("A party's central organisation").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # nothing entered: an error
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer the question to continue.")
    page.get_by_label("How much is the donation worth?").fill("9,000")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2023")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(re.compile("What is the total of the other gifts over £500")).fill("0")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You need to report it")
    expect(page.locator("main")).to_contain_text("£7,500")  # the threshold in force in 2023
    shared = page.url
    assert "received=2023-06-01" in shared
    page.get_by_role("link", name="Reporting thresholds").click()
    expect(page.locator("#reporting-thresholds")).to_be_visible()
    # The shared address gives the same answer, in Welsh too.
    path = urlsplit(shared)
    page.goto(f"/cy{path.path}?{path.query}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mae angen i chi ei hadrodd")


def _link(body: str, marker: str) -> str:
    url = body[body.index("http", body.index(marker)) :].split()[0]
    return "/" + url.split("/", 3)[3]


def _donations(entity: Any, refs: list[str]) -> None:
    period = finance_services.period_ensure(name="Q3 2026")
    records = []
    for ref in refs:
        reported = {
            "ec_ref": ref,
            "entity_name": entity.name,
            "entity_type": "Political Party",
            "value": Decimal("15000.00"),
            "accepted_date": dt.date(2026, 8, 1),
            "donor_name": "Browser Follow Ltd",
            "donor_status": "Company",
        }
        records.append(
            {
                **reported,
                **finance_services.derived_fields("donations", reported),
                "entity_id": entity.pk,
                "period_id": period.pk,
                "filed_return_id": finance_services.imported_return_ensure(
                    entity=entity, period=period
                ).pk,
            }
        )
    with transaction.atomic():
        finance_services.records_upsert_published(
            kind="donations", records=records, actor=Actor.system("tests"), source="browser test"
        )


def test_following_an_entity_and_receiving_its_digest(page: Page, live_server: Any) -> None:
    entity: Any = EntityFactory()
    _donations(entity, ["BRWFIRST1"])  # already public before anyone follows
    page.goto(f"/search/entities/{entity.pk}/")
    page.get_by_role("link", name="Get emails when something new is published").click()
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_label("Once a day").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    confirmation = notify.outbox[-1]
    assert confirmation.email_address == "reader@example.org"
    page.goto(_link(confirmation.personalisation["body"], "Confirm here"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")

    _donations(entity, [f"BRW{number:05d}" for number in range(250)])
    notify.outbox.clear()
    assert subscriptions.digests_send(actor=Actor.system("tests")) == 1
    (digest,) = notify.outbox
    assert "250 new records of donations" in digest.personalisation["body"]
    assert "BRWFIRST1" not in digest.personalisation["body"]
    page.goto(_link(digest.personalisation["body"], "one click"))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return


def test_a_webhook_delivery_verified_by_its_signature(page: Page, live_server: Any) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.received.clear()
    try:
        _api_key, key = api_key_issue(
            name="Newsroom", email="desk@example.org", actor=Actor.system("tests")
        )
        page.goto("/api-keys/webhooks/")
        page.get_by_label("Your API key").fill(key)
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Address of your endpoint").fill(
            f"http://127.0.0.1:{server.server_port}/hook"
        )
        page.get_by_role("button", name="Add the webhook").click()
        secret = page.locator("#webhook-secret").inner_text()
        assert secret.startswith("whsec_")
        page.get_by_role("link", name=re.compile("Delivery log")).click()
        page.get_by_role("button", name="Send a test delivery").click()
        expect(page.locator("main")).to_contain_text("A test delivery is on its way")
        # The worker's turn: what db_worker would run.
        for delivery in WebhookDelivery.objects.filter(status="pending"):
            webhooks.webhook_delivery_attempt(delivery_id=delivery.pk)
        headers, body = _Receiver.received[-1]
        assert webhooks.signature_valid(secret, headers["Regulator-Signature"], body)
        assert b'"type":"test"' in body
        page.reload()
        expect(page.locator(".delivery-status").first).to_have_text("delivered")
    finally:
        server.shutdown()
