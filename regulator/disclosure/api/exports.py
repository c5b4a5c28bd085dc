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

from regulator.core import clock
from regulator.finance import choices, ec_formats

Row = dict[str, Any]
Getter = Callable[[Row], Any]


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
            return "" if row[self.status] == choices.INDIVIDUAL else value
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

fd, fb, fa = ec_formats.format_date, ec_formats.format_bool, ec_formats.format_amount


def _n(value: Any) -> str:
    return "" if value is None else str(value)


EC_COLUMNS: dict[str, dict[str, Getter]] = {
    "donations": {
        "ECRef": lambda r: r["ec_ref"],
        "RegulatedEntityName": lambda r: r["entity_name"],
        "RegulatedEntityType": lambda r: r["entity_type"],
        "Value": lambda r: fa(r["value"]),
        "AcceptedDate": lambda r: fd(r["accepted_date"]),
        "AccountingUnitName": lambda r: r["accounting_unit_name"],
        "DonorName": lambda r: r["donor_name"],
        "AccountingUnitsAsCentralParty": lambda r: fb(r["accounting_units_as_central_party"]),
        "IsSponsorship": lambda r: fb(r["is_sponsorship"]),
        "DonorStatus": lambda r: r["donor_status"],
        "RegulatedDoneeType": lambda r: r["donee_type"],
        "CompanyRegistrationNumber": lambda r: r["company_number_reported"],
        "Postcode": _postcode("donor_status"),
        "DonationType": lambda r: r["donation_type"],
        "NatureOfDonation": lambda r: r["nature"],
        "PurposeOfVisit": lambda r: r["purpose_of_visit"],
        "DonationAction": lambda r: r["donation_action"],
        "ReceivedDate": lambda r: fd(r["received_date"]),
        "ReportedDate": lambda r: fd(r["reported_date"]),
        "IsReportedPrePoll": lambda r: fb(r["is_reported_pre_poll"]),
        "ReportingPeriodName": lambda r: r["period__name"],
        "IsBequest": lambda r: fb(r["is_bequest"]),
        "IsAggregation": lambda r: fb(r["is_aggregation"]),
        "RegulatedEntityId": lambda r: _n(r["entity_id"]),
        "AccountingUnitId": lambda r: _n(r["accounting_unit_id"]),
        "DonorId": lambda r: _n(r["ec_donor_id"]),
        "CampaigningName": lambda r: r["campaigning_name"],
        "RegisterName": lambda r: r["register"],
        "IsIrishSource": lambda r: fb(r["is_irish_source"]),
    },
    "loans": {
        "ECRef": lambda r: r["ec_ref"],
        "RegulatedEntityName": lambda r: r["entity_name"],
        "RegulatedEntityType": lambda r: r["entity_type"],
        "Value": lambda r: fa(r["value"]),
        "LoanStatus": lambda r: r["loan_status"],
        "StartDate": lambda r: fd(r["start_date"]),
        "AccountingUnitName": lambda r: r["accounting_unit_name"],
        "LoanParticipantName": lambda r: r["lender_name"],
        "LoanParticipantType": lambda r: r["lender_type"],
        "CompanyRegistrationNumber": lambda r: r["company_number_reported"],
        "Postcode": _postcode("lender_type"),
        "LoanType": lambda r: r["loan_type"],
        "RateOfInterestDescription": lambda r: r["rate_of_interest"],
        "AmountRepaid": lambda r: fa(r["amount_repaid"]),
        "AmountConverted": lambda r: fa(r["amount_converted"]),
        "AmountOutstanding": lambda r: fa(r["amount_outstanding"]),
        "EndDate": lambda r: fd(r["end_date"]),
        "DateRepaid": lambda r: fd(r["date_repaid"]),
        "DateEcLastNotified": lambda r: fd(r["date_ec_last_notified"]),
        "IsReportedPrePoll": lambda r: fb(r["is_reported_pre_poll"]),
        "ReportingPeriodName": lambda r: r["period__name"],
        "IsAggregation": lambda r: fb(r["is_aggregation"]),
        "RegulatedEntityId": lambda r: _n(r["entity_id"]),
        "AccountingUnitId": lambda r: _n(r["accounting_unit_id"]),
        "LoanParticipantId": lambda r: _n(r["ec_lender_id"]),
        "CampaigningName": lambda r: r["campaigning_name"],
        "RegisterName": lambda r: r["register"],
        "IsIrishSource": lambda r: fb(r["is_irish_source"]),
    },
    "spending": {
        "ECRef": lambda r: r["ec_ref"],
        "RegulatedEntityName": lambda r: r["entity_name"],
        "ReportingPeriodName": lambda r: r["period__name"],
        "RegulatedEntityType": lambda r: r["entity_type"],
        # The Commission writes TotalExpenditure as a plain number (200.4).
        "TotalExpenditure": lambda r: _plain(r["value"]),
        "DateIncurred": lambda r: fd(r["date_incurred"]),
        "ExpenseCategoryName": lambda r: r["expense_category"],
        "SupplierName": lambda r: r["supplier_name"],
        "FullAddress": lambda r: r["supplier_address"],
        "AmountInEngland": lambda r: fa(r["amount_england"]),
        "AmountInScotland": lambda r: fa(r["amount_scotland"]),
        "AmountInWales": lambda r: fa(r["amount_wales"]),
        "AmountInNorthernIreland": lambda r: fa(r["amount_northern_ireland"]),
        "DateOfClaimForPayment": lambda r: fd(r["date_of_claim"]),
        "DatePaid": lambda r: fd(r["date_paid"]),
        "RedactedSupportingInvoiceId": lambda r: r["invoice_id"],
        "RegulatedEntityId": lambda r: _n(r["entity_id"]),
        "SupplierId": lambda r: _n(r["ec_supplier_id"]),
        "JointCampaignName": lambda r: r["joint_campaign_name"],
        "UnregisteredCampaignerName": lambda r: r["unregistered_campaigner_name"],
        "CampaigningName": lambda r: r["campaigning_name"],
        "IsOutsideSection75": lambda r: fb(r["is_outside_section_75"]),
    },
}


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


