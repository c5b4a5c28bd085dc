"""GOV.UK Notify: the client for its REST API and the backends that settings choose.

``NOTIFY_BACKEND`` picks where messages go:

- ``"notify"``: the real service, through GOV.UK Notify's own Python client
  (``notifications-python-client``: it signs each request with a bearer JWT made from the
  API key, ``<key name>-<service id (36)>-<secret (36)>``); ``NotifyClient`` adapts it to
  this module's ``SentEmail`` and ``NotifyError``.
- ``"memory"``: messages are kept in ``outbox`` (a list) in this process; for tests.
- ``"development"`` (the default): messages are appended to ``var/notify-outbox.jsonl``
  and printed in the log, so a developer can follow an email verification link.

Django's email goes through the same choice: ``EMAIL_BACKEND =
"regulator.core.notify.NotifyEmailBackend"`` turns each ``EmailMessage`` into a Notify
email with one template whose personalisation carries the subject and body
(``NOTIFY_EMAIL_TEMPLATE_ID``; the template is just ``((subject))`` / ``((body))``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)


class NotifyError(Exception):
    """Notify refused the request (``status`` and Notify's own ``errors`` list)."""

    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        self.status = status
        self.errors = errors
        summary = "; ".join(f"{e.get('error')}: {e.get('message')}" for e in errors) or "no detail"
        super().__init__(f"Notify answered {status}: {summary}")


@dataclass
class SentEmail:
    id: str
    email_address: str
    template_id: str
    personalisation: dict[str, Any]
    reference: str | None = None
    sent_at: float = field(default_factory=time.time)


def split_api_key(api_key: str) -> tuple[str, str]:
    """(service id, secret key) from a Notify API key."""
    if len(api_key) < 74:
        raise ValueError("A Notify API key ends with a 36-character service id and secret.")
    return api_key[-73:-37], api_key[-36:]


class NotifyClient:
    """GOV.UK Notify's own client (email only), answering with ``SentEmail`` and raising
    ``NotifyError`` with Notify's status and errors."""

    def __init__(self, *, api_key: str, base_url: str, timeout: float = 10.0) -> None:
        self.service_id, self.secret = split_api_key(api_key)
        self.client = NotificationsAPIClient(
            api_key, base_url=base_url.rstrip("/"), timeout=timeout
        )

    def send_email(
        self,
        *,
        email_address: str,
        template_id: str,
        personalisation: dict[str, Any] | None = None,
        reference: str | None = None,
    ) -> SentEmail:
        try:
            data = self.client.send_email_notification(
                email_address=email_address,
                template_id=template_id,
                personalisation=personalisation or {},
                reference=reference,
            )
        except HTTPError as error:
            messages = error.message if isinstance(error.message, list) else []
            raise NotifyError(int(error.status_code), messages) from error
        return SentEmail(
            id=str(data["id"]),
            email_address=email_address,
            template_id=template_id,
            personalisation=personalisation or {},
            reference=data.get("reference"),
        )


# Messages recorded by the "memory" backend, newest last.
outbox: list[SentEmail] = []
_outbox_lock = threading.Lock()


def _record(message: SentEmail) -> None:
    with _outbox_lock:
        outbox.append(message)


def send_email(
    *,
    email_address: str,
    template_id: str,
    personalisation: dict[str, Any] | None = None,
    reference: str | None = None,
) -> SentEmail:
    """Send one email through whichever backend ``NOTIFY_BACKEND`` names."""
    backend = getattr(settings, "NOTIFY_BACKEND", "development")
    if backend == "notify":
        client = NotifyClient(
            api_key=str(getattr(settings, "NOTIFY_API_KEY", "")),
            base_url=str(
                getattr(settings, "NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
            ),
        )
        return client.send_email(
            email_address=email_address,
            template_id=template_id,
            personalisation=personalisation,
            reference=reference,
        )
    message = SentEmail(
        id=str(uuid.uuid4()),
        email_address=email_address,
        template_id=template_id,
        personalisation=dict(personalisation or {}),
        reference=reference,
    )
    if backend == "memory":
        _record(message)
    elif backend == "development":
        path = Path(settings.VAR_DIR) / "notify-outbox.jsonl"
        with _outbox_lock, path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(message)) + "\n")
        logger.info("notify.development_email", extra={"to": email_address, "file": str(path)})
    else:
        raise ValueError(f"Unknown NOTIFY_BACKEND {backend!r}")
    return message


def generic_template_id() -> str:
    return str(getattr(settings, "NOTIFY_EMAIL_TEMPLATE_ID", "") or "generic-email")


class NotifyEmailBackend(BaseEmailBackend):
    """Django email backend that sends through Notify (allauth's verification and
    password-reset emails use it)."""

    def send_messages(self, email_messages: Any) -> int:
        sent = 0
        for message in email_messages:
            assert isinstance(message, EmailMessage)
            for recipient in message.recipients():
                try:
                    send_email(
                        email_address=recipient,
                        template_id=generic_template_id(),
                        personalisation={
                            "subject": str(message.subject),
                            "body": str(message.body),
                        },
                    )
                except (NotifyError, requests.RequestException):
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        return sent
