"""Abuse limits of the platform kit (``regulator.core.limits``): the one trusted-proxy rule,
rates counted in the shared cache, slots, and the settings that make the cache shared."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from regulator.core import limits
from regulator.core.log_masking import mask

ROOT = Path(settings.BASE_DIR)


def _request(remote: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    factory: Any = RequestFactory()
    return factory.get("/", **extra)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ""
    assert limits.client_ip(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_a_proxy_count_reads_the_chain_from_the_right(settings: Any) -> None:
    settings.TRUSTED_PROXIES = "1"
    # The client forged the left-most entry; our one proxy appended the real address.
    request = _request("10.0.0.2", "6.6.6.6, 203.0.113.9")
    assert limits.client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXIES = "2"
    assert limits.client_ip(_request("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1")) == (
        "203.0.113.9"
    )
    # Fewer hops than proxies (a request that reached us directly): the left-most we have.
    assert limits.client_ip(_request("198.51.100.7")) == "198.51.100.7"


def test_proxy_networks_are_skipped_from_the_right(settings: Any) -> None:
    settings.TRUSTED_PROXIES = "10.0.0.0/8, 192.168.1.10"
    request = _request("10.1.2.3", "6.6.6.6, 203.0.113.9, 192.168.1.10")
    assert limits.client_ip(request) == "203.0.113.9"
    # A connection from outside the proxies' networks: its own address, whatever it says.
    assert limits.client_ip(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_ipv6_clients_are_counted_by_their_64_network(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ""
    one = limits.client_bucket(_request("2001:db8:1:2::1"))
    other = limits.client_bucket(_request("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::/64"
    assert limits.client_bucket(_request("192.0.2.1")) == "192.0.2.1"


def test_rates_in_both_notations() -> None:
    assert limits.rate_parse("600/minute") == limits.Rate(600, 60)
    assert limits.rate_parse("5/5m") == limits.Rate(5, 300)
    assert limits.rate_parse("10/hour") == limits.Rate(10, 3600)
    assert limits.rate_parse("3/minutes") == limits.Rate(3, 60)


@pytest.mark.django_db
def test_a_rate_counts_in_the_shared_cache_and_refuses_with_a_wait() -> None:
    rate = limits.Rate(3, 60)
    now = 1_000_000 * 60 + 1.0  # just after a window starts
    decisions = [limits.rate_hit("t", "client", rate, now=now + i) for i in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert 1 <= decisions[-1].retry_after <= 60
    # The count lives in the shared cache (the database's table), not in this process: a
    # cache client of its own (as another worker has) sees it.
    from django.core.cache import caches

    from regulator.core.models import CacheEntry

    assert CacheEntry.objects.filter(cache_key__contains="limit:t:").exists()
    other = caches.create_connection("default")
    key = f"{limits._key('t', 'client')}:{int(now // 60)}"
    assert other.get(key) == 3
    assert not limits.rate_hit("t", "client", rate, now=now + 5).allowed
    # Another client has its own count; the next window weighs the last one down.
    assert limits.rate_hit("t", "someone-else", rate, now=now + 5).allowed
    assert not limits.rate_hit("t", "client", rate, now=now + 60).allowed
    assert limits.rate_hit("t", "client", rate, now=now + 119).allowed


@pytest.mark.django_db
def test_slots_are_limited_and_given_back() -> None:
    first = limits.slot_take("exports", 2, timeout=60)
    second = limits.slot_take("exports", 2, timeout=60)
    assert first
    assert second
    assert limits.slot_take("exports", 2, timeout=60) is None
    limits.slot_give_back(first)
    assert limits.slot_take("exports", 2, timeout=60) is not None


def test_the_default_cache_is_shared_by_every_process() -> None:
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert settings.CACHES["default"]["LOCATION"] == "core_cache"


def _settings_of(module: str, env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "CACHE_BACKEND"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django;django.setup();from django.conf import settings;{code}",
        ],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_redis_is_the_cache_when_redis_url_is_set() -> None:
    out = _settings_of(
        "config.settings.test",
        {"REDIS_URL": "redis://127.0.0.1:6379/0"},
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/0",
    ]


def test_production_refuses_a_cache_of_one_process() -> None:
    production = {
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "regulator.example",
        "METRICS_TOKEN": "t",
    }
    refused = _settings_of(
        "config.settings.production", {**production, "CACHE_BACKEND": "locmem"}, "print(1)"
    )
    assert refused.returncode != 0
    assert "Production needs a cache every web process shares" in refused.stderr
    default = _settings_of(
        "config.settings.production", production, "print(settings.CACHES['default']['BACKEND'])"
    )
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


def test_secret_keys_in_urls_are_masked() -> None:
    assert mask("GET /accounts/password/reset/key/3-abc-def/") == (
        "GET /accounts/password/reset/key/***/"
    )
    assert mask("Not Found: /cy/accounts/confirm-email/MTk:1ab:xyz/") == (
        "Not Found: /cy/accounts/confirm-email/***/"
    )
    assert mask("GET /api-keys/confirm/tok3n/") == "GET /api-keys/confirm/***/"
    assert mask("GET /search/?q=smith") == "GET /search/?q=smith"


@pytest.mark.django_db
def test_log_lines_carry_the_client_by_the_one_rule_and_no_secret_key(
    client: Any, settings: Any
) -> None:
    """The request log's ``ip`` follows TRUSTED_PROXIES (django-structlog alone took the
    left-most X-Forwarded-For entry, which the client writes), and a password-reset key in
    the path is masked in every line."""
    settings.TRUSTED_PROXIES = "1"
    root = logging.getLogger()
    [formatter] = [h.formatter for h in root.handlers if getattr(h, "name", "") == "stderr"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        client.get(
            "/accounts/password/reset/key/zz-secretkey123/",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
            REMOTE_ADDR="10.0.0.2",
        )
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    started = [line for line in lines if line.get("event") == "request_started"]
    assert started, lines
    assert started[0]["ip"] == "203.0.113.9"
    assert all("secretkey123" not in json.dumps(line) for line in lines)
    assert "/accounts/password/reset/key/***/" in started[0]["request"]
    cache.clear()
