"""Exports of every matching row, streamed: our CSV, the Commission's layout, Parquet.

Text cells that a spreadsheet would run as a formula are neutralised in both CSVs.
An individual's postcode is never written (it is not even stored)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connections
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI
from django.http import StreamingHttpResponse

from regulator.core import cells, clock
from regulator.core.api.budget import Budget, query_budget
from regulator.disclosure.api import copy_csv
from regulator.disclosure.api.column_labels import COLUMN_LABELS
from regulator.finance import types as finance_types

Row = dict[str, Any]


class _Get:
    """Reads a published column from a fetched row: one field (``source``) as it is, a
    name with its spaces collapsed (``clean``), or a postcode blanked for individuals
    (``status``: the field that says who). The CSV writer reads the same description
    to convert whole columns at once."""

    __slots__ = ("clean", "source", "status")

    def __init__(self, source: str, *, clean: bool = False, status: str = "") -> None:
        self.source, self.clean, self.status = source, clean, status

    def __call__(self, row: Row) -> Any:
        value = row[self.source]
        if self.clean:
            return " ".join(value.split())
        if self.status:
            return "" if finance_types.is_individual(row[self.status] or "") else value
        return value


# Our own columns: (name, getter, arrow type)
_COMMON: list[tuple[str, _Get, pa.DataType]] = [
    ("ec_ref", _Get("ec_ref"), pa.string()),
    ("regulated_entity_id", _Get("entity_id"), pa.int64()),
    ("regulated_entity_name", _Get("entity_name"), pa.string()),
    ("regulated_entity_type", _Get("entity_type"), pa.string()),
    ("register_name", _Get("register"), pa.string()),
    ("accounting_unit_id", _Get("accounting_unit_id"), pa.int64()),
    ("accounting_unit_name", _Get("accounting_unit_name"), pa.string()),
    ("campaigning_name", _Get("campaigning_name"), pa.string()),
    ("reporting_period", _Get("period__name"), pa.string()),
    ("value", _Get("value"), pa.decimal128(14, 2)),
    ("date", _Get("date"), pa.date32()),
]


def _field(name: str, kind: pa.DataType) -> tuple[str, _Get, pa.DataType]:
    return (name, _Get(name), kind)


def _clean(name: str) -> _Get:
    return _Get(name, clean=True)


def _postcode(status_field: str) -> _Get:
    return _Get("postcode", status=status_field)


S, D, B, INT, M = pa.string(), pa.date32(), pa.bool_(), pa.int64(), pa.decimal128(14, 2)

OUR_COLUMNS: dict[str, list[tuple[str, _Get, pa.DataType]]] = {
    "donations": [
        *_COMMON,
        ("donor_name", _clean("donor_name"), S),
        _field("ec_donor_id", INT),
        _field("donor_status", S),
        _field("donee_type", S),
        _field("company_number", S),
        _field("company_number_reported", S),
        ("postcode", _postcode("donor_status"), S),
        _field("donation_type", S),
        _field("nature", S),
        _field("purpose_of_visit", S),
        _field("donation_action", S),
        _field("accepted_date", D),
        _field("received_date", D),
        _field("reported_date", D),
        _field("is_reported_pre_poll", B),
        _field("is_sponsorship", B),
        _field("is_bequest", B),
        _field("is_aggregation", B),
        _field("is_irish_source", B),
        _field("accounting_units_as_central_party", B),
        _field("is_public_fund", B),
    ],
    "loans": [
        *_COMMON,
        ("lender_name", _clean("lender_name"), S),
        _field("ec_lender_id", INT),
        _field("lender_type", S),
        _field("company_number", S),
        _field("company_number_reported", S),
        ("postcode", _postcode("lender_type"), S),
        _field("loan_type", S),
        _field("loan_status", S),
        _field("rate_of_interest", S),
        _field("amount_repaid", M),
        _field("amount_converted", M),
        _field("amount_outstanding", M),
        _field("start_date", D),
        _field("end_date", D),
        _field("date_repaid", D),
        _field("date_ec_last_notified", D),
        _field("is_reported_pre_poll", B),
        _field("is_aggregation", B),
        _field("is_irish_source", B),
    ],
    "spending": [
        *_COMMON,
        ("supplier_name", _clean("supplier_name"), S),
        _field("ec_supplier_id", INT),
        _field("supplier_address", S),
        _field("expense_category", S),
        _field("amount_england", M),
        _field("amount_scotland", M),
        _field("amount_wales", M),
        _field("amount_northern_ireland", M),
        _field("date_incurred", D),
        _field("date_of_claim", D),
        _field("date_paid", D),
        _field("invoice_id", S),
        _field("joint_campaign_name", S),
        _field("unregistered_campaigner_name", S),
        _field("is_outside_section_75", B),
    ],
}

assert {name for columns in OUR_COLUMNS.values() for name, _g, _k in columns} == set(COLUMN_LABELS)

# How the Commission's layout writes a value: text as it is (a formula neutralised), an
# amount as £1,234.50, a plain number (spending's TotalExpenditure, as 200.4), a date as
# dd/mm/yyyy, a boolean as True/False, an id as digits; a blank for no value.
TEXT, AMOUNT, PLAIN, DATE, BOOL, ID = "text", "amount", "plain", "date", "bool", "id"

EC_COLUMNS: dict[str, list[tuple[str, _Get, str]]] = {
    "donations": [
        ("ECRef", _Get("ec_ref"), TEXT),
        ("RegulatedEntityName", _Get("entity_name"), TEXT),
        ("RegulatedEntityType", _Get("entity_type"), TEXT),
        ("Value", _Get("value"), AMOUNT),
        ("AcceptedDate", _Get("accepted_date"), DATE),
        ("AccountingUnitName", _Get("accounting_unit_name"), TEXT),
        ("DonorName", _Get("donor_name"), TEXT),
        ("AccountingUnitsAsCentralParty", _Get("accounting_units_as_central_party"), BOOL),
        ("IsSponsorship", _Get("is_sponsorship"), BOOL),
        ("DonorStatus", _Get("donor_status"), TEXT),
        ("RegulatedDoneeType", _Get("donee_type"), TEXT),
        ("CompanyRegistrationNumber", _Get("company_number_reported"), TEXT),
        ("Postcode", _postcode("donor_status"), TEXT),
        ("DonationType", _Get("donation_type"), TEXT),
        ("NatureOfDonation", _Get("nature"), TEXT),
        ("PurposeOfVisit", _Get("purpose_of_visit"), TEXT),
        ("DonationAction", _Get("donation_action"), TEXT),
        ("ReceivedDate", _Get("received_date"), DATE),
        ("ReportedDate", _Get("reported_date"), DATE),
        ("IsReportedPrePoll", _Get("is_reported_pre_poll"), BOOL),
        ("ReportingPeriodName", _Get("period__name"), TEXT),
        ("IsBequest", _Get("is_bequest"), BOOL),
        ("IsAggregation", _Get("is_aggregation"), BOOL),
        ("RegulatedEntityId", _Get("entity_id"), ID),
        ("AccountingUnitId", _Get("accounting_unit_id"), ID),
        ("DonorId", _Get("ec_donor_id"), ID),
        ("CampaigningName", _Get("campaigning_name"), TEXT),
        ("RegisterName", _Get("register"), TEXT),
        ("IsIrishSource", _Get("is_irish_source"), BOOL),
    ],
    "loans": [
        ("ECRef", _Get("ec_ref"), TEXT),
        ("RegulatedEntityName", _Get("entity_name"), TEXT),
        ("RegulatedEntityType", _Get("entity_type"), TEXT),
        ("Value", _Get("value"), AMOUNT),
        ("LoanStatus", _Get("loan_status"), TEXT),
        ("StartDate", _Get("start_date"), DATE),
        ("AccountingUnitName", _Get("accounting_unit_name"), TEXT),
        ("LoanParticipantName", _Get("lender_name"), TEXT),
        ("LoanParticipantType", _Get("lender_type"), TEXT),
        ("CompanyRegistrationNumber", _Get("company_number_reported"), TEXT),
        ("Postcode", _postcode("lender_type"), TEXT),
        ("LoanType", _Get("loan_type"), TEXT),
        ("RateOfInterestDescription", _Get("rate_of_interest"), TEXT),
        ("AmountRepaid", _Get("amount_repaid"), AMOUNT),
        ("AmountConverted", _Get("amount_converted"), AMOUNT),
        ("AmountOutstanding", _Get("amount_outstanding"), AMOUNT),
        ("EndDate", _Get("end_date"), DATE),
        ("DateRepaid", _Get("date_repaid"), DATE),
        ("DateEcLastNotified", _Get("date_ec_last_notified"), DATE),
        ("IsReportedPrePoll", _Get("is_reported_pre_poll"), BOOL),
        ("ReportingPeriodName", _Get("period__name"), TEXT),
        ("IsAggregation", _Get("is_aggregation"), BOOL),
        ("RegulatedEntityId", _Get("entity_id"), ID),
        ("AccountingUnitId", _Get("accounting_unit_id"), ID),
        ("LoanParticipantId", _Get("ec_lender_id"), ID),
        ("CampaigningName", _Get("campaigning_name"), TEXT),
        ("RegisterName", _Get("register"), TEXT),
        ("IsIrishSource", _Get("is_irish_source"), BOOL),
    ],
    "spending": [
        ("ECRef", _Get("ec_ref"), TEXT),
        ("RegulatedEntityName", _Get("entity_name"), TEXT),
        ("ReportingPeriodName", _Get("period__name"), TEXT),
        ("RegulatedEntityType", _Get("entity_type"), TEXT),
        # The Commission writes TotalExpenditure as a plain number (200.4).
        ("TotalExpenditure", _Get("value"), PLAIN),
        ("DateIncurred", _Get("date_incurred"), DATE),
        ("ExpenseCategoryName", _Get("expense_category"), TEXT),
        ("SupplierName", _Get("supplier_name"), TEXT),
        ("FullAddress", _Get("supplier_address"), TEXT),
        ("AmountInEngland", _Get("amount_england"), AMOUNT),
        ("AmountInScotland", _Get("amount_scotland"), AMOUNT),
        ("AmountInWales", _Get("amount_wales"), AMOUNT),
        ("AmountInNorthernIreland", _Get("amount_northern_ireland"), AMOUNT),
        ("DateOfClaimForPayment", _Get("date_of_claim"), DATE),
        ("DatePaid", _Get("date_paid"), DATE),
        ("RedactedSupportingInvoiceId", _Get("invoice_id"), TEXT),
        ("RegulatedEntityId", _Get("entity_id"), ID),
        ("SupplierId", _Get("ec_supplier_id"), ID),
        ("JointCampaignName", _Get("joint_campaign_name"), TEXT),
        ("UnregisteredCampaignerName", _Get("unregistered_campaigner_name"), TEXT),
        ("CampaigningName", _Get("campaigning_name"), TEXT),
        ("IsOutsideSection75", _Get("is_outside_section_75"), BOOL),
    ],
}


# Read for searching only, never exported: not fetched (the folded names double a row);
# nor the import's proof columns (docs/audit.md, "Rows proven by a Merkle root").
_NOT_EXPORTED = frozenset(
    {"search_text", "row_digest", "source_digest", "import_batch_id", "import_leaf"}
)
ROWS_PER_CHUNK = 1000


def _fetched(queryset: QuerySet[Any]) -> list[str]:
    return [
        *(
            f.attname
            for f in queryset.model._meta.concrete_fields
            if f.attname not in _NOT_EXPORTED
        ),
        "period__name",
    ]


def export_rows(queryset: QuerySet[Any]) -> Iterator[Row]:
    yield from queryset.values(*_fetched(queryset)).iterator(chunk_size=5000)


# --- CSV, a column at a time ----------------------------------------------------------------
#
# The rows come straight from the database cursor, a thousand at a time, without Django's
# per-value converters; each column is then written with one comprehension (or one C-level
# map) instead of a function call per cell. What each database hands back: SQLite gives
# dates as ISO text (cast in the query), amounts as int or float and booleans as 0/1;
# PostgreSQL gives date, Decimal and bool. The csv module writes None as an empty cell and
# ints and dates with str() (ISO for a date), so those columns can pass through untouched.

Column = tuple[Any, ...]
Converter = Callable[[Column], Any]

_FORMULA_FIRST = frozenset(cells.FORMULA_TRIGGERS)
assert all(len(trigger) == 1 for trigger in cells.FORMULA_TRIGGERS)
# Amounts such as -£5.00 are numbers, not formulas: the Commission's layout keeps them.
_NEGATIVE_AMOUNT = re.compile(r"-£?[\d,]+(\.\d+)?")
# 1 and 0 (SQLite's booleans) hash as True and False.
_OUR_BOOLEAN = {True: "true", False: "false", None: ""}
_EC_BOOLEAN = {True: "True", False: "False", None: ""}


def _texts(column: Column) -> list[Any]:
    first = _FORMULA_FIRST
    return ["'" + v if v and v[0] in first else v for v in column]


def _collapsed(column: Column) -> tuple[Any, ...]:
    return tuple(" ".join(v.split()) for v in column)


def _names(column: Column) -> list[Any]:
    return _texts(_collapsed(column))


def _money(column: Column) -> list[str]:
    return ["" if v is None else f"{v:.2f}" for v in column]


def _our_booleans(column: Column) -> list[str]:
    return list(map(_OUR_BOOLEAN.__getitem__, column))


def _as_is(column: Column) -> Column:
    return column


def _ec_texts(column: Column) -> list[Any]:
    first, number = _FORMULA_FIRST, _NEGATIVE_AMOUNT.fullmatch
    return ["'" + v if v and v[0] in first and not number(v) else v for v in column]


def _ec_amounts(column: Column) -> list[str]:
    return ["" if v is None else (f"-£{-v:,.2f}" if v < 0 else f"£{v:,.2f}") for v in column]


def _ec_plain(column: Column) -> list[str]:
    # 200.40 as 200.4 and 1000.00 as 1000, from a Decimal or from SQLite's float or int.
    return ["" if v is None else format(Decimal(str(v)).normalize(), "f") for v in column]


def _ec_iso_dates(column: Column) -> list[str]:
    return ["" if v is None else f"{v[8:10]}/{v[5:7]}/{v[:4]}" for v in column]


def _ec_dates(column: Column) -> list[str]:
    # isoformat and slices: a third of strftime's time.
    return ["" if v is None else f"{(i := v.isoformat())[8:10]}/{i[5:7]}/{i[:4]}" for v in column]


def _ec_booleans(column: Column) -> list[str]:
    return list(map(_EC_BOOLEAN.__getitem__, column))


def _our_converter(get: _Get, kind: pa.DataType) -> Converter:
    if get.clean:
        return _names
    if pa.types.is_string(kind):
        return _texts
    if pa.types.is_decimal(kind):
        return _money
    if pa.types.is_boolean(kind):
        return _our_booleans
    return _as_is  # integers and dates


def _ec_converter(layout: str, dates_as_text: bool) -> Converter:
    if layout == DATE:
        return _ec_iso_dates if dates_as_text else _ec_dates
    return {
        TEXT: _ec_texts,
        AMOUNT: _ec_amounts,
        PLAIN: _ec_plain,
        BOOL: _ec_booleans,
        ID: _as_is,
    }[layout]


Step = Callable[[], None] | None


def _each_fetch(chunks: Iterator[Any], before_fetch: Step) -> Iterator[Any]:
    """The chunks, calling ``before_fetch`` before each is fetched (a query budget's
    restart: the budget bounds each fetch, not the time the client takes to read)."""
    while True:
        if before_fetch is not None:
            before_fetch()
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        yield chunk


def _raw_chunks(
    queryset: QuerySet[Any], getters: list[_Get], dates: set[str], before_fetch: Step = None
) -> tuple[dict[str, int], Iterator[list[Column]]]:
    """Where each field the ``getters`` read stands in a row, and the rows as the database
    gives them, a chunk at a time (on PostgreSQL through a server-side cursor, as
    ``iterator()`` does). Only those fields are fetched. The ``dates`` come as ISO text:
    SQLite's driver would otherwise parse every one in Python (half the fetch's time)."""
    sources = dict.fromkeys(
        source for get in getters for source in (get.source, get.status) if source
    )
    plain = [source for source in sources if source not in dates]
    casts = {f"text_{source}": Cast(source, TextField()) for source in sources if source in dates}
    # The compiler's rows hold the fields, then the annotations, in the order given.
    order = [*plain, *(name.removeprefix("text_") for name in casts)]
    query = queryset.annotate(**casts).values_list(*plain, *casts).query
    compiler = query.get_compiler(using=queryset.db)
    if before_fetch is not None:
        before_fetch()
    chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=ROWS_PER_CHUNK)
    fetched = _each_fetch(iter(chunks or ()), before_fetch)
    return {source: index for index, source in enumerate(order)}, fetched


def _column_chunks(
    queryset: QuerySet[Any],
    columns: list[tuple[str, _Get, Converter]],
    dates: set[str],
    before_fetch: Step = None,
) -> Iterator[list[Any]]:
    """The rows of ``queryset``, a chunk at a time, as the output ``columns``: each a
    sequence of one column's values, converted (and postcodes blanked for individuals)."""
    getters = [get for _name, get, _convert in columns]
    at, chunks = _raw_chunks(queryset, getters, dates, before_fetch)
    plan = [(at[get.source], convert, get.status) for _name, get, convert in columns]
    for chunk in chunks:
        fetched = list(zip(*chunk, strict=True))
        written = []
        for index, convert, status in plan:
            column = convert(fetched[index])
            if status:
                who = fetched[at[status]]
                column = [
                    "" if finance_types.is_individual(s or "") else v
                    for s, v in zip(who, column, strict=True)
                ]
            written.append(column)
        yield written


