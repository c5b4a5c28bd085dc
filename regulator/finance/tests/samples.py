"""Fixtures for the tests of the published data (finance, disclosure, donors): the real samples (trimmed, for speed, to a few
hundred real rows that include every row the tests name), imported once per module
(``imported_samples``)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from regulator.audit.types import Actor
from regulator.core.testing import kept_for_the_module
from regulator.finance import search
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


def _import(sample_files: dict[str, list[Path]]) -> None:
    actor = Actor.system("tests")
    for kind, paths in sample_files.items():
        for path in paths:
            assert ec_file_import(kind=kind, path=path, actor=actor).ok


def _shares_the_samples(item: pytest.Item) -> bool:
    """Whether a test may run inside the module's kept import: it asks for the samples
    itself (a test expecting an empty database must not see them) and is not
    transactional (a live server or a real process cannot see an uncommitted import)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    uses_the_database = bool(marker) or bool(fixtures & {"db", "transactional_db"})
    if not uses_the_database:
        return True
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        fixtures & {"transactional_db", "live_server", "django_db_reset_sequences"}
    )
    return "imported_samples" in fixtures and not transactional


@pytest.fixture(scope="module")
def _samples_kept_for_the_module(request, django_db_setup, django_db_blocker, sample_files):
    """The samples imported once for a module's tests, in a transaction held open until
    the module ends: each test's own transaction is a savepoint inside it and rolls back
    to the imported rows (an import is about 2.5 s a test on PostgreSQL). A module with
    a transactional test (a live server, a real process) cannot share an uncommitted
    import, nor can one whose tests do not all ask for the samples: there each test
    imports for itself."""
    module_items = [item for item in request.session.items if item.module is request.module]
    if not all(_shares_the_samples(item) for item in module_items):
        yield False
        return
    for _kept in kept_for_the_module(django_db_blocker, lambda: _import(sample_files)):
        yield True


@pytest.fixture
def imported_samples(db, _samples_kept_for_the_module, sample_files):
    if not _samples_kept_for_the_module:
        _import(sample_files)
    else:
        # Caches a test's own changes (rolled back since) may have left in this process.
        for table in search.FTS_TABLES:
            search.vocabulary_forget(table)
    return sample_files
