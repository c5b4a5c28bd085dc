"""Abuse limits, the same in every web process.

- ``client_ip(request)``: who a request came from, by the one trusted-proxy rule
  (``TRUSTED_PROXIES``): sign-in limits, API throttles, page limits, audit events and log
  lines all use it, so a forged ``X-Forwarded-For`` moves none of them and a proxy's own
  address never stands for all its clients.
- ``rate_hit(scope, ident, rate)``: one request against a rate ("600/minute", "5/5m"),
  counted in the shared cache (Redis or the database cache, ``CACHES``) under a lock, so two
  workers count together; a sliding window (the current and the previous fixed window,
  the previous weighted by how much of it still falls within the last period).
- ``slot_take`` / ``slot_give_back``: at most N of something at once (exports), across
  processes; a slot a crashed process never gave back frees itself after its timeout.
- ``rate_limited(scope, setting)``: a view decorator answering 429 with ``Retry-After``
  (an HTML page in the visitor's language) once a client is over the rate.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# --- Who a request came from -----------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _parse_trusted(text: str) -> int | tuple[Network, ...]:
    text = text.strip()
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False)
            for part in text.split(",")
            if part.strip()
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must be a count of proxies or a list of networks: {exc}"
        ) from exc


def trusted_proxies() -> int | tuple[Network, ...]:
    """A count of proxies in front of the service, the networks they are in, or 0."""
    return _parse_trusted(str(getattr(settings, "TRUSTED_PROXIES", "") or ""))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(request: Any) -> str:
    """The client's address: the connection's, unless the connection is one of our
    proxies (``TRUSTED_PROXIES``); then the address they saw, read from the right of
    ``X-Forwarded-For`` (each proxy appends the address it was reached from), never from
    the left, which the client writes."""
    meta = request.META
    remote = str(meta.get("REMOTE_ADDR", "") or "")
    trusted = trusted_proxies()
    if not trusted:
        return remote
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    chain = [part.strip() for part in forwarded if part.strip()] + [remote]
    if isinstance(trusted, int):
        # The last ``trusted`` addresses of the chain are our proxies; before them, the client.
        chosen = chain[max(len(chain) - 1 - trusted, 0)]
        address = _address(chosen)
        return str(address) if address is not None else remote
    for text in reversed(chain):
        address = _address(text)
        if address is None:
            # An entry that is no address: nothing to its left can be trusted.
            return text[:64] or remote
        if not any(address in network for network in trusted):
            return str(address)
    return chain[0]


def client_bucket(request: Any) -> str:
    """The address a per-client limit counts against: the client's IPv4 address, or the
    /64 network of an IPv6 one (a single customer line usually holds a whole /64)."""
    text = client_ip(request)
    address = _address(text)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else text)


def client_ident(request: Any) -> str:
    """A signed-in user by their id, anyone else by their address (``client_bucket``)."""
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{client_bucket(request)}"


# --- Rates ------------------------------------------------------------------------------

_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.amount}/{self.seconds}s"


@functools.lru_cache(maxsize=64)
def rate_parse(text: str) -> Rate:
    """'600/minute', '600/min', '5/5m', '20/m', '10/hour' (REST framework's and allauth's
    ways of writing a rate)."""
    amount, _sep, period = text.strip().partition("/")
    digits = "".join(ch for ch in period if ch.isdigit())
    unit = period[len(digits) :].strip().lower()
    if unit not in _UNITS and unit.endswith("s"):
        unit = unit[:-1]  # "minutes", "hours"
    if not amount.strip().isdigit() or unit not in _UNITS:
        raise ImproperlyConfigured(f"{text!r} is not a rate such as '600/minute' or '5/5m'.")
    return Rate(int(amount), int(digits or 1) * _UNITS[unit])


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds, when refused


LOCK_SECONDS = 5
# A waiter gives up only once the holder's lock would have expired: the holder does three
# quick cache operations, but on the database cache behind SQLite each waits for the
# write lock (an import's transaction, other writers) and a busy machine can stretch them
# past a second or two; refusing then would answer an ordinary client 429 for contention,
# not for its rate (tests/reliability/test_concurrency.py searches during an import).
LOCK_WAIT_SECONDS = float(LOCK_SECONDS)


@contextmanager
def cache_lock(key: str) -> Iterator[bool]:
    """Hold ``key``'s lock in the shared cache (an atomic add); False if another process
    held it for the whole wait (the caller then refuses, never counts twice)."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    pause = 0.005
    while not cache.add(lock, 1, timeout=LOCK_SECONDS):
        if time.monotonic() > deadline:
            yield False
            return
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    try:
        yield True
    finally:
        cache.delete(lock)


