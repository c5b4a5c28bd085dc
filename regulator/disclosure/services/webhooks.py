"""Webhooks for API-key holders: JSON events on publication, correction and withdrawal,
signed with HMAC-SHA256, retried with backoff, every attempt in a delivery log the key
holder can read, and a test delivery on demand.

Signature: the header ``Regulator-Signature: t=<unix seconds>,v1=<hex>`` where ``v1`` is
HMAC-SHA256 with the webhook's secret over ``"<t>.<body>"`` (the raw request body). A
receiver recomputes it, compares in constant time and refuses a ``t`` older than a few
minutes (replays)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import secrets
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import Actor
from regulator.core import clock
from regulator.core.errors import RegulatorError
from regulator.disclosure.models import PublicationEvent, Webhook, WebhookDelivery
from regulator.disclosure.subscription_match import event_refs_for

SIGNATURE_HEADER = "Regulator-Signature"
MAX_ATTEMPTS = 6
REFS_PER_DELIVERY = 500
TIMEOUT_SECONDS = 10


class WebhookError(RegulatorError):
    code = "webhook_invalid"


def _actor(api_key: Any) -> Actor:
    return Actor.anonymous(f"api key {api_key.prefix}")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def signature_valid(secret: str, header: str, body: bytes) -> bool:
    """What a receiver does (the browser test's receiver uses it too)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if "t" not in parts or "v1" not in parts or not parts["t"].isdigit():
        return False
    expected = signature(secret, int(parts["t"]), body)
    return hmac.compare_digest(expected, header)


def _url_check(url: str) -> str:
    parts = urlsplit(url.strip())
    allow_local = bool(getattr(settings, "DISCLOSURE_WEBHOOK_ALLOW_LOCAL", False))
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise WebhookError(_("Enter the full address of your endpoint, starting https://"))
    if parts.scheme == "http" and not allow_local:
        raise WebhookError(_("The address must start https://"))
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        address = None
    if not allow_local and (
        parts.hostname == "localhost" or (address is not None and not address.is_global)
    ):
        raise WebhookError(_("The address must be on the public internet."))
    return url.strip()


@transaction.atomic
def webhook_register(*, api_key: Any, url: str, entity_id: int | None = None) -> Webhook:
    webhook = Webhook.objects.create(
        api_key=api_key,
        url=_url_check(url),
        secret="whsec_" + secrets.token_urlsafe(32),
        entity_id=entity_id,
        created_at=clock.now(),
    )
    audit_record(
        actor=_actor(api_key),
        action="disclosure.webhook_registered",
        subject=webhook,
        payload={"key": api_key.prefix, "url": webhook.url, "entity_id": entity_id},
    )
    return webhook


@transaction.atomic
def webhook_remove(*, webhook: Webhook) -> None:
    webhook.removed_at = clock.now()
    webhook.save(update_fields=["removed_at"])
    audit_record(
        actor=_actor(webhook.api_key),
        action="disclosure.webhook_removed",
        subject=webhook,
        payload={},
    )


def _queue(delivery: WebhookDelivery, when: dt.datetime | None = None) -> None:
    from regulator.disclosure.tasks import webhook_delivery_task

    task = webhook_delivery_task.using(run_after=when) if when else webhook_delivery_task
    delivery_id = delivery.pk
    transaction.on_commit(lambda: task.enqueue(delivery_id=delivery_id))


def _payload(event: PublicationEvent, refs: list[str], part: int, parts: int) -> dict[str, Any]:
    return {
        "id": f"evt_{event.pk}_{part}",
        "type": f"{event.kind}.{event.action}",
        "created_at": event.created_at.isoformat(),
        "kind": event.kind,
        "action": event.action,
        "reason": event.reason,
        "part": part,
        "parts": parts,
        "records": [{"ec_ref": ref} for ref in refs],
    }


@transaction.atomic
def webhook_events_queue(*, events: list[PublicationEvent]) -> int:
    """A delivery per active webhook and event (in parts of 500 references), queued."""
    now = clock.now()
    count = 0
    for webhook in Webhook.objects.filter(
        removed_at__isnull=True, api_key__revoked_at__isnull=True
    ):
        for event in events:
            refs = list(event.refs)
            if webhook.entity_id is not None:
                refs = event_refs_for(
                    target="entity",
                    value=str(webhook.entity_id),
                    search_kind="",
                    kind=event.kind,
                    refs=refs,
                    extra={},
                )
            if not refs:
                continue
            chunks = [
                refs[i : i + REFS_PER_DELIVERY] for i in range(0, len(refs), REFS_PER_DELIVERY)
            ]
            for part, chunk in enumerate(chunks, start=1):
                delivery = WebhookDelivery.objects.create(
                    webhook=webhook,
                    event=event,
                    event_type=f"{event.kind}.{event.action}",
                    payload=_payload(event, chunk, part, len(chunks)),
                    created_at=now,
                    next_attempt_at=now,
                )
                _queue(delivery)
                count += 1
    return count


@transaction.atomic
def webhook_test_send(*, webhook: Webhook) -> WebhookDelivery:
    """The key holder's "send a test delivery" button."""
    now = clock.now()
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        event_type="test",
        payload={
            "id": f"test_{secrets.token_hex(6)}",
            "type": "test",
            "created_at": now.isoformat(),
            "records": [],
        },
        created_at=now,
        next_attempt_at=now,
    )
    audit_record(
        actor=_actor(webhook.api_key),
        action="disclosure.webhook_test_queued",
        subject=webhook,
        payload={},
    )
    _queue(delivery)
    return delivery


def backoff(attempts: int) -> dt.timedelta:
    """1, 4, 16, 64, 256 minutes after the 1st … 5th failed attempt."""
    return dt.timedelta(minutes=4 ** (attempts - 1))


@transaction.atomic
def webhook_delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """POST the delivery, signed; on failure try again later (backoff) up to six times."""
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .select_related("webhook")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return delivery
    webhook = delivery.webhook
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
    timestamp = int(clock.now().timestamp())
    delivery.attempts += 1
    try:
        response = requests.post(
            webhook.url,
            data=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "regulator-webhooks/1",
                SIGNATURE_HEADER: signature(webhook.secret, timestamp, body),
                "Regulator-Delivery": str(delivery.pk),
            },
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        delivery.last_status_code = response.status_code
        ok = 200 <= response.status_code < 300
        delivery.last_error = "" if ok else f"HTTP {response.status_code}"
    except requests.RequestException as exc:
        ok = False
        delivery.last_status_code = None
        delivery.last_error = type(exc).__name__
    now = clock.now()
    if ok:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        _queue(delivery, delivery.next_attempt_at)
    delivery.save()
    audit_record(
        actor=_actor(webhook.api_key),
        action="disclosure.webhook_delivery_attempted",
        subject=delivery,
        payload={
            "attempt": delivery.attempts,
            "status": delivery.status,
            "code": delivery.last_status_code,
        },
    )
    return delivery
