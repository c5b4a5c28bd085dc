"""Reads of the finance tables: the public pages, the API, the donors area and the staff
pages read transactions through these, never through the models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear

from regulator.finance import answer_cache, ec_formats, search
from regulator.finance.models import TRANSACTION_MODELS, ReportingPeriod, Return, Transaction
from regulator.finance.proofs import (  # noqa: F401 - the proofs are read through here
    BatchCheck,
    file_already_imported,
    import_batch_check,
    import_batch_ids,
    record_inclusion_proof,
)
from regulator.finance.types import GiftRecord, NameCountWithin, PeriodKind, ReturnKind

T = TypeVar("T")


class SumPence(models.Aggregate):
    """Exact totals on both databases: SQLite keeps decimals as floating point, so sum
    whole pence (each value rounded back to its pence) and turn them into pounds after."""

    function = "SUM"
    template = "SUM(CAST(ROUND(%(expressions)s * 100) AS BIGINT))"
    output_field = models.BigIntegerField()

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, output_field=models.BigIntegerField(), **extra)


class Year(ExtractYear):
    """The year of a date. On SQLite Django's ExtractYear calls a Python function per
    row (2.9 s over a million rows); SQLite's own strftime does it in C (~0.2 s)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


class Quarter(ExtractQuarter):
    """The quarter (1-4) of a date; in C on SQLite, as ``Year``."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"((CAST(strftime('%%m', {sql}) AS INTEGER) + 2) / 3)", params


# --- The transactions ------------------------------------------------------------------
# Public code reads the published rows only (``transactions_published``); staff pages and
# the areas that follow published data (donors) say ``transactions_all`` explicitly.


def transaction_model(kind: str) -> type[Transaction]:
    """The model of a kind, for read-only schema needs (a serializer's or filter set's
    ``Meta.model``); rows are read through the querysets below."""
    try:
        return TRANSACTION_MODELS[kind]
    except KeyError:
        raise ValueError(f"{kind!r} is not a kind of transaction") from None


def transactions_published(kind: str) -> QuerySet[Any]:
    """Published and not withdrawn: the only rows public pages and the API may read."""
    return transaction_model(kind).objects.all()


def transactions_all(kind: str) -> QuerySet[Any]:
    """Every row of a kind, whatever its publication state."""
    return transaction_model(kind).all_objects.all()


def transaction_get(*, kind: str, ec_ref: str) -> Transaction | None:
    """A record of any publication state by its reference; None if there is none."""
    model = TRANSACTION_MODELS.get(kind)
    return model.all_objects.filter(ec_ref=ec_ref).first() if model else None


def transactions_unpublished(kind: str) -> QuerySet[Any]:
    """Filed records waiting for a publication approver."""
    return transactions_all(kind).filter(published_at__isnull=True, withdrawn_at__isnull=True)


def gift_records(
    *,
    entity_id: int,
    accounting_unit_id: int | None,
    since: dt.date,
    until: dt.date,
    imported_only: bool = False,
    return_ids: Iterable[int] | None = None,
) -> list[GiftRecord]:
    """The donations and loans of one recipient (the entity's central party when
    ``accounting_unit_id`` is None, else that unit) accepted (loans: started) between
    ``since`` and ``until``, not withdrawn, whatever their publication state: from the
    imported history (``imported_only``) or from the given returns. Records of a weekly
    pre-poll report (a period of a week or less) are left out: those reports repeat gifts
    the quarterly reports hold. What filing adds up per source across a calendar year
    (``filings.selectors.prior_gifts``)."""
    found: list[GiftRecord] = []
    scope: dict[str, Any] = {"entity_id": entity_id, "withdrawn_at__isnull": True}
    if accounting_unit_id is None:
        scope["accounting_unit__isnull"] = True
    else:
        scope["accounting_unit_id"] = accounting_unit_id
    if imported_only:
        scope["filed_return__kind"] = ReturnKind.IMPORTED
    elif return_ids is not None:
        scope["filed_return_id__in"] = list(return_ids)
    donations = (
        transactions_all("donations")
        .filter(**scope)
        .annotate(day=Coalesce("accepted_date", "received_date"))
        .filter(day__gte=since, day__lte=until)
        .values_list(
            "donor_name",
            "donor_status",
            "company_number",
            "value",
            "accepted_date",
            "received_date",
            "donation_action",
            *_PERIOD,
        )
    )
    for name, status, number, value, accepted, received, action, *period in donations.iterator():
        if not _weekly(*period):
            found.append(
                GiftRecord("donations", name, status, number, value, accepted, received, action)
            )
    loans = (
        transactions_all("loans")
        .filter(**scope, start_date__gte=since, start_date__lte=until)
        .values_list(
            "lender_name", "lender_type", "company_number", "value", "start_date", *_PERIOD
        )
    )
    for name, status, number, value, start, *period in loans.iterator():
        if not _weekly(*period):
            found.append(GiftRecord("loans", name, status, number, value, start, start))
    return found


_PERIOD = ("period__kind", "period__start_date", "period__end_date")


def _weekly(kind: str, start: dt.date | None, end: dt.date | None) -> bool:
    """A weekly pre-poll report's period (a non-party campaigner's "Pre-poll" quarter is
    not one)."""
    if kind != PeriodKind.PRE_POLL:
        return False
    return start is None or end is None or (end - start).days < 7


def finance_return_get(*, return_id: int) -> Return:
    """The return a filed version's records were recorded under."""
    return Return.objects.get(pk=return_id)


