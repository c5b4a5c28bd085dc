"""On PostgreSQL both CSV exports are written by ``COPY … TO STDOUT`` (``copy_csv``); the
bytes must be the Python writer's, byte for byte, for every kind, both layouts, Welsh
headers and filtered exports, on rows holding every awkward value a cell can hold. On
SQLite the Python writer is the export, and these rows check it against a plain
row-by-row reading."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from django.db import OperationalError, connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regulator.core.api.budget import query_budget
from regulator.core.api.errors import ApiError, ApiErrorCode
from regulator.disclosure import selectors
from regulator.disclosure.api import copy_csv, exports
from regulator.disclosure.api.column_labels import COLUMN_LABELS
from regulator.disclosure.api.exports import EC_COLUMNS, OUR_COLUMNS, python_csv, stream_csv
from regulator.disclosure.tests.test_export_columns import _reference_csv, _reference_ec_csv
from regulator.finance.models import Donation, Loan, ReportingPeriod, SpendingItem
from regulator.finance.tests.factories import loan
from regulator.register.models import RegulatedEntity

MODELS = {"donations": Donation, "loans": Loan, "spending": SpendingItem}
POSTGRES = connection.vendor == "postgresql"

TEXTS = [
    "=SUM(A1)",
    "+44 20 7271 0500",
    "-2+3",
    "@cmd",
    "\tTab first",
    "\rCR first",
    "-£5.00",  # a negative amount: kept as it is in the Commission's layout
    "-1,000.50",
    "-\u0661\u0662\u0663",  # Arabic-Indic digits: Python's \d matches them
    "-£\u0663,\u0664.\u0665",
    "-£5.00x",
    "  lead and trail  ",
    "many   inner\t\tspaces\nand\r\nnew lines",
    'a "quoted" word',
    "comma, inside",
    "Llŷr ap Gwŷn, Ŵyn Ŷ â ê î ô û ẁ ẃ ẅ",
    "\u00a0non-breaking\u2003em\u3000ideographic\u2028line\u0085next",
    "\x1cfile\x1dgroup\x1erecord\x1funit",
    "\\.",
    '"',
    ",",
    "\n",
    " ",
    "=",
    "\u200bzero-width space is not whitespace",
    "",
    None,
]
STATUSES = [
    "Individual",
    "  individual ",
    "INDIVIDUALS",
    "In\tdi vidual",
    "\u00a0Individual\u3000",
    "İNDIVIDUAL",  # İ lowers to i and a dot above: not "individual"
    "".join(chr(ord(c) + 0xFEE0) for c in "INDIVIDUAL"),  # full-width letters
    "Company",
    "=Individual",
    "",
    None,
]
AMOUNTS = [
    Decimal("0.00"),
    Decimal("-0.01"),
    Decimal("-12.00"),
    Decimal("0.10"),
    Decimal("200.40"),
    Decimal("1000.00"),
    Decimal("1234567.50"),
    Decimal("999999999999.99"),
    Decimal("-999999999999.99"),
    None,
]
DATES = [
    dt.date(1000, 1, 1),
    dt.date(2024, 2, 29),
    dt.date(9999, 12, 31),
    dt.date(1999, 7, 4),
    None,
]
INTEGERS = [0, -1, 7, 9223372036854775807, None]
BOOLEANS = [True, False, None]


def _values(field: models.Field[Any, Any], status: bool) -> list[Any]:
    if isinstance(field, models.BooleanField):
        values: list[Any] = BOOLEANS
    elif isinstance(field, models.DecimalField):
        values = AMOUNTS
    elif isinstance(field, models.DateField):
        values = DATES
    elif isinstance(field, models.IntegerField):
        values = INTEGERS
    else:
        values = [
            v if v is None or field.max_length is None else v[: field.max_length]
            for v in (STATUSES if status else TEXTS)
        ]
    if not field.null:
        values = [v for v in values if v is not None]
    return values


def _awkward(kind: str) -> list[str]:
    """Every exported field of ``kind`` given each awkward value in turn (each field at
    its own stride, so the values meet in many combinations); a few rows withdrawn or
    unpublished, with a marker that must not be exported. Returns the markers."""
    model = MODELS[kind]
    sources = {
        source
        for columns in (OUR_COLUMNS[kind], EC_COLUMNS[kind])
        for _name, get, _form in columns
        for source in (get.source, get.status)
        if source and source not in ("period__name", "entity_id", "ec_ref")
    }
    statuses = {get.status for _n, get, _f in OUR_COLUMNS[kind] if get.status}
    fields = [
        field
        for source in sorted(sources)
        if isinstance(field := model._meta.get_field(source), models.Field)
        and not field.is_relation  # ids of real rows
    ]
    if kind == "loans":  # the samples have none
        entity = RegulatedEntity.objects.order_by("pk").first()
        assert entity is not None
        for number in range(14):
            loan(f"Lender {number}", entity=entity, value=f"{number}.00")
    rows = list(model.objects.order_by("pk").values_list("pk", flat=True))
    assert len(rows) >= 12, kind
    for number, pk in enumerate(rows):
        changes: dict[str, Any] = {}
        for stride, field in enumerate(fields, start=1):
            values = _values(field, field.attname in statuses)
            changes[field.attname] = values[(number * stride + stride) % len(values)]
        if statuses:
            changes["postcode"] = "SW1A 1AA"  # blanked whenever the status names a person
        model.all_objects.filter(pk=pk).update(**changes)
    hidden = []
    for number, pk in enumerate(rows[:2]):
        marker = f"HIDDEN-{kind}-{number}"
        hidden.append(marker)
        gone: dict[str, Any] = (
            {"withdrawn_at": timezone.now()} if number else {"published_at": None}
        )
        model.all_objects.filter(pk=pk).update(campaigning_name=marker, **gone)
    for number, period in enumerate(ReportingPeriod.objects.order_by("pk")):
        period.name = ["=Q1 2024", "  Q2   2024 ", "Chwarter 3 — ŵ", "-£5.00"][number % 4]
        period.name = f"{period.name} {period.pk}"
        period.save(update_fields=["name"])
    return hidden


def _bytes(chunks: Any) -> bytes:
    return b"".join(chunks)


FILTERS = {
    "donations": [{"donor_status": "individual"}, {"value_min": "0", "q": "o'%_\\"}],
    "loans": [{"date_from": "1999-01-01", "date_to": "2024-12-31"}],
    "spending": [{"value_max": "1000"}, {"value_min": "-1"}],
}


@pytest.mark.parametrize("kind", ["donations", "loans", "spending"])
def test_copy_writes_the_python_writers_bytes(
    imported_samples: Any, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(copy_csv, "ROWS_PER_CHUNK", 3)  # many chunks: their joins checked
    hidden = _awkward(kind)
    queryset = MODELS[kind].objects.order_by("-date", "-pk")
    labels = {name: str(label) for name, label in COLUMN_LABELS.items()}
    for layout in ("csv", "ec"):
        written = _bytes(stream_csv(queryset, kind, layout))
        if POSTGRES:
            assert written == _bytes(python_csv(queryset, kind, layout)), layout
        reference = _reference_ec_csv if layout == "ec" else _reference_csv
        assert written.decode() == reference(queryset, kind), layout
        assert not [marker for marker in hidden if marker.encode() in written]
        if kind != "spending":  # which has no postcodes
            assert b"SW1A 1AA" in written  # a company's postcode is published
    # Welsh headers, and filtered exports: the API's own filters and sort.
    assert _bytes(stream_csv(queryset, kind, "csv", labels=labels)) == _bytes(
        python_csv(queryset, kind, "csv", labels=labels)
    )
    for params in FILTERS[kind]:
        filtered = selectors.transactions_filtered(kind=kind, params=params)
        filtered = filtered.order_by("value", "id")
        for layout in ("csv", "ec"):
            assert _bytes(stream_csv(filtered, kind, layout)) == _bytes(
                python_csv(filtered, kind, layout)
            ), (params, layout)


def test_an_individuals_postcode_is_blanked_by_the_same_rule(imported_samples: Any) -> None:
    # is_individual's rule, case by case, through whichever path this database takes.
    for status, blank in [
        ("  INDIVIDUALS\t", True),
        ("\u00a0individual\u3000", True),
        ("İndividual", False),
        ("Individual person", False),
        ("", False),
    ]:
        Donation.all_objects.update(donor_status=status, postcode="EC1A 1BB")
        written = _bytes(stream_csv(Donation.objects.order_by("pk"), "donations", "ec"))
        assert (b"EC1A 1BB" not in written) is blank, status


def test_the_http_exports_are_the_same_bytes_either_way(
    client: Any, imported_samples: Any, settings: Any
) -> None:
    settings.EXPORT_RATE_ANON = "1000/minute"
    _awkward("donations")
    urls = [
        "/api/v1/donations/?format=csv&value_min=0&sort=-value",
        "/api/v1/donations/?format=ec&date_from=1999-01-01&sort=date",
        "/cy/search/download/donations/?format=csv&value_min=-5",
    ]
    for url in urls:
        bodies = []
        for copying in (True, False):
            settings.EXPORT_COPY = copying
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            bodies.append(_bytes(response.streaming_content))
        assert bodies[0] == bodies[1], url
        assert bodies[0].count(b"\r\n") > 1, url


def test_postgresql_exports_go_through_copy(
    imported_samples: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    original = psycopg.Cursor.copy

    def spy(self: Any, statement: Any, params: Any = None, **kwargs: Any) -> Any:
        statements.append(str(statement))
        return original(self, statement, params, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", spy)
    queryset = Donation.objects.filter(value__gte=Decimal("0")).order_by("-value", "id")
    with CaptureQueriesContext(connection) as queries:
        written = _bytes(exports.stream_csv(queryset, "donations", "csv"))
    rows = written.count(b"\r\n") - 1
    assert rows == queryset.count() > 0
    fetched = [q["sql"] for q in queries.captured_queries if "finance_donation" in q["sql"]]
    if POSTGRES:
        assert len(statements) == 1
        assert statements[0].startswith("COPY (SELECT ")
        assert statements[0].endswith(") TO STDOUT WITH (FORMAT csv)")
        assert "ORDER BY" in statements[0]
        assert "%s" in statements[0]  # value >= %s, bound by psycopg
        assert fetched == []  # no row read by Django's cursor
    else:
        assert statements == []
        assert len(fetched) == 1


def _slow(queryset: Any) -> Any:
    """``queryset`` with a condition that takes a while for each row."""
    if POSTGRES:
        return queryset.extra(where=["pg_sleep(0.01) IS NOT NULL"])
    # Correlated with the row, so that SQLite cannot work it out once for all rows.
    heavy = "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000 + finance_donation.id % 2) SELECT count(*) FROM c) > 0"  # fmt: skip
    return queryset.extra(where=[heavy])  # noqa: S610 - constant SQL


def test_a_fetch_over_the_query_budget_is_stopped(imported_samples: Any) -> None:
    queryset = _slow(Donation.objects.order_by("pk"))
    with pytest.raises(ApiError) as raised, query_budget(100) as budget:
        _bytes(stream_csv(queryset, "donations", "csv", budget))
    assert raised.value.error_code == ApiErrorCode.QUERY_TOO_EXPENSIVE


def test_a_slow_client_is_not_counted_against_the_budget(
    imported_samples: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Between chunks the export waits for the client; only the fetches are timed, so
    # waiting longer than the whole budget between them must not stop the export.
    monkeypatch.setattr(copy_csv, "ROWS_PER_CHUNK", 50)
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 50)
    queryset = Donation.objects.order_by("pk")
    assert queryset.count() > 100
    chunks = []
    with query_budget(300) as budget:
        for chunk in stream_csv(queryset, "donations", "csv", budget):
            chunks.append(chunk)
            time.sleep(0.4)
    assert len(chunks) > 2
    assert b"".join(chunks) == _bytes(python_csv(queryset, "donations", "csv"))


def test_without_a_budget_the_connections_limit_holds_for_each_chunk(
    imported_samples: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The nightly bulk files: no query budget, but the connection's statement_timeout
    # (DATABASE_STATEMENT_TIMEOUT_MS) bounds each chunk's wait as it bounded each fetch,
    # never the whole file.
    monkeypatch.setattr(copy_csv, "ROWS_PER_CHUNK", 50)
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 50)
    queryset = Donation.objects.order_by("pk")
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 300")
        with pytest.raises(OperationalError, match="canceling statement"):
            _bytes(stream_csv(_slow(queryset), "donations", "csv"))
    chunks = []
    for chunk in stream_csv(queryset, "donations", "csv"):
        chunks.append(chunk)
        time.sleep(0.4)
    assert len(chunks) > 2
    assert b"".join(chunks) == _bytes(python_csv(queryset, "donations", "csv"))
