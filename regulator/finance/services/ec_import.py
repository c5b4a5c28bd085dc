"""Reading the Commission's published CSV exports into finance records.

``ec_file_import`` is all-or-nothing per file: every row is read and checked; if any row
cannot be read (a value that does not parse as its column's type) the whole file is
rejected and nothing changes, unless ``skip_bad_rows`` is given, in which case those rows
are left out and reported. Records are matched on ``ECRef``, so importing a file twice
changes nothing; a changed row updates its record (with an audit event), and each file
imported leaves one audit event with its summary.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import cells
from regulator.core.errors import InvalidValueError
from regulator.finance import ec_formats
from regulator.finance import types as finance_types
from regulator.finance.derived import derived_fields
from regulator.finance.models import TRANSACTION_MODELS
from regulator.finance.services.imported import (
    Resolver,
    batch_close,
    batch_open,
    bulk_load_begin,
    records_import_published,
    source_digests,
)

CHUNK_ROWS = 2000
NO_PERIOD = "Not stated"


class ImportErrorCode(StrEnum):
    UNREADABLE_FILE = "unreadable_file"
    WRONG_LAYOUT = "wrong_layout"
    UNREADABLE_ROW = "unreadable_row"
    CONFLICTING_DUPLICATE = "conflicting_duplicate"


@dataclass
class RowProblem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"


@dataclass
class ImportSummary:
    path: str
    kind: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    unknown_values: Counter[tuple[str, str]] = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)
    error_code: str = ""
    error: str = ""
    sha256: str = ""
    total_value: Any = None
    batch_id: int | None = None
    merkle_root: str = ""

    @property
    def ok(self) -> bool:
        return not self.error_code

    def as_payload(self) -> dict[str, Any]:
        return {
            "file": Path(self.path).name,
            "sha256": self.sha256,
            "kind": self.kind,
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "unknown_values": {f"{c}={v}": n for (c, v), n in sorted(self.unknown_values.items())},
        }


class RowError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


class _RejectedError(Exception):
    """Raised inside the import transaction to roll the whole file back."""


_REMEMBERED_MAX = 100_000
_DATES: dict[str, dt.date | None] = {}
_BOOLEANS: dict[str, bool | None] = {}
_KNOWN: dict[tuple[str, str], tuple[str, bool]] = {}


class RowReader:
    """Typed access to one row's cells; unparseable cells raise RowError naming the column."""

    def __init__(self, row: dict[str, str], unknown: Counter[tuple[str, str]]) -> None:
        self.row = row
        self.unknown = unknown

    def text(self, column: str) -> str:
        return cells.clean_name(self.row.get(column, ""))

    def raw(self, column: str) -> str:
        return self.row.get(column, "")

    def _parse(self, column: str, parser: Callable[[str], Any]) -> Any:
        try:
            return parser(self.row.get(column, ""))
        except InvalidValueError as exc:
            raise RowError(column, exc.message) from exc

    def date(self, column: str) -> dt.date | None:
        # A file has a few thousand distinct dates and booleans in a million rows: each
        # text is parsed once (a text that does not parse is never remembered).
        text = self.row.get(column, "")
        try:
            return _DATES[text]
        except KeyError:
            if len(_DATES) > _REMEMBERED_MAX:
                _DATES.clear()
            value = _DATES[text] = self._parse(column, cells.parse_date)
            return value

    def boolean(self, column: str) -> bool | None:
        text = self.row.get(column, "")
        try:
            return _BOOLEANS[text]
        except KeyError:
            value = _BOOLEANS[text] = self._parse(column, cells.parse_bool)
            return value

    def amount(self, column: str, *, required: bool = False) -> Any:
        value = self._parse(column, cells.parse_amount)
        if value is None and required:
            raise RowError(column, "is blank but an amount is required")
        return value

    def integer(self, column: str, *, required: bool = False) -> int | None:
        value = self._parse(column, cells.parse_int)
        if value is None and required:
            raise RowError(column, "is blank but a number is required")
        return value

    def known(self, column: str) -> str:
        """An enumerated value: stored as reported; outside the known set it is counted."""
        key = (column, self.row.get(column, ""))
        found = _KNOWN.get(key)
        if found is None:
            value = self.text(column)
            unknown = False
            if value and value not in finance_types.KNOWN_VALUES[column]:
                match = finance_types.resolve_label(finance_types.KNOWN_VALUES[column], value)
                if match is None:
                    unknown = True
                else:
                    value = match
            if len(_KNOWN) > _REMEMBERED_MAX:
                _KNOWN.clear()
            found = _KNOWN[key] = (value, unknown)
        if found[1]:
            self.unknown[(column, found[0])] += 1
        return found[0]

    def company_number(self, column: str) -> tuple[str, str]:
        reported = self.raw(column).strip()
        try:
            return reported, cells.normalise_company_number(reported)
        except InvalidValueError:
            self.unknown[(column, reported)] += 1
            return reported, ""


