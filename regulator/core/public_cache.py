"""The public response cache: HTTP caching and shared whole responses for anonymous GETs.

For the views named in ``PUBLIC_CACHE_VIEWS`` (the published-data search and entity
pages, the donor pages, the transactions and donors API; each area's settings add its
own), an anonymous GET or HEAD is keyed by

    scheme, host, path (the /cy/ prefix included), query parameters in a normal order
    (sorted by name; the values of one name keep their order), the active language, and
    the published-data generation (``PUBLIC_CACHE_GENERATION``: every kind's counter,
    raised in the same transaction as every import, publication, withdrawal and
    correction, ``finance.selectors.published_generations``).

- The response gets a strong ``ETag`` (a digest of the key and the response's content
  type), ``Cache-Control: public, max-age=PUBLIC_CACHE_SECONDS`` and
  ``Vary: Accept-Language, Cookie``.
- A request whose ``If-None-Match`` holds the current ETag is answered ``304 Not
  Modified`` without running the view.
- A 200 answer is kept whole (status, headers, body) in ``CACHES["responses"]`` (Redis
  with ``REDIS_URL``, else the database table ``core_response_cache``) for up to
  ``PUBLIC_CACHE_KEEP_SECONDS``; the next identical request is served from it without
  running the view. A streamed answer (an export) is streamed to its first asker as it
  is made and kept only once it has ended, whole, within
  ``PUBLIC_CACHE_STREAM_KEEP_BYTES`` (a party's year, not the whole register: a
  journalist's common download is then a read of the cache, while a big export keeps
  only its ETag); a stream cut short or failing is never kept. A repeat with
  ``If-None-Match`` gets a 304 either way.

Never stale: a change to the published records changes the generation, so the key and
the ETag change with it; the old entry can no longer be asked for and expires. With read
replicas, an answer is kept only if every replica had reached the primary's generation
before the view read (replicas only move forward), so a lagging copy is never kept under
a new key. Data that has no generation (the register's list, a donor's grouping) shows
on kept pages within ``PUBLIC_CACHE_KEEP_SECONDS`` and the time one request takes to make
the page again (at most another ``PUBLIC_CACHE_KEEP_SECONDS``): once a kept answer falls
due, the first request to notice makes it again while the others are still answered
from it, and each process remakes at most ``PUBLIC_CACHE_REMAKES_AT_ONCE`` answers at a
time, so answers falling due together never send every visitor to the views at once.

Never shared: a request carrying the session, messages or primary-pin cookie, an
``Authorization`` header (API keys) or a signed-in user is neither served from nor
stored in the cache, and so is any answer that is not a 200, sets a cookie, changes the
session, is marked private or ``no-store``, or carries an ETag of its own.

Rate limits: a hit or a 304 is not counted against ``PUBLIC_PAGE_RATE`` or the API's
throttles (it costs one read of the generation and one of the cache); every request
that runs a view still is (docs/security.md, "Abuse limits").

A kept answer keeps its headers, the Content-Security-Policy's nonce with the body it
belongs to: the same bytes are replayed, so nothing new can be injected under that nonce.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import DatabaseError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from regulator.core import replicas

CACHE_ALIAS = "responses"
SAFE_METHODS = frozenset({"GET", "HEAD"})
VARY = ("Accept-Language", "Cookie")
# Says how a response was answered (tests, the load bench, an operator with curl).
STATUS_HEADER = "X-Public-Cache"


@functools.lru_cache(maxsize=4)
def _reader(path: str) -> Callable[..., str]:
    reader: Callable[..., str] = import_string(path)
    return reader


def generation(using: str = "default") -> str:
    """The published-data generation the keys carry ("" when no reader is configured)."""
    path = str(getattr(settings, "PUBLIC_CACHE_GENERATION", "") or "")
    return str(_reader(path)(using=using)) if path else ""


def _views() -> frozenset[str]:
    return _view_set(tuple(getattr(settings, "PUBLIC_CACHE_VIEWS", ())))


@functools.lru_cache(maxsize=4)
def _view_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


def max_age() -> int:
    return max(int(getattr(settings, "PUBLIC_CACHE_SECONDS", 60)), 0)


def keep_seconds() -> int:
    return max(int(getattr(settings, "PUBLIC_CACHE_KEEP_SECONDS", 300)), 0)


def _keep_for() -> int:
    """A kept answer's fresh life: between three quarters of ``PUBLIC_CACHE_KEEP_SECONDS``
    and all of it, so answers kept together (after a change of generation, or a warm-up)
    do not all fall due in the same second."""
    seconds = keep_seconds()
    return max(1, round(seconds * random.uniform(0.75, 1.0)))  # noqa: S311 - spreading, not secrecy


# Once an answer falls due, one request makes it again while the others are still
# answered from it (its generation is the current one, so its published records are
# exact; only data without a generation can be older, by at most another
# ``PUBLIC_CACHE_KEEP_SECONDS``). The one remaking it holds a claim for at most
# ``CLAIM_SECONDS`` (if it fails, another request takes the claim after it). A process
# remakes at most ``PUBLIC_CACHE_REMAKES_AT_ONCE`` answers at a time: answers kept
# together (a warm-up, a change of generation) fall due together, and remaking them
# all at once took every thread from the visitors (a minute of 16-second answers at
# 250 requests/s on two cores); the others wait their turn, answered from what is kept.
CLAIM_SECONDS = 60
_remaking = threading.local()


@functools.lru_cache(maxsize=1)
def _remake_slots(count: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(count)


def _slots() -> threading.BoundedSemaphore:
    return _remake_slots(max(1, int(getattr(settings, "PUBLIC_CACHE_REMAKES_AT_ONCE", 1))))


def _store(key: Key, entry: dict[str, Any]) -> None:
    """Keep ``entry`` (and give up the claim to make it again), or, for a stream's ETag
    alone, keep it only where nothing is kept yet (an answer already kept, due or not,
    still serves the others while the stream is being made)."""
    fresh = _keep_for()
    entry["fresh_until"] = time.time() + fresh
    cache = caches[CACHE_ALIAS]
    timeout = fresh + keep_seconds()
    if entry.get("body") is None:
        cache.add(key.cache_key, entry, timeout=timeout)
        return
    cache.set(key.cache_key, entry, timeout=timeout)
    cache.delete(f"{key.cache_key}:refresh")


def _due_and_claimed(key: Key, stored: dict[str, Any]) -> bool:
    """The kept answer has fallen due, this process has a free slot to remake one, and
    this request has the claim to remake it (the slot is then held until ``_remade``)."""
    if time.time() < float(stored.get("fresh_until", 0)):
        return False
    slots = _slots()
    if not slots.acquire(blocking=False):
        return False
    if caches[CACHE_ALIAS].add(f"{key.cache_key}:refresh", 1, timeout=CLAIM_SECONDS):
        _remaking.slot = slots
        return True
    slots.release()
    return False


def _remade() -> None:
    """Give back the slot this thread took to remake an answer, if it took one."""
    slots = getattr(_remaking, "slot", None)
    if slots is not None:
        _remaking.slot = None
        slots.release()


def stream_keep_bytes() -> int:
    return max(int(getattr(settings, "PUBLIC_CACHE_STREAM_KEEP_BYTES", 2 * 1024 * 1024)), 0)


def cache_control() -> str:
    seconds = max_age()
    return f"public, max-age={seconds}" if seconds else "public, no-cache"


@dataclass(frozen=True)
class Key:
    """One request's place in the cache."""

    text: str  # the normalised parts, as JSON

    @property
    def cache_key(self) -> str:
        return "page:" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def etag(self, content_type: str) -> str:
        digest = hashlib.sha256(f"{self.text}\n{content_type}".encode()).hexdigest()
        return f'"{digest[:40]}"'