def periods_all() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.all()


def transaction_table(kind: str) -> str:
    return transaction_model(kind)._meta.db_table


def transaction_data_fields(kind: str) -> list[str]:
    """The fields of a kind that are data as reported (what an import compares)."""
    from regulator.finance.services.published import data_fields

    return data_fields(transaction_model(kind))


# --- Search text ------------------------------------------------------------------------


def text_filter(
    queryset: QuerySet[Any],
    text: str,
    *,
    narrowed: bool = False,
    among: Callable[[int], bool] | None = None,
    walk: bool = False,
) -> QuerySet[Any]:
    """Restrict a transaction queryset to records whose names match ``text`` (each word as
    a prefix or a near spelling from the vocabulary: SQLite's full-text index,
    PostgreSQL's text search).
    ``narrowed``: the queryset is also filtered by a span of dates; ``among(n)``: whether
    its other filters choose fewer than ``n`` rows; ``walk``: the rows are a page of many
    matches, read in the sort's order."""
    return search.text_filter(queryset, text, narrowed=narrowed, among=among, walk=walk)


def published_name_count(kind: str, text: str, within: NameCountWithin | None = None) -> int | None:
    """How many published rows of ``kind`` match ``text`` when nothing else is asked but
    ``within`` (spans, statuses, entities), where that is quicker than counting the rows
    (``search.published_name_count``); otherwise None."""
    return search.published_name_count(transaction_model(kind)._meta.db_table, text, within)


def published_name_keys(
    kind: str, text: str, within: NameCountWithin, field: str
) -> list[tuple[Any, int]] | None:
    """The (``field``, id) of the published rows of ``kind`` that match ``text`` within
    ``within``, where the name's index holds them (``search.published_name_keys``);
    otherwise None."""
    return search.published_name_keys(transaction_model(kind)._meta.db_table, text, within, field)


def text_terms(text: str) -> search.SearchTerms:
    """The words a search for ``text`` looks for, and what it leaves out (single letters,
    repeats, words past the limit): the pages tell the person searching."""
    return search.search_terms(text)


def text_fold(*parts: str) -> str:
    """Lower case, accents and punctuation removed: how names are compared in search."""
    return search.fold(*parts)


# --- Remembered answers over the published data -----------------------------------------


def remembered(
    kind: str, namespace: str, params: Iterable[tuple[str, str]], compute: Callable[[], T]
) -> T:
    """A count, facet or total over the published rows of ``kind``, kept until the next
    change to them (see ``answer_cache``)."""
    return answer_cache.remembered(kind, namespace, params, compute)


def query_pairs(request: Any) -> list[tuple[str, str]]:
    """Every (name, value) of a request's query string (Django's or DRF's request)."""
    return answer_cache.query_pairs(request)


def published_generation(kind: str) -> int:
    """The counter every change to a kind's published rows raises."""
    return answer_cache.generation(kind)


# Written out: read on every request the public response cache answers.
_GENERATIONS_SQL = "SELECT kind, number FROM finance_publishedgeneration ORDER BY kind"


def published_generations(using: str = "default") -> str:
    """Every kind's generation in one read ("donations=4,loans=1"; a kind never changed
    has no entry): what the public response cache keys its pages and answers by, so any
    import, publication, withdrawal or correction gives them new keys. ``using``: the
    database to read (the primary unless a caller checks a replica)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_GENERATIONS_SQL)
        rows = cursor.fetchall()
    return ",".join(f"{kind}={number}" for kind, number in rows)


def ec_layout_detect(header: list[str]) -> str | None:
    """Which of the Commission's published layouts a CSV header is (donations, loans or
    spending), if it is exactly one of them."""
    return ec_formats.detect_layout(header)
