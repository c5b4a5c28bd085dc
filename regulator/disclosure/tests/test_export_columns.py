"""Both CSV exports (ours and the Commission's layout) are written a column at a time from
the cursor's raw values (for speed); they must say exactly what a plain reading of each
row through Django says, on SQLite and on PostgreSQL, blanks, formulas, postcodes,
negative and odd amounts included."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from regulator.core import cells
from regulator.core.cells import neutralise_formula
from regulator.disclosure.api import exports
from regulator.disclosure.api.exports import (
    AMOUNT,
    BOOL,
    DATE,
    EC_COLUMNS,
    ID,
    OUR_COLUMNS,
    PLAIN,
    TEXT,
    export_rows,
    parquet_schema,
    stream_csv,
    stream_parquet,
)
from regulator.finance import types as finance_types
from regulator.finance.models import Donation, Loan, SpendingItem
from regulator.finance.tests.factories import loan
from regulator.register.models import RegulatedEntity

MODELS = {"donations": Donation, "loans": Loan, "spending": SpendingItem}


def _reference_cell(value: Any) -> str:
    """One cell as a reader of the published data expects it, from Django's value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


def _reference_csv(queryset: Any, kind: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = OUR_COLUMNS[kind]
    writer.writerow([name for name, _get, _kind in columns])
    for row in export_rows(queryset):
        writer.writerow([_reference_cell(get(row)) for _name, get, _kind in columns])
    return buffer.getvalue()


def _reference_ec_text(value: str) -> str:
    if re.fullmatch(r"-£?[\d,]+(\.\d+)?", value):  # a negative amount, not a formula
        return value
    return neutralise_formula(value)


EC_REFERENCE: dict[str, Callable[[Any], str]] = {
    TEXT: _reference_ec_text,
    AMOUNT: cells.format_amount,
    PLAIN: lambda v: "" if v is None else format(v.normalize(), "f"),
    DATE: cells.format_date,
    BOOL: cells.format_bool,
    ID: lambda v: "" if v is None else str(v),
}


def _reference_ec_csv(queryset: Any, kind: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = EC_COLUMNS[kind]
    buffer.write("\ufeff")
    writer.writerow([name for name, _get, _form in columns])
    for row in export_rows(queryset):
        writer.writerow([EC_REFERENCE[form](get(row)) for _name, get, form in columns])
    return buffer.getvalue()


def _reference_parquet(queryset: Any, kind: str) -> pa.Table:
    columns = OUR_COLUMNS[kind]
    values: list[list[Any]] = [[] for _ in columns]
    for row in export_rows(queryset):
        for index, (_name, get, _kind) in enumerate(columns):
            values[index].append(get(row))
    return pa.table(values, schema=parquet_schema(kind))


def _ours(queryset: Any, kind: str, layout: str = "csv") -> str:
    return b"".join(stream_csv(queryset, kind, layout)).decode()


def _loans() -> None:
    entity = RegulatedEntity.objects.order_by("pk").first()
    assert entity is not None
    made = [
        loan("  Ann   Lender ", entity=entity, value="0.10", postcode="AB1 2CD"),
        loan(
            "=cmd|' /C calc'!A0",
            entity=entity,
            value="999999999.99",
            lender_type="Company",
            company_number="01234567",
            postcode="EC1A 1BB",
        ),
        loan("Plain Lender", entity=entity, value="1250.00", lender_type="Trade Union"),
    ]
    Loan.all_objects.filter(pk=made[0].pk).update(
        amount_repaid=Decimal("0.01"), end_date=None, is_aggregation=True
    )
    Loan.all_objects.filter(pk=made[2].pk).update(
        amount_outstanding=None, rate_of_interest="+4% fixed", date_repaid=dt.date(2024, 2, 29)
    )


@pytest.mark.parametrize("kind", ["donations", "loans", "spending"])
def test_column_at_a_time_csv_equals_a_row_by_row_reading(
    imported_samples: Any, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 2)  # many chunks and row groups
    Donation.all_objects.filter(ec_ref="C0493549").update(
        donor_name="-2+3 Donor", campaigning_name="@SUM(A1)", accounting_unit_id=None
    )
    Donation.all_objects.filter(donor_status=finance_types.INDIVIDUAL).update(postcode="SW1A 1AA")
    Donation.all_objects.filter(ec_ref="C0578477").update(value=Decimal("-12.00"))
    if kind == "loans":
        _loans()
    model = MODELS[kind]
    queryset = model.objects.order_by("-date", "-pk")
    assert queryset.exists()
    ours = _ours(queryset, kind)
    assert ours == _reference_csv(queryset, kind)
    ec = _ours(queryset, kind, "ec")
    assert ec == _reference_ec_csv(queryset, kind)
    assert ec.count("\n") == queryset.count() + 1
    # A row group per fetched chunk (at least 1 row): the groups must join up exactly.
    parquet = b"".join(stream_parquet(queryset, kind, rows_per_group=1))
    table = pq.read_table(io.BytesIO(parquet))
    assert table.equals(_reference_parquet(queryset, kind))
    groups = pq.ParquetFile(io.BytesIO(parquet)).metadata.num_row_groups
    assert groups == -(-queryset.count() // exports.ROWS_PER_CHUNK)
    assert ours.count("\n") == queryset.count() + 1
    if kind == "donations":
        assert "'-2+3 Donor" in ours
        assert "'-2+3 Donor" in ec
        assert "SW1A 1AA" not in ours + ec
        assert ",-£12.00," in ec
    if kind == "loans":
        for shown in ("Ann Lender", "'=cmd", "'+4% fixed", "999999999.99", ",0.10,"):
            assert shown in ours, shown
        for shown in ("2024-02-29", "EC1A 1BB"):
            assert shown in ours, shown
        assert "AB1 2CD" not in ours


def test_a_filter_that_matches_nothing_gives_the_header_alone(imported_samples: Any) -> None:
    queryset = Donation.objects.filter(ec_ref="no such record")
    header = ",".join(name for name, _get, _kind in OUR_COLUMNS["donations"])
    assert _ours(queryset, "donations") == header + "\r\n"
    assert _ours(Donation.objects.none(), "donations") == header + "\r\n"
    ec_header = ",".join(name for name, _get, _form in EC_COLUMNS["donations"])
    assert _ours(queryset, "donations", "ec") == "\ufeff" + ec_header + "\r\n"
    empty = pq.read_table(io.BytesIO(b"".join(stream_parquet(queryset, "donations"))))
    assert empty.num_rows == 0
    assert empty.schema.equals(parquet_schema("donations"))


def test_a_text_cell_that_starts_like_a_negative_number_is_still_neutralised() -> None:
    from regulator.disclosure.api.exports import _ec_texts

    cells = ("-£5.00", "-1,000.50", "-2+3", "=1", "", None)
    assert _ec_texts(cells) == ["-£5.00", "-1,000.50", "'-2+3", "'=1", "", None]
