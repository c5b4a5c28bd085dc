"""Key farming (issue 14, finding 5): 25 keys in 1.4 s, each adding 6,000 requests a
minute and each emailing a stranger. Now a key exists only once its emailed link is
followed, registration is limited per client address and per email address, and one
email address holds a bounded number of keys."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from regulator.audit.models import AuditEvent
from regulator.core import notify
from regulator.identity import services
from regulator.identity.models import ApiKey

pytestmark = pytest.mark.django_db

REGISTER = "/api-keys/register/"


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    cache.clear()


def _register(client: Client, email: str, name: str = "Farm") -> Any:
    return client.post(REGISTER, {"name": name, "email": email})


def _confirm(message: Any) -> str:
    link = re.search(r"https?://\S+/api-keys/confirm/\S+/", message.personalisation["body"])
    assert link is not None
    return str(Client().post(link[0]).context["key"])


def test_a_key_asked_for_in_someone_elses_name_never_works() -> None:
    response = _register(Client(), "stranger@example.org")
    body = response.content.decode()
    [message] = notify.outbox
    # Neither the page nor the email carries a key: only the link does, to the address.
    assert "Authorization: Api-Key" not in body
    assert not re.search(r"\b[0-9a-f]{8}\.[\w-]{20,}", body)
    assert not re.search(r"\b[0-9a-f]{8}\.[\w-]{20,}", message.personalisation["body"])
    pending = ApiKey.objects.get()
    assert pending.confirmed_at is None
    assert not pending.is_active
    assert services.api_key_check(f"{pending.prefix}.anything") is None


def test_registration_is_limited_per_client_address(settings: Any) -> None:
    settings.API_KEY_REGISTER_RATE_IP = "3/hour"
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [_register(client, f"farm{n}@example.org").status_code for n in range(3)]
    refused = _register(client, "farm9@example.org")
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert "Too many keys have been asked for" in refused.content.decode()
    assert ApiKey.objects.count() == 3
    assert len(notify.outbox) == 3
    # Another address may still ask.
    assert _register(Client(REMOTE_ADDR="203.0.113.8"), "other@example.org").status_code == 200
    # Refusals are audited, once per client in a minute (a flood adds one event).
    _register(client, "farm10@example.org")
    assert AuditEvent.objects.filter(action="identity.rate_limited").count() == 1


def test_registration_is_limited_per_email_address(settings: Any) -> None:
    settings.API_KEY_REGISTER_RATE_EMAIL = "2/day"
    statuses = [
        _register(Client(REMOTE_ADDR=f"198.51.100.{n}"), "victim@example.org").status_code
        for n in range(1, 4)
    ]
    assert statuses == [200, 200, 429]
    assert len(notify.outbox) == 2
    # Any spelling of the address counts as the same one.
    assert _register(Client(REMOTE_ADDR="198.51.100.9"), "Victim@Example.org").status_code == 429


def test_one_email_address_holds_a_bounded_number_of_keys(settings: Any) -> None:
    settings.API_KEYS_PER_EMAIL = 2
    settings.API_KEY_REGISTER_RATE_EMAIL = "10/day"
    client = Client()
    _register(client, "desk@example.org")
    _register(client, "desk@example.org")
    keys = [_confirm(message) for message in notify.outbox]
    assert all(services.api_key_check(key) for key in keys)
    refused = _register(client, "DESK@example.org")
    assert refused.status_code == 400
    assert "already holds 2 API keys" in refused.content.decode()
    assert ApiKey.objects.count() == 2
    # A revoked key frees its place.
    from regulator.audit.types import Actor

    first = ApiKey.objects.first()
    assert first is not None
    services.api_key_revoke(api_key=first, actor=Actor.system("test"))
    assert _register(client, "desk@example.org").status_code == 200


def test_an_expired_link_makes_no_key(settings: Any) -> None:
    import datetime as dt

    from regulator.core import clock

    _register(Client(), "late@example.org")
    [message] = notify.outbox
    link = re.search(r"https?://\S+/api-keys/confirm/\S+/", message.personalisation["body"])
    assert link is not None
    pending = ApiKey.objects.get()
    assert pending.confirm_expires_at is not None
    clock.freeze(pending.confirm_expires_at + dt.timedelta(seconds=1))
    response = Client().post(link[0])
    assert "This link is not valid" in response.content.decode()
    assert ApiKey.objects.get().confirmed_at is None
    assert reverse("identity:api_key_confirm", kwargs={"token": "x"}).startswith("/api-keys/")