def request_key(request: HttpRequest, current_generation: str) -> Key:
    """The key of a request: parameters sorted by name (a stable sort, so the order of one
    name's values, which may matter, is kept), the language and the generation."""
    pairs = [(name, value) for name, values in request.GET.lists() for value in values]
    pairs.sort(key=lambda pair: pair[0])
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        pairs,
        get_language() or "",
        current_generation,
    ]
    return Key(json.dumps(parts, separators=(",", ":"), ensure_ascii=False))


@functools.lru_cache(maxsize=8192)
def _view_name(urlconf: str, language: str, path: str) -> str | None:
    """The URL name a path resolves to in a language (the /cy/ prefix is the language's),
    remembered per process: the handler resolves it again only when the view runs."""
    try:
        return resolve(path, urlconf=urlconf).view_name
    except Resolver404:
        return None


def shareable_request(request: HttpRequest) -> bool:
    """An anonymous GET or HEAD of a kept view, carrying nothing of a person's own. Asked
    before the authentication middleware runs: without the session cookie or an
    ``Authorization`` header nobody can be signed in (the only ways to sign in)."""
    if not getattr(settings, "PUBLIC_CACHE_ENABLED", False):
        return False
    if request.method not in SAFE_METHODS:
        return False
    cookies = request.COOKIES
    if (
        settings.SESSION_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
        or replicas.PIN_COOKIE in cookies
    ):
        return False
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    name = _view_name(urlconf, get_language() or "", request.path_info)
    return name is not None and name in _views()


