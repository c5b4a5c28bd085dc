"""Nightly bulk files of everything published: for each kind our CSV and Parquet, plus
one SQLite database with a table per kind (our columns). Written to a temporary name
and renamed into place, so a download never sees a half-written file."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from regulator.disclosure.api import exports
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def bulk_files_write(*, folder: Path) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    database_tmp = folder / "political-finance.sqlite3.tmp"
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
    os.replace(database_tmp, folder / "political-finance.sqlite3")
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