@dataclass
class Converted:
    ec_ref: str
    entity_id: int
    entity_name: str
    entity_type_label: str
    register_label: str
    donee_type: str
    deregistered_on: dt.date | None
    unit_id: int | None
    unit_name: str
    period_name: str
    fields: dict[str, Any]


def _common(r: RowReader, value_column: str) -> dict[str, Any]:
    ec_ref = r.text("ECRef")
    if not ec_ref:
        raise RowError("ECRef", "is blank but every row needs the Commission's reference")
    entity_id = r.integer("RegulatedEntityId", required=True)
    try:
        entity_name, deregistered_on = ec_formats.split_deregistration(r.raw("RegulatedEntityName"))
    except InvalidValueError as exc:
        raise RowError("RegulatedEntityName", exc.message) from exc
    if not entity_name:
        raise RowError("RegulatedEntityName", "is blank")
    return {
        "ec_ref": ec_ref,
        "entity_id": entity_id,
        "entity_name": entity_name,
        "deregistered_on": deregistered_on,
        "entity_type": r.known("RegulatedEntityType"),
        "register": r.known("RegisterName") if "RegisterName" in r.row else "",
        "value": r.amount(value_column, required=True),
        "campaigning_name": r.text("CampaigningName"),
        "period_name": r.text("ReportingPeriodName") or NO_PERIOD,
    }


def _finish(
    kind: str,
    common: dict[str, Any],
    fields: dict[str, Any],
    date_column: str,
    unit_id: int | None,
    unit_name: str,
    donee_type: str = "",
) -> Converted:
    fields.update(
        ec_ref=common["ec_ref"],
        entity_id=common["entity_id"],
        entity_name=common["entity_name"],
        entity_type=common["entity_type"],
        register=common["register"],
        accounting_unit_name=unit_name,
        campaigning_name=common["campaigning_name"],
        value=common["value"],
    )
    fields.update(derived_fields(kind, fields))
    if fields["date"] is None:
        raise RowError(date_column, "is blank and no other date in the row can stand in for it")
    return Converted(
        ec_ref=common["ec_ref"],
        entity_id=common["entity_id"],
        entity_name=common["entity_name"],
        entity_type_label=common["entity_type"],
        register_label=common["register"],
        donee_type=donee_type,
        deregistered_on=common["deregistered_on"],
        unit_id=unit_id,
        unit_name=unit_name,
        period_name=common["period_name"],
        fields=fields,
    )


def convert_donation(r: RowReader) -> Converted:
    common = _common(r, "Value")
    donor_status = r.known("DonorStatus")
    donation_type = r.known("DonationType")
    reported_number, number = r.company_number("CompanyRegistrationNumber")
    accepted, received, reported = (
        r.date("AcceptedDate"),
        r.date("ReceivedDate"),
        r.date("ReportedDate"),
    )
    donee_type = r.text("RegulatedDoneeType")
    fields = {
        "donor_name": r.raw("DonorName"),
        "donor_status": donor_status,
        "donee_type": donee_type,
        "company_number_reported": reported_number,
        "company_number": number,
        # An individual's postcode is cleared by ``derived_fields``: it is never kept.
        "postcode": r.text("Postcode"),
        "donation_type": donation_type,
        "nature": r.known("NatureOfDonation"),
        "purpose_of_visit": r.text("PurposeOfVisit"),
        "donation_action": r.known("DonationAction"),
        "accepted_date": accepted,
        "received_date": received,
        "reported_date": reported,
        "is_reported_pre_poll": r.boolean("IsReportedPrePoll"),
        "is_sponsorship": r.boolean("IsSponsorship"),
        "is_bequest": r.boolean("IsBequest"),
        "is_aggregation": r.boolean("IsAggregation"),
        "is_irish_source": r.boolean("IsIrishSource"),
        "accounting_units_as_central_party": r.boolean("AccountingUnitsAsCentralParty"),
        "ec_donor_id": r.integer("DonorId"),
    }
    return _finish(
        "donations",
        common,
        fields,
        "AcceptedDate",
        r.integer("AccountingUnitId"),
        r.text("AccountingUnitName"),
        donee_type,
    )


