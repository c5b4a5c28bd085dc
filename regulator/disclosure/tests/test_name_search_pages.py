"""A name search's page when few rows match is sorted from the matches' keys rather than
by walking the sort's index (``TransactionPagination._keys_sorted``: on PostgreSQL the
keys of a name, with spans, statuses and entities, come from its words); an empty
selection asks for no page at all. Either way the pages are the ones the database's order
gives."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext, override_settings

from regulator.disclosure import selectors
from regulator.disclosure.api import pagination

pytestmark = pytest.mark.django_db

FIELDS = {"value": "value", "-value": "value", "date": "date", "-date": "date"}


def _refs(page: dict) -> list[str]:
    return [item["ec_ref"] for item in page["results"]]


def _walk(client, params: dict) -> tuple[int, list[str], list[str]]:
    """Every page forward, then the page before the last."""
    page = client.get("/api/v1/donations/", params).json()
    count, seen = page["count"], []
    while True:
        seen += _refs(page)
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    back = client.get(page["previous"]).json() if page["previous"] else {"results": []}
    return count, seen, _refs(back)


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_a_name_search_with_few_matches_pages_in_the_databases_order(
    client, imported_samples, monkeypatch
):
    """Each of the four sorts, in one test: the samples' import is the costly part. On
    PostgreSQL the matches' keys are read from the name's words (migration finance/0011),
    not from the rows."""
    threshold = pagination.MATCHES_SORTED_HERE
    sorting = pagination.TransactionPagination._keys_sorted
    calls = []

    def counted(ordered, keys, limit):
        calls.append(len(keys))
        return sorting(ordered, keys, limit)

    monkeypatch.setattr(pagination.TransactionPagination, "_keys_sorted", staticmethod(counted))
    expected = selectors.transactions_filtered(kind="donations", params={"q": "ltd"})
    postgres = connection.vendor == "postgresql"
    for sort, field in FIELDS.items():
        params = {"q": "ltd", "page_size": 7, "sort": sort}
        calls.clear()
        monkeypatch.setattr(pagination, "MATCHES_SORTED_HERE", threshold)
        with CaptureQueriesContext(connection) as queries:
            sorted_here = _walk(client, params)
        assert len(calls) >= 3, f"{sort}: every page was sorted from the matches"
        statements = [query["sql"] for query in queries]
        assert any("finance_donation_word" in sql for sql in statements) == postgres, sort
        assert not postgres or not any("search_vector @@" in sql for sql in statements), sort
        calls.clear()
        monkeypatch.setattr(pagination, "MATCHES_SORTED_HERE", {})  # the database's own walk
        walked = _walk(client, params)
        assert calls == []
        assert sorted_here == walked, sort
        count, seen, back = sorted_here
        assert 14 < count <= threshold[connection.vendor]
        order = [f"-{field}", "-id"] if sort.startswith("-") else [field, "id"]
        assert seen == list(expected.order_by(*order).values_list("ec_ref", flat=True)), sort
        tail = len(seen) % 7 or 7
        assert back == seen[-tail - 7 : -tail], sort


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_a_search_that_matches_nothing_reads_no_rows(client, imported_samples):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(
            "/api/v1/donations/", {"q": "zzyzx", "donor_status": "Individual", "sort": "value"}
        ).json()
    assert (page["count"], page["results"], page["next"]) == (0, [], None)
    counted = [q["sql"] for q in queries if "COUNT(*)" in q["sql"]]
    assert counted, "the count is asked"
    rows = [
        q["sql"]
        for q in queries
        if 'SELECT "finance_donation"."id", "finance_donation"."ec_ref"' in q["sql"]
    ]
    assert rows == []


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_a_common_name_in_a_narrowed_selection_finds_the_same_rows(
    client, imported_samples, monkeypatch
):
    """On SQLite a common name in a selection narrowed by an entity or a span of dates is
    tested row by row from that filter's index (``id + 0``); the rows are the same."""
    from regulator.finance import search

    ltd = selectors.transactions_filtered(kind="donations", params={"q": "ltd"})
    entity = ltd.values("entity_id").annotate(n=Count("id")).order_by("-n")[0]["entity_id"]
    common = search.COMMON_NAME_ROWS
    for narrowing in (
        {"regulated_entity": entity},
        {"date_from": "2019-01-01", "date_to": "2024-12-31"},
    ):
        params = {**narrowing, "q": "ltd", "page_size": 3}
        monkeypatch.setattr(search, "COMMON_NAME_ROWS", common)
        usual = _walk(client, params)
        monkeypatch.setattr(search, "COMMON_NAME_ROWS", 1)
        with CaptureQueriesContext(connection) as queries:
            tested = _walk(client, params)
        assert tested == usual, narrowing
        assert usual[0] > 3
        unindexed = any('"id" + 0) IN (SELECT rowid' in q["sql"] for q in queries)
        assert unindexed == (connection.vendor == "sqlite"), narrowing
    # an unnarrowed search keeps the index of the matches
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/donations/", {"q": "ltd"})
    assert not any('"id" + 0)' in q["sql"] for q in queries)


