"""The public response cache (regulator/core/public_cache.py): anonymous GETs of the
published data are answered with a strong ETag, 304 on If-None-Match and whole responses
kept in the shared cache, never stale after a withdrawal or correction, never shared
with or taken from a signed-in person, never across languages.

The suite runs with the cache off (config/settings/test.py); these tests turn it on."""

from __future__ import annotations

import contextlib
import socket
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.utils import translation

from regulator.core import public_cache, replicas
from regulator.disclosure import services as disclosure_services
from regulator.finance import selectors as finance_selectors
from regulator.finance.models import Donation
from regulator.identity.types import StaffRole

pytestmark = pytest.mark.django_db

HEADER = "X-Public-Cache"
API = "/api/v1/donations/"


@pytest.fixture(autouse=True)
def cache_on(settings: Any) -> None:
    # The database cache's entries go with each test's transaction.
    settings.PUBLIC_CACHE_ENABLED = True
    settings.PUBLIC_CACHE_SECONDS = 60


@pytest.fixture
def approver(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(
        username="approver", email="approver@example.org", kind="staff"
    )
    user.groups.add(Group.objects.get_or_create(name=StaffRole.PUBLICATION_APPROVER)[0])
    return user


def _streamed(response: object) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    content = response.streaming_content
    assert isinstance(content, Iterator)  # the test client is synchronous
    return b"".join(content)


def _record() -> Donation:
    record = Donation.objects.filter(entity_id=52).order_by("pk").first()
    assert record is not None
    return record


def test_a_repeat_is_served_whole_from_the_cache_without_running_the_view(
    client: Client, imported_samples: Any, django_assert_num_queries: Any
) -> None:
    first = client.get("/search/", {"regulated_entity": "52"})
    assert first.status_code == 200
    assert first[HEADER] == "stored"
    assert first["Cache-Control"] == "public, max-age=60"
    assert {"accept-language", "cookie"} <= {
        part.strip().lower() for part in first["Vary"].split(",")
    }
    etag = first["ETag"]
    assert etag.startswith('"')  # strong: no W/
    # The published-data generation and the kept answer: two reads, no view, no template.
    with django_assert_num_queries(2):
        again = client.get("/search/", {"regulated_entity": "52"})
    assert again[HEADER] == "hit"
    assert not again.templates
    assert again.content == first.content
    assert again["ETag"] == etag
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_query_parameters_in_another_order_are_the_same_entry(
    client: Client, imported_samples: Any
) -> None:
    first = client.get(f"{API}?donor_status=individual&regulated_entity=52")
    assert first[HEADER] == "stored"
    again = client.get(f"{API}?regulated_entity=52&donor_status=individual")
    assert again[HEADER] == "hit"
    assert again.json() == first.json()
    # A parameter's values keep their order: the facets come back in the order asked.
    one = client.get(f"{API}facets/?facet=year&facet=donor_status")
    other = client.get(f"{API}facets/?facet=donor_status&facet=year")
    assert one[HEADER] == other[HEADER] == "stored"


def test_an_unchanged_generation_gets_304_without_running_the_view(
    client: Client, imported_samples: Any
) -> None:
    first = client.get(API, {"regulated_entity": "52"})
    etag = first["ETag"]
    not_modified = client.get(API, {"regulated_entity": "52"}, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert not_modified["Cache-Control"] == "public, max-age=60"
    # A list of tags, and a weak form of ours, match too (If-None-Match compares weakly).
    listed = client.get(
        API, {"regulated_entity": "52"}, headers={"if-none-match": f'"other", W/{etag}'}
    )
    assert listed.status_code == 304
    # Another tag gets the whole answer.
    other = client.get(API, {"regulated_entity": "52"}, headers={"if-none-match": '"other"'})
    assert other.status_code == 200
    assert other.json() == first.json()


def test_a_withdrawal_changes_the_etag_and_the_old_answer_is_never_served(
    client: Client, imported_samples: Any, approver: Any
) -> None:
    record = _record()
    api_url = f"{API}?regulated_entity=52&page_size=100"
    page_url = "/search/?regulated_entity=52"
    api_before = client.get(api_url)
    page_before = client.get(page_url)
    count = api_before.json()["count"]
    assert record.ec_ref in {item["ec_ref"] for item in api_before.json()["results"]}
    assert f"{count} results" in page_before.content.decode()
    assert client.get(api_url)[HEADER] == client.get(page_url)[HEADER] == "hit"
    generation_before = finance_selectors.published_generations()

    disclosure_services.record_withdraw(
        user=approver, kind="donations", ec_ref=record.ec_ref, reason="Reported twice in error"
    )

    assert finance_selectors.published_generations() != generation_before
    api_after = client.get(api_url, headers={"if-none-match": api_before["ETag"]})
    page_after = client.get(page_url, headers={"if-none-match": page_before["ETag"]})
    # The old ETag no longer matches: the whole new answer, rendered afresh.
    assert api_after.status_code == page_after.status_code == 200
    assert api_after[HEADER] == page_after[HEADER] == "stored"
    assert api_after["ETag"] != api_before["ETag"]
    assert page_after["ETag"] != page_before["ETag"]
    assert record.ec_ref not in {item["ec_ref"] for item in api_after.json()["results"]}
    assert api_after.json()["count"] == count - 1
    assert f"{count - 1} results" in page_after.content.decode()
    assert f"{count} results" not in page_after.content.decode()
    # And the new answer is what is kept now.
    assert client.get(api_url)[HEADER] == "hit"
    assert client.get(api_url).json() == api_after.json()


def test_a_correction_changes_the_etag_and_the_new_value_is_served(
    client: Client, imported_samples: Any, approver: Any
) -> None:
    record = _record()
    url = f"{API}?regulated_entity=52&page_size=100"
    before = client.get(url)
    disclosure_services.record_correct(
        user=approver,
        kind="donations",
        ec_ref=record.ec_ref,
        changes={"value": record.value + 1},
        note="The amount was mistyped",
    )
    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    values = {item["ec_ref"]: item["value"] for item in after.json()["results"]}
    assert values[record.ec_ref] == f"{record.value + 1:.2f}"


def test_signed_in_people_never_get_a_kept_answer_and_theirs_is_never_kept(
    client: Client, imported_samples: Any, approver: Any
) -> None:
    assert client.get("/search/?regulated_entity=52")[HEADER] == "stored"
    signed_in = Client()
    signed_in.force_login(approver)
    theirs = signed_in.get("/search/?regulated_entity=52")
    assert theirs.status_code == 200
    assert HEADER not in theirs
    assert "ETag" not in theirs
    assert theirs["Cache-Control"] == "private, no-store"
    assert theirs.templates  # rendered for them
    # A page first asked by a signed-in person is not kept for the next anonymous one.
    signed_in.get("/search/loans/")
    anonymous = client.get("/search/loans/")
    assert anonymous[HEADER] == "stored"
    assert anonymous.templates
    # Nor is an If-None-Match of an anonymous answer honoured for them.
    etag = anonymous["ETag"]
    assert signed_in.get("/search/loans/", headers={"if-none-match": etag}).status_code == 200


def test_requests_carrying_a_session_or_a_key_bypass_the_cache(
    client: Client, imported_samples: Any, settings: Any
) -> None:
    assert client.get("/search/spending/")[HEADER] == "stored"
    with_session = Client()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    assert HEADER not in with_session.get("/search/spending/")
    keyed = client.get("/api/v1/loans/", headers={"authorization": "Bearer nothing"})
    assert HEADER not in keyed


def test_welsh_and_english_never_share_an_entry(client: Client, imported_samples: Any) -> None:
    english = client.get("/search/")
    welsh = client.get("/cy/search/")
    assert english[HEADER] == welsh[HEADER] == "stored"
    assert english["ETag"] != welsh["ETag"]
    assert 'lang="en"' in english.content.decode()
    assert 'lang="cy"' in welsh.content.decode()
    assert 'lang="cy"' in client.get("/cy/search/").content.decode()
    assert 'lang="en"' in client.get("/search/").content.decode()
    # The English tag is no match for the Welsh page.
    assert client.get("/cy/search/", headers={"if-none-match": english["ETag"]}).status_code == 200


def test_a_small_export_is_streamed_then_kept_whole_and_replayed_byte_for_byte(
    client: Client, imported_samples: Any, django_assert_num_queries: Any
) -> None:
    url = f"{API}?regulated_entity=52&format=csv"
    first = client.get(url)
    assert first.status_code == 200
    assert isinstance(first, StreamingHttpResponse)  # the first asker gets it as it is made
    assert first[HEADER] == "stored"
    body = _streamed(first)
    assert body.count(b"\n") > 2
    with django_assert_num_queries(2):  # the generation and the kept answer: no export made
        again = client.get(url)
    assert again[HEADER] == "hit"
    assert not again.streaming
    assert again.content == body
    for header in ("Content-Type", "Content-Disposition", "ETag"):
        assert again[header] == first[header]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_an_export_over_the_limit_keeps_only_its_etag(
    client: Client, imported_samples: Any, settings: Any
) -> None:
    settings.PUBLIC_CACHE_STREAM_KEEP_BYTES = 200
    url = f"{API}?regulated_entity=52&format=csv"
    first = client.get(url)
    body = _streamed(first)
    assert len(body) > 200
    again = client.get(url)
    assert isinstance(again, StreamingHttpResponse)  # made afresh: too big to keep
    assert again[HEADER] == "stored"
    assert _streamed(again) == body
    assert again["ETag"] == first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_an_export_cut_short_is_never_kept_and_one_read_to_the_end_is(
    imported_samples: Any,
) -> None:
    # The middleware alone around a stream of its own (a test client's response closes
    # through the client's own wrapper, which puts the database clean-up back first).
    url = f"{API}?regulated_entity=52&format=csv"

    def export(request: Any) -> StreamingHttpResponse:
        return StreamingHttpResponse(iter([b"a,b\r\n", b"1,2\r\n"]), content_type="text/csv")

    middleware = public_cache.PublicCacheMiddleware(export)
    with translation.override("en"):
        cut = middleware(RequestFactory().get(url))
        assert isinstance(cut, StreamingHttpResponse)
        content = cut.streaming_content
        assert isinstance(content, Iterator)
        next(content)  # the reader goes away after the first chunk
        # Closing sends request_finished, whose database clean-up would close the test's
        # connection (it is in the test's transaction): as the test client does, not here.
        request_finished.disconnect(close_old_connections)
        try:
            cut.close()
        finally:
            request_finished.connect(close_old_connections)
        read = middleware(RequestFactory().get(url))
        assert isinstance(read, StreamingHttpResponse)  # nothing kept: made afresh
        assert _streamed(read) == b"a,b\r\n1,2\r\n"
        kept = middleware(RequestFactory().get(url))
    assert kept[HEADER] == "hit"
    assert isinstance(kept, HttpResponse)
    assert kept.content == b"a,b\r\n1,2\r\n"


def test_a_kept_export_is_never_served_after_a_withdrawal(
    client: Client, imported_samples: Any, approver: Any
) -> None:
    url = f"{API}?regulated_entity=52&format=csv"
    record = _record()
    before = _streamed(client.get(url))
    assert record.ec_ref.encode() in before
    assert client.get(url)[HEADER] == "hit"
    disclosure_services.record_withdraw(
        user=approver, kind="donations", ec_ref=record.ec_ref, reason="Reported twice in error"
    )
    after = client.get(url)
    assert after[HEADER] == "stored"
    assert record.ec_ref.encode() not in _streamed(after)


def test_the_welsh_download_is_kept_apart_from_the_english_one(
    client: Client, imported_samples: Any
) -> None:
    query = "?regulated_entity=52&format=csv"
    english = _streamed(client.get(f"/search/download/donations/{query}"))
    welsh = _streamed(client.get(f"/cy/search/download/donations/{query}"))
    assert english.splitlines()[0] != welsh.splitlines()[0]  # the headers' language
    assert english.splitlines()[1:] == welsh.splitlines()[1:]
    assert client.get(f"/cy/search/download/donations/{query}").content == welsh
    assert client.get(f"/search/download/donations/{query}").content == english


def test_an_answer_fallen_due_is_made_again_by_one_request_while_the_others_get_it(
    client: Client, imported_samples: Any
) -> None:
    url = f"{API}?regulated_entity=52"
    first = client.get(url)
    with translation.override("en"):
        key = public_cache.request_key(RequestFactory().get(url), public_cache.generation())
    cache = caches[public_cache.CACHE_ALIAS]
    entry = cache.get(key.cache_key)
    assert entry is not None
    assert entry["fresh_until"] > time.time()
    cache.set(key.cache_key, {**entry, "fresh_until": time.time() - 1}, timeout=60)
    # Another request holds the claim and is making it again: this one gets the kept answer.
    assert cache.add(f"{key.cache_key}:refresh", 1, timeout=60)
    waiting = client.get(url)
    assert waiting[HEADER] == "hit"
    assert waiting.content == first.content
    cache.delete(f"{key.cache_key}:refresh")
    # Another thread of this process is remaking another answer: this one waits its turn.
    slots = public_cache._slots()
    assert slots.acquire(blocking=False)
    try:
        assert client.get(url)[HEADER] == "hit"
    finally:
        slots.release()
    assert cache.get(f"{key.cache_key}:refresh") is None  # no claim taken without a slot
    # With the claim and a slot free, the next request makes it again, keeps it fresh and
    # frees both.
    remade = client.get(url)
    assert remade[HEADER] == "stored"
    assert remade.json() == first.json()
    assert cache.get(key.cache_key)["fresh_until"] > time.time()
    assert cache.get(f"{key.cache_key}:refresh") is None
    assert slots.acquire(blocking=False)  # given back
    slots.release()
    assert client.get(url)[HEADER] == "hit"


def test_errors_and_answers_setting_cookies_are_not_kept(
    client: Client, imported_samples: Any
) -> None:
    bad = client.get(API, {"value_min": "lots"})
    assert bad.status_code == 400
    assert HEADER not in bad
    assert HEADER not in client.get(API, {"value_min": "lots"})
    assert client.get("/search/entities/999999/").status_code == 404


def test_nothing_is_kept_while_a_replica_lags_behind_the_primary(
    client: Client, imported_samples: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache sees one healthy replica a generation behind (the view itself still
    # reads the test database: the router is left alone).
    fake = SimpleNamespace(
        PIN_COOKIE=replicas.PIN_COOKIE,
        replica_aliases=lambda: ["replica1"],
        replica_is_healthy=lambda alias: True,
    )
    monkeypatch.setattr(public_cache, "replicas", fake)
    real = public_cache.generation
    monkeypatch.setattr(
        public_cache,
        "generation",
        lambda using="default": real() if using == "default" else "donations=0",
    )
    first = client.get(API, {"regulated_entity": "52"})
    assert first[HEADER] == "miss"
    assert "ETag" in first
    assert client.get(API, {"regulated_entity": "52"})[HEADER] == "miss"


def _redis_answers() -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 6379), 1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")
    return False


def test_the_cache_works_on_redis(client: Client, imported_samples: Any, settings: Any) -> None:
    # Redis is the production cache and runs on these machines (docs/operations.md).
    assert _redis_answers(), "no Redis answers at 127.0.0.1:6379: start it, then run again"
    settings.CACHES = {
        **settings.CACHES,
        "responses": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            # A fresh prefix: nothing of an earlier run or of anyone else's. The entries
            # expire after PUBLIC_CACHE_SECONDS (never clear(): it empties the whole Redis).
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}-responses",
        },
    }
    assert "RedisCache" in type(caches["responses"]).__name__
    first = client.get(API, {"regulated_entity": "52"})
    assert first[HEADER] == "stored"
    again = client.get(API, {"regulated_entity": "52"})
    assert again[HEADER] == "hit"
    assert again.json() == first.json()


def test_head_is_answered_from_the_kept_get_and_is_never_kept_itself(
    client: Client, imported_samples: Any
) -> None:
    assert client.head("/search/loans/")[HEADER] == "miss"  # a HEAD keeps nothing
    first = client.get("/search/loans/")
    assert first[HEADER] == "stored"
    head = client.head("/search/loans/")
    assert head[HEADER] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(first.content))
    assert head["ETag"] == first["ETag"]