def _csv_chunks(
    queryset: QuerySet[Any],
    columns: list[tuple[str, _Get, Converter]],
    dates: set[str],
    preamble: str = "",
    before_fetch: Step = None,
    labels: dict[str, str] | None = None,
) -> Iterator[bytes]:
    buffer = io.StringIO()
    buffer.write(preamble)
    writer = csv.writer(buffer)
    writer.writerow([labels[name] if labels else name for name, _get, _convert in columns])
    for written in _column_chunks(queryset, columns, dates, before_fetch):
        writer.writerows(zip(*written, strict=True))
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue().encode()


def stream_csv(
    queryset: QuerySet[Any],
    kind: str,
    layout: str,
    budget: Budget | None = None,
    labels: dict[str, str] | None = None,
) -> Iterator[bytes]:
    """Every row of ``queryset`` as CSV, each fetch under ``budget``: our columns (``labels``:
    their headers in words), or the Commission's (``ec``: its headers, and the byte-order
    mark Excel needs to read UTF-8). On PostgreSQL the database writes it (``copy_csv``)."""
    if copy_csv.applies(queryset):
        described = EC_COLUMNS[kind] if layout == "ec" else OUR_COLUMNS[kind]
        return copy_csv.stream_csv(queryset, layout, described, labels, budget)
    return python_csv(queryset, kind, layout, budget.restart if budget else None, labels)


