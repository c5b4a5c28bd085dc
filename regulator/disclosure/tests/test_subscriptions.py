"""Subscriptions: double opt-in, one digest after a publication however large, withdrawal
notified, one-click unsubscribe; Atom feeds of searches; signed webhooks with retries."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import feedparser
import pytest
from django.test import Client

from regulator.audit.types import Actor
from regulator.core import notify
from regulator.disclosure.models import PublicationEvent, WebhookDelivery
from regulator.disclosure.services import subscriptions, webhooks
from regulator.finance import services as finance_services
from regulator.identity.services import api_key_issue
from regulator.register.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _memory_notify(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    settings.DISCLOSURE_WEBHOOK_ALLOW_LOCAL = True
    notify.outbox.clear()


def _publish(entity: Any, refs: list[str]) -> None:
    actor = Actor.system("tests")
    period = finance_services.period_ensure(name="Q1 2026")
    records = []
    for ref in refs:
        reported = {
            "ec_ref": ref,
            "entity_name": entity.name,
            "entity_type": "Political Party",
            "value": Decimal("12500.00"),
            "accepted_date": dt.date(2026, 2, 1),
            "donor_name": "Follow Me Ltd",
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
    from django.db import transaction

    with transaction.atomic():
        finance_services.records_upsert_published(
            kind="donations", records=records, actor=actor, source="tests"
        )


def _link(body: str, marker: str) -> str:
    url = body[body.index("http", body.index(marker)) :].split()[0]
    return "/" + url.split("/", 3)[3]


def test_follow_an_entity_and_get_one_digest_for_a_large_publication() -> None:
    entity: Any = EntityFactory()
    client = Client()
    page = client.post(
        f"/subscriptions/follow/?target=entity&value={entity.pk}",
        {"email": "reader@example.org", "frequency": "daily", "language": "en"},
    )
    assert page.status_code == 200
    assert b"Check your email" in page.content
    confirm = notify.outbox[-1].personalisation["body"]
    url = _link(confirm, "Confirm here")
    assert client.post(url).status_code == 200
    other: Any = EntityFactory()
    _publish(entity, [f"SUB{n:05d}" for n in range(1200)])
    _publish(other, ["OTHER00001"])
    assert PublicationEvent.objects.filter(action="published").count() == 2
    notify.outbox.clear()
    assert subscriptions.digests_send(actor=Actor.system("tests")) == 1
    assert len(notify.outbox) == 1
    body = notify.outbox[0].personalisation["body"]
    assert "1200 new records of donations" in body
    assert "OTHER00001" not in body
    # Nothing new: no second email.
    assert subscriptions.digests_send(actor=Actor.system("tests"), force=True) == 0
    # A withdrawal is notified too.
    finance_services.record_withdraw(
        kind="donations", ec_ref="SUB00001", reason="Duplicate", actor=Actor.system("tests")
    )
    notify.outbox.clear()
    assert subscriptions.digests_send(actor=Actor.system("tests"), force=True) == 1
    body = notify.outbox[0].personalisation["body"]
    assert "withdrawn" in body
    unsubscribe = _link(body, "one click")
    assert client.post(unsubscribe).status_code == 200
    _publish(entity, ["SUB99999"])
    assert subscriptions.digests_send(actor=Actor.system("tests"), force=True) == 0


def test_an_unconfirmed_subscription_gets_nothing() -> None:
    entity: Any = EntityFactory()
    subscriptions.subscription_start(
        email="x@example.org",
        target="entity",
        value=str(entity.pk),
        label="x",
        language="cy",
        frequency="weekly",
    )
    assert "Cadarnhewch" in notify.outbox[-1].personalisation["subject"]
    _publish(entity, ["NOPE00001"])
    notify.outbox.clear()
    assert subscriptions.digests_send(actor=Actor.system("tests"), force=True) == 0


def test_search_feed_is_valid_atom() -> None:
    entity: Any = EntityFactory()
    _publish(entity, ["FEED00001", "FEED00002"])
    for url in (
        "/search/feed/?q=follow",
        f"/search/entities/{entity.pk}/feed/",
        "/cy/search/loans/feed/",
    ):
        response = Client().get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
    feed = feedparser.parse(Client().get("/search/feed/?q=follow").content)
    assert {entry.id for entry in feed.entries} == {"record:FEED00001", "record:FEED00002"}


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []
    status = 500

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return


def test_webhook_signed_retried_with_backoff_and_logged() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        api_key, _key = api_key_issue(
            name="Newsroom", email="news@example.org", actor=Actor.system("tests")
        )
        entity: Any = EntityFactory()
        hook = webhooks.webhook_register(
            api_key=api_key, url=f"http://127.0.0.1:{server.server_port}/hook"
        )
        _Receiver.received.clear()
        _Receiver.status = 500
        _publish(entity, ["HOOK00001"])
        delivery = WebhookDelivery.objects.get(webhook=hook)
        first = webhooks.webhook_delivery_attempt(delivery_id=delivery.pk)
        assert first is not None
        assert first.status == "pending"
        assert first.attempts == 1
        assert first.next_attempt_at is not None
        _Receiver.status = 204
        second = webhooks.webhook_delivery_attempt(delivery_id=delivery.pk)
        assert second is not None
        assert second.status == "delivered"
        headers, body = _Receiver.received[-1]
        assert webhooks.signature_valid(hook.secret, headers["Regulator-Signature"], body)
        assert not webhooks.signature_valid("wrong", headers["Regulator-Signature"], body)
        payload = json.loads(body)
        assert payload["type"] == "donations.published"
        assert payload["records"] == [{"ec_ref": "HOOK00001"}]
        assert webhooks.backoff(1) < webhooks.backoff(2) < webhooks.backoff(3)
    finally:
        server.shutdown()


def test_webhook_addresses_must_be_public_in_production(settings: Any) -> None:
    settings.DISCLOSURE_WEBHOOK_ALLOW_LOCAL = False
    api_key, _key = api_key_issue(name="N", email="n@example.org", actor=Actor.system("tests"))
    for url in (
        "http://example.org/x",
        "https://127.0.0.1/x",
        "https://localhost/x",
        "ftp://example.org",
    ):
        with pytest.raises(webhooks.WebhookError):
            webhooks.webhook_register(api_key=api_key, url=url)