def convert_loan(r: RowReader) -> Converted:
    common = _common(r, "Value")
    reported_number, number = r.company_number("CompanyRegistrationNumber")
    lender_type = r.known("LoanParticipantType")
    start, notified = r.date("StartDate"), r.date("DateEcLastNotified")
    fields = {
        "lender_name": r.raw("LoanParticipantName"),
        "lender_type": lender_type,
        "company_number_reported": reported_number,
        "company_number": number,
        "postcode": r.text("Postcode"),
        "loan_type": r.text("LoanType"),
        "loan_status": r.known("LoanStatus"),
        "rate_of_interest": r.text("RateOfInterestDescription"),
        "amount_repaid": r.amount("AmountRepaid"),
        "amount_converted": r.amount("AmountConverted"),
        "amount_outstanding": r.amount("AmountOutstanding"),
        "start_date": start,
        "end_date": r.date("EndDate"),
        "date_repaid": r.date("DateRepaid"),
        "date_ec_last_notified": notified,
        "is_reported_pre_poll": r.boolean("IsReportedPrePoll"),
        "is_aggregation": r.boolean("IsAggregation"),
        "is_irish_source": r.boolean("IsIrishSource"),
        "ec_lender_id": r.integer("LoanParticipantId"),
    }
    return _finish(
        "loans",
        common,
        fields,
        "StartDate",
        r.integer("AccountingUnitId"),
        r.text("AccountingUnitName"),
    )


def convert_spending(r: RowReader) -> Converted:
    common = _common(r, "TotalExpenditure")
    incurred, paid = r.date("DateIncurred"), r.date("DatePaid")
    claimed = r.date("DateOfClaimForPayment")
    fields = {
        "supplier_name": r.raw("SupplierName"),
        "supplier_address": r.text("FullAddress"),
        "expense_category": r.known("ExpenseCategoryName"),
        "amount_england": r.amount("AmountInEngland"),
        "amount_scotland": r.amount("AmountInScotland"),
        "amount_wales": r.amount("AmountInWales"),
        "amount_northern_ireland": r.amount("AmountInNorthernIreland"),
        "date_incurred": incurred,
        "date_of_claim": claimed,
        "date_paid": paid,
        "invoice_id": r.text("RedactedSupportingInvoiceId"),
        "ec_supplier_id": r.integer("SupplierId"),
        "joint_campaign_name": r.text("JointCampaignName"),
        "unregistered_campaigner_name": r.text("UnregisteredCampaignerName"),
        "is_outside_section_75": r.boolean("IsOutsideSection75"),
    }
    common["register"] = ""
    return _finish("spending", common, fields, "DateIncurred", None, "")


CONVERTERS: dict[str, Callable[[RowReader], Converted]] = {
    "donations": convert_donation,
    "loans": convert_loan,
    "spending": convert_spending,
}