def _walked_in_order(client, params: dict, expected) -> tuple[int, list[str], list[dict]]:
    """Every page of ``params`` (page size 7) forward and the one before the last, checked
    against ``expected`` in the sort's order: (count, the refs seen, the queries made)."""
    sort = params["sort"]
    field = FIELDS[sort]
    with CaptureQueriesContext(connection) as queries:
        count, seen, back = _walk(client, params)
    assert count == expected.count(), params
    order = [f"-{field}", "-id"] if sort.startswith("-") else [field, "id"]
    assert seen == list(expected.order_by(*order).values_list("ec_ref", flat=True)), params
    tail = len(seen) % 7 or 7
    assert back == seen[-tail - 7 : -tail], params
    return count, seen, list(queries.captured_queries)


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_a_name_with_many_matches_is_paged_walking_the_sorts_index(
    client, imported_samples, monkeypatch
):
    """On SQLite a name search with more matches than are sorted here pages by walking
    the sort's index and testing each row against the matches (``id + 0``); the pages
    are the ones the database's order gives, alone or with other filters."""
    monkeypatch.setattr(pagination, "MATCHES_SORTED_HERE", {"sqlite": 0, "postgresql": 0})
    for extra in ({}, {"value_min": "100"}, {"donor_status": "Company"}):
        expected = selectors.transactions_filtered(kind="donations", params={"q": "ltd", **extra})
        for sort in FIELDS:
            params = {"q": "ltd", "page_size": 7, "sort": sort, **extra}
            count, _seen, queries = _walked_in_order(client, params, expected)
            assert count > 14, (extra, sort)
            paged = [q["sql"] for q in queries if "LIMIT 8" in q["sql"]]
            assert paged, (extra, sort)
            walked = all('"id" + 0) IN (SELECT rowid' in sql for sql in paged)
            assert walked == (connection.vendor == "sqlite"), (extra, sort)