def etag_matches(request: HttpRequest, etag: str) -> bool:
    """If-None-Match holds ``etag`` (weak comparison, as RFC 9110 asks for it) or "*"."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    return any(tag == "*" or tag.removeprefix("W/") == wanted for tag in parse_etags(header))


def not_modified(etag: str) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = cache_control()
    patch_vary_headers(response, VARY)
    response[STATUS_HEADER] = "not-modified"
    return response


def replicas_caught_up(current_generation: str) -> bool:
    """Every healthy replica a read may go to holds the primary's generation (so whatever
    the view reads is at least that new); True without replicas."""
    for alias in replicas.replica_aliases():
        if not replicas.replica_is_healthy(alias):
            continue  # the router sends no reads to it
        try:
            if generation(using=alias) != current_generation:
                return False
        except DatabaseError:
            return False
    return True


def _replay(stored: dict[str, Any], method: str) -> HttpResponse:
    body: bytes = stored["body"]
    response = HttpResponse(body if method == "GET" else b"", status=int(stored["status"]))
    for name, value in stored["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(body))
    response[STATUS_HEADER] = "hit"
    return response


def _kept_when_ended(chunks: Iterator[bytes], key: Key, entry: dict[str, Any]) -> Iterator[bytes]:
    """The stream as it is made, each chunk passed on at once; once it has ended within
    ``stream_keep_bytes()``, the whole body is kept under ``key``. A stream that fails
    or whose reader goes away stops here (the exception or ``GeneratorExit`` leaves
    before the end), so a partial body is never kept."""
    limit = stream_keep_bytes()
    kept: list[bytes] | None = [] if limit else None
    size = 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size > limit:
                kept = None  # too big to keep: only the ETag stays
            else:
                kept.append(bytes(chunk))
        yield chunk
    if kept is not None:
        _store(key, {**entry, "body": b"".join(kept)})


@dataclass
class _Pending:
    key: Key
    keep: bool  # False when a replica lags: answer, but keep nothing


class PublicCacheMiddleware:
    """See the module's docstring. Sits after the locale middleware (the language is
    known and active, so a /cy/ path resolves) and before authentication, CSRF, messages,
    frame options and CSP: a hit is answered without them (the kept answer has their
    headers), a miss goes through them and is kept with what they added."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if shareable_request(request):
            current = generation()
            key = request_key(request, current)
            stored = caches[CACHE_ALIAS].get(key.cache_key)
            if stored is not None:
                # Answered here, before authentication, CSRF, messages and CSP run: the
                # kept answer carries the headers they gave it.
                if etag_matches(request, stored["etag"]):
                    return not_modified(stored["etag"])
                if stored.get("body") is not None and not _due_and_claimed(key, stored):
                    return _replay(stored, request.method or "GET")
            try:
                pending = _Pending(key, keep=replicas_caught_up(current))
                return self._finish(request, self.get_response(request), pending)
            finally:
                _remade()
        return self.get_response(request)

    def _finish(
        self, request: HttpRequest, response: HttpResponseBase, pending: _Pending
    ) -> HttpResponseBase:
        if not self._shareable_response(request, response):
            return response
        etag = pending.key.etag(response.get("Content-Type", ""))
        response["ETag"] = etag
        response["Cache-Control"] = cache_control()
        response.headers.pop("Expires", None)
        patch_vary_headers(response, VARY)
        if pending.keep and request.method == "GET" and keep_seconds():
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in {"content-length", STATUS_HEADER.lower()}
            ]
            entry: dict[str, Any] = {"etag": etag, "status": response.status_code}
            if response.streaming:
                _store(pending.key, {**entry, "body": None})
                # Under WSGI the stream is a plain iterator; an asynchronous one (not
                # served here) keeps only its ETag.
                if isinstance(response, StreamingHttpResponse) and not response.is_async:
                    response.streaming_content = _kept_when_ended(
                        cast("Iterator[bytes]", response.streaming_content),
                        pending.key,
                        {**entry, "headers": headers},
                    )
            else:
                assert isinstance(response, HttpResponse)
                entry.update(headers=headers, body=response.content)
                _store(pending.key, entry)
            response[STATUS_HEADER] = "stored"
        else:
            response[STATUS_HEADER] = "miss"
        if etag_matches(request, etag):
            return not_modified(etag)
        return response

    @staticmethod
    def _shareable_response(request: HttpRequest, response: HttpResponseBase) -> bool:
        if response.status_code != 200 or response.cookies or response.has_header("ETag"):
            return False
        control = response.get("Cache-Control", "").lower()
        if "private" in control or "no-store" in control:
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)