def tables_analyse(kind: str) -> None:
    """Refresh the planner's statistics after a large import (``ANALYZE``; on PostgreSQL
    outside a transaction ``VACUUM (ANALYZE)``). Without them PostgreSQL plans searches
    over a new million rows badly until autovacuum gets round to it (measured: name
    search p95 5.2 s before, 0.46 s after, on 1 million donations)."""
    from django.db import connection

    table = connection.ops.quote_name(TRANSACTION_MODELS[kind]._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Also sets the visibility map, so index-driven searches skip heap checks.
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute(f"ANALYZE {table}")


def _chunks(
    rows: Iterator[tuple[int, dict[str, str]]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ec_file_import(
    *,
    kind: str,
    path: str | Path,
    actor: Any,
    skip_bad_rows: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import one published file of ``kind`` (donations, loans or spending)."""
    summary = ImportSummary(path=str(path), kind=kind)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        summary.error_code, summary.error = (
            ImportErrorCode.UNREADABLE_FILE,
            f"cannot be read: {exc.strerror}",
        )
        return summary
    summary.sha256 = hashlib.sha256(data).hexdigest()
    try:
        header, rows = cells.read_rows(data)
    except cells.UnreadableFileError as exc:
        summary.error_code, summary.error = ImportErrorCode.UNREADABLE_FILE, exc.message
        return summary
    expected = finance_types.LAYOUTS[kind]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(missing))
        if extra:
            detail.append("unexpected " + ", ".join(extra))
        if not detail:
            detail.append("the columns are in a different order")
        found = ec_formats.detect_layout(header)
        hint = f" (it looks like a {found} file)" if found else ""
        summary.error_code = ImportErrorCode.WRONG_LAYOUT
        summary.error = f"the header is not the Commission's {kind} layout{hint}: " + "; ".join(
            detail
        )
        return summary

    convert = CONVERTERS[kind]
    resolver = Resolver(actor)
    seen: dict[str, tuple[int, int | None, bytes]] = {}
    value_column = "TotalExpenditure" if kind == "spending" else "Value"
    total: Any = 0
    try:
        with transaction.atomic():
            writer = batch_open(kind=kind, source=Path(path).name, sha256=summary.sha256)
            bulk_load_begin(writer, data.count(b"\n"))
            for chunk in _chunks(rows, CHUNK_ROWS):
                records = []
                stored = source_digests(
                    writer, [cells.clean_name(row.get("ECRef", "")) for _n, row in chunk]
                )
                for number, row in chunk:
                    summary.read += 1
                    source = hashlib.blake2b(
                        "\x1f".join(row.values()).encode(), digest_size=16
                    ).digest()
                    ref = cells.clean_name(row.get("ECRef", ""))
                    if ref and ref not in seen and stored.get(ref) == source:
                        # Exactly the text an earlier import wrote this row from: nothing
                        # to read again (its value still counts towards the file's total).
                        try:
                            value = cells.parse_amount(row.get(value_column, ""))
                        except InvalidValueError:
                            value = None
                        if value is not None:
                            seen[ref] = (number, None, source)
                            total += value
                            summary.unchanged += 1
                            continue
                    reader = RowReader(row, summary.unknown_values)
                    try:
                        item = convert(reader)
                    except RowError as exc:
                        summary.problems.append(RowProblem(number, exc.column, exc.reason))
                        continue
                    fingerprint = hash(tuple(item.fields.values()))
                    previous = seen.get(item.ec_ref)
                    if previous is not None:
                        # The same text, or (for a row that was read) the same values.
                        if previous[2] == source or previous[1] == fingerprint:
                            summary.duplicates += 1
                        else:
                            summary.problems.append(
                                RowProblem(
                                    number,
                                    "ECRef",
                                    f"{item.ec_ref} appears again (first on row {previous[0]}) with different values",
                                )
                            )
                        continue
                    seen[item.ec_ref] = (number, fingerprint, source)
                    total += item.fields["value"]
                    item.fields["source_digest"] = source
                    if summary.problems and not skip_bad_rows:
                        continue  # the file will be rejected: read on only to report every bad row
                    records.append(resolver.record(item))
                if records and (skip_bad_rows or not summary.problems):
                    resolver.returns_create()
                    result = records_import_published(
                        writer=writer, records=records, actor=actor, source=Path(path).name
                    )
                    summary.created += result.created
                    summary.updated += result.updated
                    summary.unchanged += result.unchanged
                if progress:
                    progress(len(chunk))
            summary.rejected = len(summary.problems)
            if summary.problems and not skip_bad_rows:
                raise _RejectedError
            summary.total_value = total
            batch = batch_close(writer)
            summary.batch_id, summary.merkle_root = batch.pk, batch.root
            event = audit_record(
                actor=actor,
                action=f"disclosure.ec_{kind}_file_imported",
                subject=("disclosure.ec_file", summary.sha256),
                payload={
                    **summary.as_payload(),
                    "batch": batch.pk,
                    "leaves": batch.size,
                    "merkle_root": batch.root,
                },
            )
            batch.event_seq = event.seq
            batch.save(update_fields=["event_seq"])
    except _RejectedError:
        summary.created = summary.updated = summary.unchanged = 0
        summary.error_code = ImportErrorCode.UNREADABLE_ROW
        summary.error = f"{len(summary.problems)} row(s) cannot be read; nothing was imported"
    except cells.UnreadableFileError as exc:
        summary.created = summary.updated = summary.unchanged = 0
        summary.error_code, summary.error = ImportErrorCode.UNREADABLE_FILE, exc.message
    return summary
