"""The bulk load of a large file into an empty table (indexes, and on PostgreSQL foreign
keys, dropped and built again) gives the same rows, the same indexes and constraints,
the same search and the same proofs as the row-at-a-time path."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection

from regulator.audit.types import Actor
from regulator.finance import search
from regulator.finance.models import Donation
from regulator.finance.selectors import import_batch_check
from regulator.finance.services import ec_file_import
from regulator.finance.services import imported as imported_module
from regulator.finance.tests.samples import EC_DATA

ACTOR = Actor.system("tests")
SAMPLE = EC_DATA / "donations-2024-q1.csv"
TABLE = "finance_donation"
NAMES = ("ltd", "trust", "limited")


def _schema() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The table's indexes and foreign keys, as the database describes them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [TABLE]
            )
            indexes = sorted(cursor.fetchall())
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype = 'f'",
                [TABLE],
            )
            return indexes, sorted(cursor.fetchall())
        cursor.execute(
            "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index'"
            " AND tbl_name = %s",
            [TABLE],
        )
        indexes = sorted(cursor.fetchall())
        cursor.execute(f"PRAGMA foreign_key_list({TABLE})")
        return indexes, sorted((str(row[2]), str(row[3])) for row in cursor.fetchall())


def _rows() -> list[dict[str, Any]]:
    skip = {"id", "created_at", "updated_at", "published_at", "import_batch_id"}
    fields = [f.attname for f in Donation._meta.concrete_fields if f.attname not in skip]
    return list(Donation.all_objects.order_by("ec_ref").values(*fields))


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_matches_the_row_at_a_time_path(monkeypatch):
    schema = _schema()
    ordinary = ec_file_import(kind="donations", path=SAMPLE, actor=ACTOR)
    assert ordinary.ok, ordinary.error
    expected = _rows()
    found_before = set(
        search.text_filter(Donation.all_objects.all(), "ltd").values_list("ec_ref", flat=True)
    )
    monkeypatch.setattr(search, "COMMON_NAME_ROWS", 1)
    counted_before = {word: search.published_name_count(TABLE, word) for word in NAMES}
    Donation.all_objects.all().delete()
    if search.is_sqlite():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {search.FTS_TABLES[TABLE]}")  # noqa: S608

    monkeypatch.setattr(imported_module, "BULK_LOAD_MIN_ROWS", 1)
    bulk = ec_file_import(kind="donations", path=SAMPLE, actor=ACTOR)
    assert bulk.ok, bulk.error
    assert bulk.created == ordinary.created
    assert _rows() == expected
    assert _schema() == schema  # every index and foreign key is back, as it was
    assert import_batch_check(batch_id=bulk.batch_id or 0).ok
    found = set(
        search.text_filter(Donation.all_objects.all(), "ltd").values_list("ec_ref", flat=True)
    )
    assert found == found_before
    assert found
    # The name's words, filled at once after the rows on PostgreSQL, count as before, and
    # rows written afterwards are put in them again.
    assert {word: search.published_name_count(TABLE, word) for word in NAMES} == counted_before
    assert all(counted_before.values())
    latest = Donation.all_objects.order_by("-id")[0]
    latest.search_text = "zanzibarian fund"
    latest.save()
    search.index_records(TABLE, [(latest.pk, latest.search_text)])
    assert search.published_name_count(TABLE, "zanzibarian") == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [f"{TABLE}_words_added"]
            )
            assert cursor.fetchone()[0] == "O"  # paused for the load, on again after it


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_still_finds_a_files_repeated_rows(monkeypatch, tmp_path):
    # A bulk load looks nothing up in the table it started empty: a reference that comes
    # again in the same file must still be caught, as a duplicate or as a conflict.
    monkeypatch.setattr(imported_module, "BULK_LOAD_MIN_ROWS", 1)
    header, *rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"))))
    value = header.index("Value")

    def write(extra: list[list[str]]) -> Any:
        path = tmp_path / f"donations-{len(extra)}-{extra[-1][value]}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows([header, *rows, *extra])
        return path

    repeated = ec_file_import(kind="donations", path=write([rows[0]]), actor=ACTOR)
    assert repeated.ok, repeated.error
    assert (repeated.created, repeated.duplicates) == (len(rows), 1)

    Donation.all_objects.all().delete()
    if search.is_sqlite():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {search.FTS_TABLES[TABLE]}")  # noqa: S608
    changed = [*rows[1]]
    changed[value] = "999999.99"
    conflict = ec_file_import(kind="donations", path=write([rows[0], changed]), actor=ACTOR)
    assert conflict.error_code == "unreadable_row"
    assert [(p.row, p.column) for p in conflict.problems] == [(len(rows) + 2, "ECRef")]
    assert "appears again (first on row 2)" in conflict.problems[0].reason
    assert not Donation.all_objects.exists()