def test_a_name_alone_is_counted_from_the_full_text_index_less_the_hidden_rows(
    client, imported_samples, monkeypatch
):
    """A name asked alone is counted as every match in the index less the hidden ones
    (SQLite: a common name, from the full-text index; PostgreSQL: any name, from its words
    table); withdrawn, unpublished and deleted records are not counted (a deleted record's
    entry leaves the index with it), and a renamed record is counted under its new name."""
    from regulator.audit.types import Actor
    from regulator.finance import search
    from regulator.finance import selectors as finance_selectors
    from regulator.finance.models import Donation
    from regulator.finance.services.published import record_withdraw

    monkeypatch.setattr(search, "COMMON_NAME_ROWS", 1)
    public = selectors.transactions_filtered(kind="donations", params={"q": "ltd"})
    before = public.count()
    assert before > 3
    assert client.get("/api/v1/donations/", {"q": "ltd"}).json()["count"] == before
    withdrawn, unpublished, deleted = public.order_by("id")[:3]
    record_withdraw(
        kind="donations",
        ec_ref=withdrawn.ec_ref,
        reason="Reported twice",
        actor=Actor.system("tests"),
    )
    Donation.all_objects.filter(pk=unpublished.pk).update(published_at=None)
    Donation.all_objects.filter(pk=deleted.pk).delete()
    assert public.count() == before - 3
    assert finance_selectors.published_name_count("donations", "ltd") == before - 3
    entries = (
        "SELECT count(*) FROM finance_donation_fts WHERE rowid = %s"
        if connection.vendor == "sqlite"
        else "SELECT count(*) FROM finance_donation_word WHERE record_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(entries, [deleted.pk])
        assert cursor.fetchone()[0] == 0

    renamed = public.order_by("id")[0]
    renamed.search_text = "quillfeather holdings ltd"
    renamed.save()
    search.index_records("finance_donation", [(renamed.pk, renamed.search_text)])
    assert public.count() == before - 3
    assert finance_selectors.published_name_count("donations", "ltd") == before - 3
    assert finance_selectors.published_name_count("donations", "quillfeather") == 1
    assert (
        selectors.transactions_filtered(kind="donations", params={"q": "quillfeather"}).count() == 1
    )
    renamed.search_text = "quillfeather holdings"
    renamed.save()
    search.index_records("finance_donation", [(renamed.pk, renamed.search_text)])
    assert finance_selectors.published_name_count("donations", "ltd") == before - 4
    assert public.count() == before - 4


def _nothing_remembered(monkeypatch) -> None:
    """Each count asked of the database, so that each request shows the form it took."""
    from regulator.finance import selectors as finance_selectors

    monkeypatch.setattr(
        finance_selectors, "remembered", lambda kind, namespace, params, compute: compute()
    )


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_a_span_of_dates_by_value_pages_and_counts_the_rows_the_database_orders(
    client, imported_samples, monkeypatch
):
    """On SQLite a page of a span of dates by value walks the value index (the dates
    compared as ``+date``), and a span of at most a year with a value range is counted
    from the date index (the value as ``value + 0``); the pages and counts are the ones
    the database's order gives, with and without a name."""
    monkeypatch.setattr(pagination, "MATCHES_SORTED_HERE", {"sqlite": 0, "postgresql": 0})
    _nothing_remembered(monkeypatch)
    public = selectors.transactions_filtered(kind="donations", params={})
    latest = public.order_by("-date").values_list("date", flat=True)[0]
    span = {"date_from": f"{latest.year}-01-01", "date_to": f"{latest.year}-12-31"}
    sqlite = connection.vendor == "sqlite"
    for extra in ({}, {"value_min": "500"}, {"q": "ltd"}):
        params = {**span, **extra}
        expected = selectors.transactions_filtered(kind="donations", params=params)
        for sort in ("value", "-value"):
            asked = {**params, "page_size": 7, "sort": sort}
            count, seen, queries = _walked_in_order(client, asked, expected)
            assert count > 0, (extra, sort)
            paged = [q["sql"] for q in queries if "LIMIT 8" in q["sql"]]
            assert paged, (extra, sort)
            assert all(('+"finance_donation"."date" >=' in sql) == sqlite for sql in paged), (
                extra,
                sort,
            )
            counted = [q["sql"] for q in queries if 'COUNT(*) AS "__count"' in q["sql"]]
            if "value_min" in extra:
                assert counted, extra
                assert all(
                    ('"finance_donation"."value" + 0' in sql) == sqlite for sql in counted
                ), extra
    assert len(seen) > 7


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_a_name_among_few_other_rows_is_tested_from_their_index(
    client, imported_samples, monkeypatch
):
    """On SQLite a name whose matches outnumber a fifth of the rows an entity or a
    status chooses is tested on each of those rows from their index (``id + 0``), and
    among many rows the matches are read; the counts and pages are the same either way."""
    from regulator.finance import search

    _nothing_remembered(monkeypatch)
    ltd = selectors.transactions_filtered(kind="donations", params={"q": "ltd"})
    entity = ltd.values("entity_id").annotate(n=Count("id")).order_by("-n")[0]["entity_id"]
    for narrowing in ({"regulated_entity": entity}, {"donor_status": "Company"}):
        params = {**narrowing, "q": "ltd", "page_size": 3}
        monkeypatch.setattr(search, "WALKED_AT_MOST", 0)  # never walked
        read = _walk(client, params)
        monkeypatch.setattr(search, "WALKED_AT_MOST", 10**9)
        monkeypatch.setattr(search, "WALK_PER_MATCH", 10**6)  # always walked
        with CaptureQueriesContext(connection) as queries:
            tested = _walk(client, params)
        monkeypatch.setattr(search, "WALK_PER_MATCH", 5)
        assert tested == read, narrowing
        assert read[0] > 3, narrowing
        counted = [q["sql"] for q in queries if 'COUNT(*) AS "__count"' in q["sql"]]
        walked = bool(counted) and all('"id" + 0) IN (SELECT rowid' in sql for sql in counted)
        assert walked == (connection.vendor == "sqlite"), narrowing


@override_settings(PUBLIC_CACHE_ENABLED=False)
def test_a_name_with_spans_and_statuses_counts_and_pages_the_rows_the_database_orders(
    client, imported_samples, monkeypatch
):
    """A name of one word or two with spans of values or dates, statuses or entities: on
    PostgreSQL counted and paged from its words, whose entries carry each record's value, date,
    status and entity (no row's name is tested); on SQLite from the rows. Either way the count,
    every page forward and the page back are the database's, in each sort."""
    _nothing_remembered(monkeypatch)
    public = selectors.transactions_filtered(kind="donations", params={"q": "ltd"})
    values = sorted(public.values_list("value", flat=True))
    dates = sorted(public.values_list("date", flat=True))
    statuses = [
        row["donor_status"]
        for row in public.values("donor_status").annotate(n=Count("id")).order_by("-n")[:2]
    ]
    entities = [
        row["entity_id"]
        for row in public.values("entity_id").annotate(n=Count("id")).order_by("-n")[:2]
    ]
    asks = [
        {"value_min": str(values[len(values) // 4])},
        {
            "date_from": dates[len(dates) // 4].isoformat(),
            "date_to": dates[-1].isoformat(),
            "value_max": str(values[-2]),
        },
        {"donor_status": statuses[0]},
        {"donor_status": statuses, "value_min": str(values[2])},
        # Two words: the intersection of their entries.
        {"q": f"ltd {_commonest_word_beside(public, 'ltd')}", "value_min": str(values[2])},
        {"regulated_entity": entities, "date_from": dates[2].isoformat()},
    ]
    postgres = connection.vendor == "postgresql"
    for extra in asks:
        params = {"q": "ltd", **extra}
        expected = selectors.transactions_filtered(kind="donations", params=params)
        for sort, field in FIELDS.items():
            with CaptureQueriesContext(connection) as queries:
                count, seen, back = _walk(client, {**params, "page_size": 4, "sort": sort})
            assert count == expected.count() > 8, (extra, sort)
            order = [f"-{field}", "-id"] if sort.startswith("-") else [field, "id"]
            assert seen == list(expected.order_by(*order).values_list("ec_ref", flat=True))
            tail = len(seen) % 4 or 4
            assert back == seen[-tail - 4 : -tail], (extra, sort)
            statements = [query["sql"] for query in queries]
            assert any("finance_donation_word" in sql for sql in statements) == postgres
            assert not postgres or not any("search_vector @@" in sql for sql in statements)


def _commonest_word_beside(rows, word: str) -> str:
    counted = Counter(
        other
        for text in rows.values_list("search_text", flat=True)
        for other in set(text.split())
        if other != word and len(other) >= 4
    )
    return counted.most_common(1)[0][0]
