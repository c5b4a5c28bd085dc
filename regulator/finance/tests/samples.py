"""Fixtures for the tests of the published data (finance, disclosure, donors): the real samples (trimmed, for speed, to a few
hundred real rows that include every row the tests name), imported once per test."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from regulator.audit.types import Actor
from regulator.finance.services import ec_file_import

EC_DATA = Path(settings.BASE_DIR) / "tests" / "data" / "ec"


def file_facts(path: Path, value_column: str) -> tuple[int, Decimal, set[str]]:
    """Rows, total value and refs of a sample read independently of the importer
    (unique rows only: the samples contain an exact duplicate)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = {tuple(row.items()): row for row in csv.DictReader(handle)}.values()
    total = sum(
        (Decimal(row[value_column].replace("£", "").replace(",", "")) for row in rows), Decimal(0)
    )
    return len(rows), total, {row["ECRef"] for row in rows}


def _trim(source: Path, target: Path, keep: int, wanted: tuple[str, ...] = ()) -> Path:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    rows = [
        row
        for number, row in enumerate(lines[1:])
        if number < keep or any(word in ",".join(row) for word in wanted)
    ]
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(lines[0])
        writer.writerows(rows)
    return target


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory) -> dict[str, list[Path]]:
    folder = tmp_path_factory.mktemp("ec")
    return {
        "donations": [
            _trim(
                EC_DATA / "donations-2019-q4.csv",
                folder / "d2019.csv",
                300,
                ("Harborne", "Impermissible Donor", ",Trust,", "Public Fund"),
            ),
            _trim(EC_DATA / "donations-2024-q1.csv", folder / "d2024.csv", 150),
            EC_DATA / "donations-2024-prepoll-week1.csv",
        ],
        "spending": [_trim(EC_DATA / "spending-ukpge-2019.csv", folder / "s2019.csv", 300)],
    }


@pytest.fixture
def imported_samples(db, sample_files):
    actor = Actor.system("tests")
    for kind, paths in sample_files.items():
        for path in paths:
            assert ec_file_import(kind=kind, path=path, actor=actor).ok
    return sample_files