def python_csv(
    queryset: QuerySet[Any],
    kind: str,
    layout: str,
    before_fetch: Step = None,
    labels: dict[str, str] | None = None,
) -> Iterator[bytes]:
    """``stream_csv`` written here: SQLite's path, and the COPY path's definition."""
    as_text = connections[queryset.db].vendor == "sqlite"
    if layout == "ec":
        ec_columns = EC_COLUMNS[kind]
        dates = {get.source for _n, get, form in ec_columns if form == DATE} if as_text else set()
        columns = [(name, get, _ec_converter(form, as_text)) for name, get, form in ec_columns]
        return _csv_chunks(queryset, columns, dates, "\ufeff", before_fetch)
    ours = OUR_COLUMNS[kind]
    dates = {get.source for _n, get, k in ours if pa.types.is_date(k)} if as_text else set()
    columns = [(name, get, _our_converter(get, kind_)) for name, get, kind_ in ours]
    return _csv_chunks(queryset, columns, dates, before_fetch=before_fetch, labels=labels)


class _Sink(io.RawIOBase):
    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def parquet_schema(kind: str) -> pa.Schema:
    return pa.schema([(name, kind_) for name, _get, kind_ in OUR_COLUMNS[kind]])


def _arrow(values: list[Any], kind: pa.DataType) -> pa.Array:
    """One column as an Arrow array of ``kind``, from what the database gave."""
    array = pa.array(values)
    if pa.types.is_decimal(kind) and pa.types.is_integer(array.type):
        # Whole pounds from SQLite: an int64 would need 21 digits of precision.
        array = array.cast(pa.float64())
    return array.cast(kind)


