"""Writes of the filings area (keyword-only, typed). Each records an audit event in its
own transaction."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.cells import UnreadableFileError, normalise_company_number
from regulator.core.errors import InvalidValueError
from regulator.filings.companies_format import COLUMNS
from regulator.filings.models import Company

_COLUMNS = [
    "company_number",
    "name",
    "status",
    "category",
    "country_of_origin",
    "accounts_category",
    "incorporated_on",
    "dissolved_on",
    "imported_at",
]
_REQUIRED = ["CompanyName", "CompanyNumber", "CompanyStatus", "CompanyCategory"]


@dataclass(frozen=True)
class CompaniesImportSummary:
    file: str
    rows: int
    sha256: str


def _date(text: str, row: int, column: str) -> dt.date | None:
    value = text.strip()
    if not value:
        return None
    try:
        day, month, year = value.split("/")
        return dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise UnreadableFileError(
            _("Row %(row)s: %(column)s “%(value)s” is not a date (dd/mm/yyyy).")
            % {"row": row, "column": column, "value": text}
        ) from exc


Row = tuple[str, str, str, str, str, str, dt.date | None, dt.date | None, Any]


def _companies(lines: Iterable[str], imported_at: Any) -> Iterator[Row]:
    reader = csv.reader(lines)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration as exc:
        raise UnreadableFileError(_("The file is empty: it has no header row.")) from exc
    missing = [name for name in _REQUIRED if name not in header]
    if missing:
        raise UnreadableFileError(
            _("This is not a Companies House BasicCompanyData file: missing %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    at = {name: header.index(name) for name in COLUMNS if name in header}
    width = len(header)
    get_dissolved = at.get("DissolutionDate")
    get_incorporated = at.get("IncorporationDate")
    for number, cells in enumerate(reader, start=1):
        if not cells or not any(cells):
            continue
        if len(cells) != width:
            raise UnreadableFileError(
                _("Row %(row)s has %(found)s cells; the header has %(expected)s.")
                % {"row": number, "found": len(cells), "expected": width}
            )
        try:
            company_number = normalise_company_number(cells[at["CompanyNumber"]])
        except InvalidValueError as exc:
            raise UnreadableFileError(
                _("Row %(row)s: “%(value)s” is not a company number.")
                % {"row": number, "value": cells[at["CompanyNumber"]]}
            ) from exc
        if not company_number:
            raise UnreadableFileError(_("Row %(row)s has no company number.") % {"row": number})
        yield (
            company_number,
            cells[at["CompanyName"]].strip(),
            cells[at["CompanyStatus"]].strip(),
            cells[at["CompanyCategory"]].strip(),
            cells[at["CountryOfOrigin"]].strip() if "CountryOfOrigin" in at else "",
            cells[at["Accounts.AccountCategory"]].strip()
            if "Accounts.AccountCategory" in at
            else "",
            _date(cells[get_incorporated], number, "IncorporationDate")
            if get_incorporated is not None
            else None,
            _date(cells[get_dissolved], number, "DissolutionDate")
            if get_dissolved is not None
            else None,
            imported_at,
        )


def _batches(items: Iterable[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _upsert_sql() -> str:
    """INSERT … ON CONFLICT DO UPDATE: the same statement on SQLite and PostgreSQL, run
    with executemany (Django's bulk_create builds a model instance per row, which costs
    more than the rest of the import)."""
    quote = connection.ops.quote_name
    table = quote(Company._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in _COLUMNS[1:])
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608 - names only
        f"ON CONFLICT ({quote('company_number')}) DO UPDATE SET {updates}"
    )


def _upsert_all(lines: Iterable[str], stamp: Any, sql: str, batch_size: int) -> int:
    rows = 0
    with connection.cursor() as cursor:
        for batch in _batches(_companies(lines, stamp), batch_size):
            # The same number twice in one batch: the last one wins.
            unique = list({row[0]: row for row in batch}.values())
            cursor.executemany(sql, unique)
            rows += len(batch)
    return rows


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def companies_import(*, path: Path, actor: Any, batch_size: int = 5000) -> CompaniesImportSummary:
    """Load one part of the bulk snapshot: insert new companies, update known ones. The
    whole file or nothing (UnreadableFileError names the first bad row)."""
    imported_at = clock.now()
    sql = _upsert_sql()
    stamp = connection.ops.adapt_datetimefield_value(imported_at)
    with transaction.atomic():
        # The published parts are a few hundred megabytes each: stream them. UTF-8 (with or
        # without a byte-order mark) first; Windows-1252 if that fails.
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                with transaction.atomic(), path.open(encoding=encoding, newline="") as lines:
                    rows = _upsert_all(lines, stamp, sql, batch_size)
                break
            except UnicodeDecodeError as exc:
                if encoding == "cp1252":
                    raise UnreadableFileError(
                        _("The file is not text in UTF-8 or Windows-1252 encoding.")
                    ) from exc
        summary = CompaniesImportSummary(file=path.name, rows=rows, sha256=_sha256(path))
        audit_record(
            actor=actor,
            action="filings.companies_imported",
            subject=("filings.companysnapshot", path.name),
            payload={"file": path.name, "rows": rows, "sha256": summary.sha256},
        )
    return summary
