"""One trusted-proxy rule for every limit (issue 14, finding 3): sign-in limits count per
client behind the proxy, not per proxy; the API throttle ignores a forged
X-Forwarded-For; audit events record the same address."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from regulator.audit.models import AuditEvent
from regulator.identity import api_auth
from regulator.identity.tests.factories import PASSWORD, FilerFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()


@pytest.mark.urls("regulator.identity.tests.api_urls")
def test_rotating_x_forwarded_for_does_not_escape_the_api_limit(
    monkeypatch: Any, settings: Any
) -> None:
    """Without trusted proxies every request counts against its connection's address,
    whatever X-Forwarded-For says (2,000 rotated headers got through 2,000 times)."""
    settings.TRUSTED_PROXIES = ""
    monkeypatch.setattr(
        api_auth.AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "api_key": "9/minute"}
    )
    client = Client()
    statuses = [
        client.get(
            "/api/echo/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}"
        ).status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.urls("regulator.identity.tests.api_urls")
def test_behind_a_proxy_the_api_counts_each_client(monkeypatch: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = "1"
    monkeypatch.setattr(
        api_auth.AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "api_key": "9/minute"}
    )
    client = Client()

    def get(client_address: str, forged: str = "") -> int:
        chain = f"{forged}, {client_address}" if forged else client_address
        return client.get("/api/echo/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain).status_code

    # A forged left-most entry changes nothing: the proxy's own entry is the client.
    assert [get("203.0.113.5", forged=f"6.6.6.{i}") for i in range(3)] == [200, 200, 429]
    # Another client behind the same proxy has its own allowance.
    assert get("203.0.113.6") == 200


def test_behind_a_proxy_junk_sign_ins_lock_out_only_their_sender(settings: Any) -> None:
    """Sign-in limits per address used the connection's address: behind the production
    proxy every client shared the proxy's, so 40 junk posts locked every filer out."""
    settings.TRUSTED_PROXIES = "1"
    filer = FilerFactory.create()
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for number in range(40):
        attacker.post(
            reverse("account_login"),
            {"login": f"nobody{number}@example.org", "password": "wrong-password"},
        )
    refused = attacker.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "wrong-password"}
    )
    assert refused.status_code == 429 or "Too many failed" in refused.content.decode()
    filer_client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = filer_client.post(
        reverse("account_login"), {"login": filer.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    # The audit log records each failure with the client's address, not the proxy's.
    failed = AuditEvent.objects.filter(action="identity.sign_in_failed").first()
    assert failed is not None
    assert failed.payload["ip"] == "203.0.113.66"
