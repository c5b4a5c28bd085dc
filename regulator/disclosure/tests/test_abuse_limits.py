"""The public search under abuse (issue 14, findings 1 and 5): hostile search text is
normalised and answered within the query budget; pages and exports run under the budget
and are rate-limited; exports are capped in size and in number at once, and everything is
sent to the nightly bulk files; unknown API parameters are refused, and remembered
answers are keyed by the validated filters only."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from regulator.core.api.errors import ApiErrorCode
from regulator.disclosure import selectors
from regulator.finance import search
from regulator.finance.models import Donation, RememberedAnswer
from regulator.finance.tests.test_search_terms import HOSTILE_LETTERS, HOSTILE_WORDS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()


def _slow_sql() -> str:
    return (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) "
        "SELECT count(*) FROM n"
    )


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Finding 1: hostile search text, the budget, rate limits, exports ---------------------


def test_a_hostile_search_is_answered_within_the_budget_and_explained(
    client: Client, imported_samples: Any, settings: Any
) -> None:
    """100 one-letter words were 100 prefix scans (13.9 s on 200,000 rows); 100 words were
    100 index searches. Now single letters and words past the sixth are left out, and the
    page says so."""
    budget_s = settings.API_QUERY_BUDGET_MS / 1000
    # An ordinary search first (templates, catalogues and indexes warm), as on a live server.
    assert client.get("/search/", {"q": "harborne"}).status_code == 200
    assert client.get("/cy/search/", {"q": "harborne"}).status_code == 200
    started = time.monotonic()
    letters = client.get("/search/", {"q": HOSTILE_LETTERS})
    assert letters.status_code == 200
    assert time.monotonic() - started < budget_s
    html = letters.content.decode()
    assert "single letters" in html
    assert "nothing was searched for by name" in html
    started = time.monotonic()
    words = client.get("/search/", {"q": "harborne " + HOSTILE_WORDS})
    assert time.monotonic() - started < budget_s
    html = words.content.decode()
    assert "words after the first 6" in html
    assert "We searched for “harborne w000x w001x w002x w003x w004x”" in html
    # The API applies the same normalisation within the same budget.
    started = time.monotonic()
    api = client.get("/api/v1/donations/", {"q": HOSTILE_WORDS})
    assert api.status_code == 200
    assert time.monotonic() - started < budget_s
    # Welsh explains it too.
    welsh = client.get("/cy/search/", {"q": HOSTILE_LETTERS}).content.decode()
    assert "llythrennau unigol" in welsh


def test_the_search_full_text_query_has_at_most_the_capped_terms(imported_samples: Any) -> None:
    from django.test.utils import CaptureQueriesContext

    queryset = Donation.objects.all()
    with CaptureQueriesContext(connection) as queries:
        list(search.text_filter(queryset, HOSTILE_WORDS).values_list("id", flat=True))
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    if connection.vendor == "sqlite":
        match = sql.split("MATCH", 1)[1]
        assert match.count('("') == search.MAX_TERMS
    else:
        query = sql.split("to_tsquery('simple', ", 1)[1]
        assert query.count(") & (") == search.MAX_TERMS - 1


def test_the_search_page_runs_under_the_query_budget(
    client: Client, imported_samples: Any, settings: Any, monkeypatch: Any
) -> None:
    real = selectors.page_facet_counts

    def expensive(**kwargs: Any) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(_slow_sql())
        return real(**kwargs)

    settings.API_QUERY_BUDGET_MS = 200
    monkeypatch.setattr(selectors, "page_facet_counts", expensive)
    started = time.monotonic()
    response = client.get("/search/", {"donor_status": "individual"})
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "This search takes too long to answer" in response.content.decode()


def test_search_and_entity_pages_are_rate_limited_per_client(
    client: Client, imported_samples: Any, settings: Any
) -> None:
    settings.PUBLIC_PAGE_RATE = "3/minute"
    statuses = [client.get("/search/").status_code for _ in range(3)]
    limited = client.get("/search/loans/")
    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert "Too many requests" in limited.content.decode()
    assert client.get("/search/entities/52/", REMOTE_ADDR="198.51.100.1").status_code == 200
    welsh = client.get("/cy/search/")
    assert welsh.status_code == 429
    assert "Gormod o geisiadau" in welsh.content.decode()


def test_exports_have_a_rate_of_their_own(
    client: Client, imported_samples: Any, settings: Any
) -> None:
    """An export counted as one API request: now exports have their own, smaller rate."""
    settings.EXPORT_RATE_ANON = "2/minute"
    params: dict[str, Any] = {"regulated_entity": 53, "format": "csv"}
    first, second = (_body(client.get("/api/v1/donations/", params)) for _ in range(2))
    assert first == second
    third = client.get("/api/v1/donations/", params)
    assert third.status_code == 429
    assert third.json()["code"] == ApiErrorCode.THROTTLED
    assert int(third["Retry-After"]) >= 1
    # A page of the API is not an export: still answered.
    assert client.get("/api/v1/donations/", {"regulated_entity": 53}).status_code == 200


def test_an_export_of_everything_is_sent_to_the_nightly_bulk_file(
    client: Client, imported_samples: Any, settings: Any, tmp_path: Any
) -> None:
    settings.DISCLOSURE_BULK_DIR = str(tmp_path)
    call_command("disclosure_bulk_files", "--folder", settings.DISCLOSURE_BULK_DIR)
    for layout, name in (
        ("csv", "donations.csv"),
        ("ec", "donations-ec-layout.csv"),
        ("parquet", "donations.parquet"),
    ):
        response = client.get("/api/v1/donations/", {"format": layout, "sort": "value"})
        assert response.status_code == 303, layout
        assert response["Location"] == f"/api/v1/bulk/{name}"
    served = client.get("/api/v1/bulk/donations.csv")
    assert served.status_code == 200
    rows = list(csv.DictReader(io.StringIO(_body(served).decode())))
    assert len(rows) == Donation.objects.count()
    listing = client.get("/api/v1/bulk/").json()["files"]
    assert {"donations.csv", "political-finance.sqlite3"} <= {item["name"] for item in listing}
    assert client.get("/api/v1/bulk/../settings.py").status_code == 404
    assert client.get("/api/v1/bulk/nothing.csv").status_code == 404


def test_a_very_large_export_is_refused_with_the_way_to_the_bulk_files(
    client: Client, imported_samples: Any, settings: Any
) -> None:
    settings.EXPORT_MAX_ROWS = 5
    response = client.get("/api/v1/donations/", {"regulated_entity": "52", "format": "csv"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == ApiErrorCode.EXPORT_TOO_LARGE
    assert "/api/v1/bulk/" in body["message"]


def test_an_export_is_counted_under_the_query_budget(
    client: Client, imported_samples: Any, settings: Any, monkeypatch: Any
) -> None:
    real = selectors.transaction_count

    def expensive(**kwargs: Any) -> int:
        with connection.cursor() as cursor:
            cursor.execute(_slow_sql())
        return real(**kwargs)

    settings.API_QUERY_BUDGET_MS = 200
    monkeypatch.setattr(selectors, "transaction_count", expensive)
    started = time.monotonic()
    response = client.get("/api/v1/donations/", {"regulated_entity": "52", "format": "csv"})
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert response.json()["code"] == ApiErrorCode.QUERY_TOO_EXPENSIVE


def test_an_export_streams_with_the_budget_per_fetch_not_per_download(
    client: Client, imported_samples: Any, settings: Any, monkeypatch: Any
) -> None:
    """A slow reader is not cut off: the budget bounds each fetch from the database."""
    from regulator.disclosure.api import exports

    settings.API_QUERY_BUDGET_MS = 300
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 40)
    response: Any = client.get("/api/v1/donations/", {"regulated_entity": "52", "format": "csv"})
    chunks = []
    for chunk in response.streaming_content:
        chunks.append(chunk)
        time.sleep(0.05)
    expected = Donation.objects.filter(entity_id=52).count()
    assert expected > 120
    assert len(list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))) == expected


def test_exports_are_capped_in_number_at_once(
    client: Client, imported_samples: Any, settings: Any
) -> None:
    settings.EXPORT_CONCURRENCY = 2
    settings.EXPORT_CONCURRENCY_PER_CLIENT = 1
    params: dict[str, Any] = {"regulated_entity": "52", "format": "csv"}
    running = client.get("/api/v1/donations/", params)  # streaming, not yet read
    assert running.status_code == 200
    again = client.get("/api/v1/donations/", params)
    assert again.status_code == 429
    assert "Too many exports" in again.json()["message"]
    other = Client(REMOTE_ADDR="198.51.100.9")
    second = other.get("/api/v1/donations/", params)
    assert second.status_code == 200
    third = Client(REMOTE_ADDR="198.51.100.10").get("/api/v1/donations/", params)
    assert third.status_code == 429
    _body(running)  # the first finishes: its slots are given back
    assert client.get("/api/v1/donations/", params).status_code == 200
    _body(second)


# --- Finding 5: unknown parameters and remembered answers ---------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/donations/", "/api/v1/donations/facets/", "/api/v1/loans/totals/"]
)
def test_unknown_parameters_are_refused_and_write_nothing(
    client: Client, imported_samples: Any, path: str
) -> None:
    before = RememberedAnswer.objects.count()
    for number in range(20):
        response = client.get(path, {"regulated_entity": "52", f"junk{number}": "x"})
        assert response.status_code == 400
        body = response.json()
        assert body["parameter"] == f"junk{number}"
        assert "is not a parameter of this endpoint" in body["message"]
    assert RememberedAnswer.objects.count() == before
    assert client.get(path, {"regulated_entity": 52}).status_code == 200


def test_remembered_answers_are_keyed_by_the_validated_filters_only(
    client: Client, imported_samples: Any
) -> None:
    """Every distinct query string stored an answer (100 requests added 350 rows): one
    filter written many ways is now one answer."""
    spellings: list[dict[str, Any]] = [
        {"donor_status": spelling, "value_min": value, "q": text}
        for spelling in ("individual", "Individual", "INDIVIDUAL")
        for value in ("100", "100.00", "0100")
        for text in ("harborne", "Harborne harborne", " HARBORNE ", "harborne x")
    ]
    counts = set()
    client.get("/api/v1/donations/", spellings[0])
    kept = RememberedAnswer.objects.count()
    for params in spellings:
        response = client.get("/api/v1/donations/", params)
        assert response.status_code == 200
        counts.add(response.json()["count"])
    assert len(counts) == 1
    assert RememberedAnswer.objects.count() == kept
    # The search page: junk parameters and paging add nothing either.
    client.get("/search/", {"donor_status": "individual"})
    kept = RememberedAnswer.objects.count()
    for number in range(20):
        page = client.get(
            "/search/", {"donor_status": "Individual", f"junk{number}": "1", "sort": "value"}
        )
        assert page.status_code == 200
    assert RememberedAnswer.objects.count() == kept


def test_the_pages_download_links_carry_only_filters(client: Client, imported_samples: Any) -> None:
    html = client.get("/search/", {"donor_status": "individual", "junk": "1"}).content.decode()
    assert 'href="/api/v1/donations/?donor_status=individual&amp;format=csv"' in html