_NEGATIVE_AMOUNT = re.compile(r"-£?[\d,]+(\.\d+)?")


def _ec_cell(value: str) -> str:
    # Amounts such as -£5.00 are numbers, not formulas; neutralise everything else,
    # including text that merely starts like a number ("-2+3").
    if _NEGATIVE_AMOUNT.fullmatch(value):
        return value
    return ec_formats.neutralise_formula(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


# Read for searching only, never exported: not fetched (the folded names double a row).
_NOT_EXPORTED = frozenset({"search_text"})
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


def _rows(queryset: QuerySet[Any]) -> Iterator[Row]:
    yield from queryset.values(*_fetched(queryset)).iterator(chunk_size=5000)


# --- Our CSV, a column at a time ----------------------------------------------------------
#
# The rows come straight from the database cursor, a thousand at a time, without Django's
# per-value converters; each column is then written with one comprehension (or one C-level
# map) instead of a function call per cell. What each database hands back: SQLite gives
# dates as ISO text, amounts as int or float and booleans as 0/1; PostgreSQL gives date,
# Decimal and bool. The csv module writes None as an empty cell and ints and dates with
# str() (ISO for a date), so those columns pass through untouched.

_FORMULA_FIRST = frozenset(ec_formats.FORMULA_TRIGGERS)
assert all(len(trigger) == 1 for trigger in ec_formats.FORMULA_TRIGGERS)
_BOOLEAN_TEXT = {True: "true", False: "false", None: ""}  # 1 and 0 hash as True and False


def _texts(column: tuple[Any, ...]) -> list[Any]:
    first = _FORMULA_FIRST
    return ["'" + v if v and v[0] in first else v for v in column]


def _names(column: tuple[Any, ...]) -> list[Any]:
    return _texts(tuple(" ".join(v.split()) for v in column))


def _money(column: tuple[Any, ...]) -> list[str]:
    return ["" if v is None else f"{v:.2f}" for v in column]


def _booleans(column: tuple[Any, ...]) -> list[str]:
    return list(map(_BOOLEAN_TEXT.__getitem__, column))


def _as_is(column: tuple[Any, ...]) -> tuple[Any, ...]:
    return column


def _converter(get: _Get, kind: pa.DataType) -> Callable[[tuple[Any, ...]], Any]:
    if get.clean:
        return _names
    if pa.types.is_string(kind):
        return _texts
    if pa.types.is_decimal(kind):
        return _money
    if pa.types.is_boolean(kind):
        return _booleans
    return _as_is  # integers and dates


def _raw_chunks(
    queryset: QuerySet[Any], kind: str
) -> tuple[dict[str, int], Iterator[list[tuple[Any, ...]]]]:
    """Where each field our columns read stands in a row, and the rows as the database
    gives them, a chunk at a time (on PostgreSQL through a server-side cursor, as
    ``iterator()`` does). Only those fields are fetched. On SQLite dates come as text:
    the driver would otherwise parse every one in Python (half the fetch's time)."""
    sources = dict.fromkeys(
        source for _n, get, _k in OUR_COLUMNS[kind] for source in (get.source, get.status) if source
    )
    as_text: set[str] = set()
    if connections[queryset.db].vendor == "sqlite":
        as_text = {get.source for _n, get, k in OUR_COLUMNS[kind] if pa.types.is_date(k)}
    plain = [source for source in sources if source not in as_text]
    casts = {f"text_{source}": Cast(source, TextField()) for source in sources if source in as_text}
    # The compiler's rows hold the fields, then the annotations, in the order given.
    order = [*plain, *(name.removeprefix("text_") for name in casts)]
    query = queryset.annotate(**casts).values_list(*plain, *casts).query
    compiler = query.get_compiler(using=queryset.db)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=ROWS_PER_CHUNK)
    return {source: index for index, source in enumerate(order)}, iter(chunks or ())


