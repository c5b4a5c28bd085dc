"""Nightly bulk files of everything published: for each kind our CSV, the Commission's
layout and Parquet, plus one SQLite database with a table per kind (our columns). Written
to a temporary name and renamed into place, so a download never sees a half-written file.
Served by ``/api/v1/bulk/<name>``; an export of everything is sent there (no request
streams a million rows out of the database)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from regulator.disclosure.api import exports
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types

DATABASE_NAME = "political-finance.sqlite3"
# The file of each export layout: csv, ec, parquet.
LAYOUT_SUFFIXES = {"csv": ".csv", "ec": "-ec-layout.csv", "parquet": ".parquet"}
BULK_NAMES = frozenset(
    {
        *(
            f"{kind}{suffix}"
            for kind in finance_types.TRANSACTION_KINDS
            for suffix in LAYOUT_SUFFIXES.values()
        ),
        DATABASE_NAME,
        "README.txt",
    }
)


def bulk_folder() -> Path:
    return Path(getattr(settings, "DISCLOSURE_BULK_DIR", "var/bulk"))


def bulk_file_path(name: str) -> Path | None:
    """A bulk file that exists, by its name (only the names this module writes)."""
    if name not in BULK_NAMES:
        return None
    path = bulk_folder() / name
    return path if path.is_file() else None


def bulk_export_name(kind: str, layout: str) -> str:
    return f"{kind}{LAYOUT_SUFFIXES[layout]}"


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def bulk_files_write(*, folder: Path) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    database_tmp = folder / f"{DATABASE_NAME}.tmp"
    database_tmp.unlink(missing_ok=True)
    db = sqlite3.connect(database_tmp)
    try:
        for kind in finance_types.TRANSACTION_KINDS:
            queryset = finance_selectors.transactions_published(kind).order_by("id")
            csv_tmp = folder / f"{kind}.csv.tmp"
            with csv_tmp.open("wb") as handle:
                for chunk in exports.stream_csv(queryset, kind, "csv"):
                    handle.write(chunk)
            os.replace(csv_tmp, folder / f"{kind}.csv")
            ec_tmp = folder / f"{kind}-ec-layout.csv.tmp"
            with ec_tmp.open("wb") as handle:
                for chunk in exports.stream_csv(queryset, kind, "ec"):
                    handle.write(chunk)
            os.replace(ec_tmp, folder / bulk_export_name(kind, "ec"))
            parquet_tmp = folder / f"{kind}.parquet.tmp"
            with parquet_tmp.open("wb") as handle:
                for chunk in exports.stream_parquet(queryset, kind):
                    handle.write(chunk)
            os.replace(parquet_tmp, folder / f"{kind}.parquet")
            columns = exports.OUR_COLUMNS[kind]
            names = ", ".join(f'"{name}"' for name, _get, _type in columns)
            db.execute(f'CREATE TABLE "{kind}" ({names})')
            marks = ", ".join("?" for _ in columns)
            batch = []
            count = 0
            for row in exports.export_rows(queryset):
                batch.append([_sqlite_value(get(row)) for _name, get, _type in columns])
                if len(batch) >= 5000:
                    db.executemany(f'INSERT INTO "{kind}" VALUES ({marks})', batch)  # noqa: S608
                    count += len(batch)
                    batch = []
            if batch:
                db.executemany(f'INSERT INTO "{kind}" VALUES ({marks})', batch)  # noqa: S608
                count += len(batch)
            counts[kind] = count
        db.commit()
    finally:
        db.close()
    os.replace(database_tmp, folder / DATABASE_NAME)
    with (folder / "README.txt").open("w", encoding="utf-8") as handle:
        handle.write(
            "Published political finance data: donations, loans and spending.\n"
            + exports_licence()
            + "\n"
        )
    return counts


def exports_licence() -> str:
    from regulator.core.api.headers import LICENCE_NOTICE, LICENCE_URL

    return f"{LICENCE_NOTICE} {LICENCE_URL}"