def stream_parquet(
    queryset: QuerySet[Any], kind: str, rows_per_group: int = 50_000, before_fetch: Step = None
) -> Iterator[bytes]:
    """Our columns as Parquet, typed (no formula neutralising: nothing runs a Parquet
    cell), a row group per ``rows_per_group`` rows. Arrow converts each column whole:
    SQLite's ISO dates, float amounts and 0/1 booleans become the schema's types."""
    ours = OUR_COLUMNS[kind]
    schema = parquet_schema(kind)
    dates = set()
    if connections[queryset.db].vendor == "sqlite":
        dates = {get.source for _n, get, k in ours if pa.types.is_date(k)}
    columns: list[tuple[str, _Get, Converter]] = [
        (name, get, _collapsed if get.clean else _as_is) for name, get, _k in ours
    ]
    sink = _Sink()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    batch: list[list[Any]] = [[] for _ in ours]

    def flush() -> None:
        arrays = [_arrow(values, field.type) for values, field in zip(batch, schema, strict=True)]
        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
        for values in batch:
            values.clear()

    for written in _column_chunks(queryset, columns, dates, before_fetch):
        for values, column in zip(batch, written, strict=True):
            values.extend(column)
        if len(batch[0]) >= rows_per_group:
            flush()
            yield sink.drain()
    if batch[0]:
        flush()
    writer.close()
    yield sink.drain()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ec": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def _budgeted(
    queryset: QuerySet[Any],
    kind: str,
    layout: str,
    on_close: Callable[[], None] | None,
    labels: dict[str, str] | None = None,
) -> Iterator[bytes]:
    """The export's bytes, each fetch from the database under the query budget; then
    ``on_close`` (the export's slot given back), however the stream ends."""
    try:
        with query_budget() as budget:
            if layout == "parquet":
                yield from stream_parquet(queryset, kind, before_fetch=budget.restart)
            else:
                yield from stream_csv(queryset, kind, layout, budget, labels)
    finally:
        if on_close is not None:
            on_close()


def export_response(
    queryset: QuerySet[Any],
    kind: str,
    layout: str,
    on_close: Callable[[], None] | None = None,
    labelled: bool = False,
) -> StreamingHttpResponse:
    """The export as a download. ``labelled`` (the search pages' downloads in Welsh): our
    CSV's headers in words in the active language, read now (the body is written later,
    as the client reads it)."""
    stamp = clock.local_today().isoformat()
    if layout == "parquet":
        filename = f"{kind}-{stamp}.parquet"
    else:
        suffix = "-ec-layout" if layout == "ec" else ""
        filename = f"{kind}{suffix}-{stamp}.csv"
    labels = {name: str(label) for name, label in COLUMN_LABELS.items()} if labelled else None
    body = _budgeted(queryset, kind, layout, on_close, labels)
    response = StreamingHttpResponse(body, content_type=CONTENT_TYPES[layout])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