def _our_csv_chunks(queryset: QuerySet[Any], kind: str) -> Iterator[bytes]:
    ours = OUR_COLUMNS[kind]
    at, chunks = _raw_chunks(queryset, kind)
    plan = [(at[get.source], _converter(get, kind_), get.status) for _n, get, kind_ in ours]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _get, _kind in ours])
    for chunk in chunks:
        columns = list(zip(*chunk, strict=True))
        written = []
        for index, convert, status in plan:
            column = convert(columns[index])
            if status:
                who = columns[at[status]]
                column = [
                    "" if s == choices.INDIVIDUAL else v for s, v in zip(who, column, strict=True)
                ]
            written.append(column)
        writer.writerows(zip(*written, strict=True))
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue().encode()


def _chunked(lines: Iterator[str]) -> Iterator[bytes]:
    """A thousand rows a write: one socket write per row costs as much as the rows."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= ROWS_PER_CHUNK:
            yield "".join(batch).encode()
            batch.clear()
    if batch:
        yield "".join(batch).encode()


def stream_csv(queryset: QuerySet[Any], kind: str, layout: str) -> Iterator[bytes]:
    if layout == "ec":
        return _chunked(_ec_csv_lines(queryset, kind))
    return _our_csv_chunks(queryset, kind)


def _ec_csv_lines(queryset: QuerySet[Any], kind: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    columns = EC_COLUMNS[kind]
    yield "\ufeff"
    yield writer.writerow(list(columns))
    getters = list(columns.values())
    for row in _rows(queryset):
        yield writer.writerow([_ec_cell(get(row)) for get in getters])


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


def stream_parquet(
    queryset: QuerySet[Any], kind: str, rows_per_group: int = 50_000
) -> Iterator[bytes]:
    columns = OUR_COLUMNS[kind]
    schema = parquet_schema(kind)
    sink = _Sink()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    batch: list[list[Any]] = [[] for _ in columns]

    def flush() -> None:
        writer.write_table(pa.table(batch, schema=schema))
        for column in batch:
            column.clear()

    for row in _rows(queryset):
        for index, (_name, get, _type) in enumerate(columns):
            value = get(row)
            batch[index].append(value)
        if len(batch[0]) >= rows_per_group:
            flush()
            yield sink.drain()
    flush()
    writer.close()
    yield sink.drain()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ec": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def export_response(queryset: QuerySet[Any], kind: str, layout: str) -> StreamingHttpResponse:
    stamp = clock.local_today().isoformat()
    if layout == "parquet":
        body: Iterator[bytes] = stream_parquet(queryset, kind)
        filename = f"{kind}-{stamp}.parquet"
    else:
        body = stream_csv(queryset, kind, layout)
        suffix = "-ec-layout" if layout == "ec" else ""
        filename = f"{kind}{suffix}-{stamp}.csv"
    response = StreamingHttpResponse(body, content_type=CONTENT_TYPES[layout])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