def _key(scope: str, ident: str) -> str:
    # Hashed: an identifier is an address, a user id or an email, and keys have a length limit.
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32]
    return f"limit:{scope}:{digest}"


def rate_hit(scope: str, ident: str, rate: Rate, *, now: float | None = None) -> Decision:
    """Count one request of ``ident`` against ``rate`` in ``scope``; refused requests are
    not counted. Every process shares the count (the shared cache, under a lock)."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    elapsed = (now - window * rate.seconds) / rate.seconds
    base = _key(scope, ident)
    current_key, previous_key = f"{base}:{window}", f"{base}:{window - 1}"
    with cache_lock(base) as locked:
        if not locked:
            return Decision(False, 1)
        counts = cache.get_many([current_key, previous_key])
        current = int(counts.get(current_key, 0))
        previous = int(counts.get(previous_key, 0))
        if previous * (1 - elapsed) + current + 1 > rate.amount:
            return Decision(False, _retry_after(rate, elapsed, previous, current))
        cache.set(current_key, current + 1, timeout=2 * rate.seconds + 1)
    return Decision(True)


def _retry_after(rate: Rate, elapsed: float, previous: int, current: int) -> int:
    """Seconds until a request would be allowed if nothing else arrived."""
    if current + 1 > rate.amount or previous == 0:
        wait = (1 - elapsed) * rate.seconds  # to the next window
    else:
        # previous * (1 - e) + current + 1 <= amount  ⇔  e >= 1 - (amount - current - 1) / previous
        needed = 1 - (rate.amount - current - 1) / previous
        wait = max(needed - elapsed, 0) * rate.seconds
    return max(1, math.ceil(wait))


def rate_reset(scope: str, ident: str, rate: Rate) -> None:
    """Forget ``ident``'s count in ``scope`` (tests; an operator lifting a limit)."""
    window = int(time.time() // rate.seconds)
    base = _key(scope, ident)
    cache.delete_many([f"{base}:{window}", f"{base}:{window - 1}"])


# --- Slots: at most N at once ----------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    key: str
    token: str


def slot_take(scope: str, capacity: int, *, timeout: int) -> Slot | None:
    """One of ``capacity`` slots of ``scope`` (held until ``slot_give_back`` or, should
    the holder die, ``timeout`` seconds), or None when all are taken."""
    token = secrets.token_hex(8)
    for number in range(max(capacity, 0)):
        key = f"slot:{scope}:{number}"
        if cache.add(key, token, timeout=timeout):
            return Slot(key, token)
    return None


def slot_give_back(slot: Slot) -> None:
    with cache_lock(slot.key) as locked:
        if locked and cache.get(slot.key) == slot.token:
            cache.delete(slot.key)


# --- Pages -----------------------------------------------------------------------------


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 in the visitor's language, with ``Retry-After``."""
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(
        request,
        "core/too_many_requests.html",
        {"page_title": _("Too many requests"), "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(
    scope: str, setting: str, default: str
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit a view to the rate in ``settings.<setting>`` (``default`` when unset) per
    client (a signed-in user by id, anyone else by address)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            rate = rate_parse(str(getattr(settings, setting, default)))
            decision = rate_hit(scope, client_ident(request), rate)
            if not decision.allowed:
                return too_many_requests(request, decision.retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# Every public page (published data, donors, guidance) shares one rate per client: a
# crawler cannot take twice the budget by spreading over two areas' pages.
public_page = rate_limited("public-page", "PUBLIC_PAGE_RATE", "120/minute")
