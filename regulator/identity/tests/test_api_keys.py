"""API keys: self-service registration (emailed through Notify), hashed storage, the
authentication class and the rate limits by IP and by key."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.core import notify
from regulator.identity import api_auth, services
from regulator.identity.models import ApiKey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    cache.clear()


def _link(message: Any) -> str:
    found = re.search(r"https?://\S+/api-keys/confirm/\S+/", message.personalisation["body"])
    assert found is not None
    return found[0]


def test_registering_emails_a_link_that_shows_the_key_once_and_stores_only_a_hash() -> None:
    client = Client()
    assert client.get(reverse("identity:api_key_register")).status_code == 200
    response = client.post(
        reverse("identity:api_key_register"), {"name": "Data Desk", "email": "desk@example.org"}
    )
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    [message] = notify.outbox
    assert message.email_address == "desk@example.org"
    link = _link(message)
    pending = ApiKey.objects.get()
    assert not pending.key_hash
    assert pending.confirmed_at is None
    # The link's page has a button (a mail scanner's GET makes no key); its POST shows it.
    assert "Show my API key" in client.get(link).content.decode()
    assert ApiKey.objects.get().confirmed_at is None
    shown = client.post(link)
    assert shown.status_code == 200
    assert shown["Cache-Control"] == "no-store"
    key = shown.context["key"]
    assert key in shown.content.decode()
    api_key = ApiKey.objects.get()
    assert key not in (api_key.key_hash, api_key.prefix)
    assert key.startswith(api_key.prefix + ".")
    assert services.api_key_check(key) == api_key
    assert services.api_key_check(key + "x") is None
    event = AuditEvent.objects.get(action="identity.api_key_issued")
    assert key not in str(event.payload)
    # The link works once.
    again = client.post(link)
    assert "This link is not valid" in again.content.decode()
    assert services.api_key_check(key) == api_key


def test_bad_registration_input_gets_specific_errors_and_creates_nothing() -> None:
    response = Client().post(reverse("identity:api_key_register"), {"name": "", "email": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter your name or the name of your organisation" in body
    assert "Enter an email address in the correct format" in body
    assert not ApiKey.objects.exists()
    assert not notify.outbox


@pytest.mark.urls("regulator.identity.tests.api_urls")
def test_a_key_is_accepted_in_either_header_and_a_bad_or_revoked_key_is_refused() -> None:
    api_key, key = services.api_key_issue(
        name="n", email="e@example.org", actor=Actor.system("test")
    )
    client = Client()
    assert (
        client.get("/api/echo/", HTTP_AUTHORIZATION=f"Api-Key {key}").json()["key"]
        == api_key.prefix
    )
    assert client.get("/api/echo/", HTTP_X_API_KEY=key).json()["key"] == api_key.prefix
    assert client.get("/api/echo/").json()["key"] is None
    wrong = client.get("/api/echo/", HTTP_X_API_KEY=api_key.prefix + ".guessed")
    assert wrong.status_code == 401
    assert wrong.json()["message"] == "The API key is not valid."
    services.api_key_revoke(api_key=api_key, actor=Actor.system("test"))
    revoked = client.get("/api/echo/", HTTP_X_API_KEY=key)
    assert revoked.status_code == 401
    assert revoked.json()["message"] == "The API key has been revoked."


@pytest.mark.urls("regulator.identity.tests.api_urls")
def test_rate_limits_apply_per_ip_without_a_key_and_per_key_with_one(monkeypatch: Any) -> None:
    rates = {"anon": "3/minute", "api_key": "5/minute"}
    monkeypatch.setattr(api_auth.AnonRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(api_auth.ApiKeyRateThrottle, "THROTTLE_RATES", rates)
    _, key = services.api_key_issue(name="n", email="e@example.org", actor=Actor.system("test"))
    client = Client()
    assert [client.get("/api/echo/").status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = client.get("/api/echo/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    body = limited.json()
    assert set(body) >= {"code", "message", "parameter"}
    # Another IP still gets its own allowance; the key its own, whatever the IP.
    assert client.get("/api/echo/", REMOTE_ADDR="10.0.0.2").status_code == 200
    statuses = [
        client.get("/api/echo/", HTTP_X_API_KEY=key, REMOTE_ADDR=f"10.1.0.{i}").status_code
        for i in range(6)
    ]
    assert statuses == [200] * 5 + [429]


def test_the_default_rates_and_their_environment_overrides() -> None:
    rates = getattr(settings, "REST_FRAMEWORK", {})["DEFAULT_THROTTLE_RATES"]
    assert rates == {"anon": "600/minute", "api_key": "6000/minute"}
    env = {**os.environ, "API_RATE_ANON": "60/minute", "API_RATE_KEY": "100/second"}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;django.setup();from django.conf import settings;"
            "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'anon': '60/minute'" in out
    assert "'api_key': '100/second'" in out
