"""How an uploaded file's rows are stored: once, when the file arrives. A clean file's rows
go straight into the return; a file with errors has only its valid rows stored, held out
of the return until the filer keeps them (one statement) or discards the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import DraftTransaction, ReturnKind, ReturnVersion, UploadStatus
from regulator.filings.parsing import TEMPLATES
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError, FilingErrorCode
from regulator.filings.tests.factories import TEMPLATE_DONATION, donations_csv

pytestmark = pytest.mark.django_db


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _draft(world: dict[str, Any]) -> ReturnVersion:
    return services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    ).current


def _file_rows(data: bytes) -> list[dict[str, str]]:
    """The file's rows as the template's columns, cells trimmed: read independently of
    the code under test."""
    columns = TEMPLATES[TransactionKind.DONATION]
    return [
        {column: (row.get(column) or "").strip() for column in columns}
        for row in csv.DictReader(io.StringIO(data.decode()))
    ]


def _padded_csv(rows: int, bad_rows: tuple[int, ...]) -> bytes:
    """Cells with spaces around them (stored trimmed) and a column left out."""
    columns = [c for c in TEMPLATES[TransactionKind.DONATION] if c != "ReportingPeriodName"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for number in range(1, rows + 1):
        row = {k: f"  {v} " if v else v for k, v in TEMPLATE_DONATION.items()}
        row["DonorName"] = f" Donor {number} "
        if number in bad_rows:
            row["Value"] = "lots"
        writer.writerow(row)
    return buffer.getvalue().encode()


def _stored(version: ReturnVersion) -> list[tuple[int, dict[str, str]]]:
    return [(t.row, t.data) for t in version.transactions.order_by("row")]


def test_clean_file_is_stored_once_in_the_return(world: dict[str, Any]) -> None:
    version = _draft(world)
    data = donations_csv(25)
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=data,
        file_name="d.csv",
        actor=world["treasurer"],
    )
    assert upload.status == UploadStatus.SAVED
    assert not upload.held_rows.exists()
    assert _stored(version) == list(enumerate(_file_rows(data), start=1))
    assert DraftTransaction.objects.count() == 25


def test_file_with_errors_holds_only_its_valid_rows_out_of_the_return(
    world: dict[str, Any],
) -> None:
    version = _draft(world)
    data = _padded_csv(12, bad_rows=(3, 12))
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=data,
        file_name="d.csv",
        actor=world["treasurer"],
    )
    assert upload.status == UploadStatus.PENDING
    assert upload.error_rows == [3, 12]
    assert version.transactions.count() == 0
    held = list(upload.held_rows.order_by("row"))
    assert [t.row for t in held] == [n for n in range(1, 13) if n not in (3, 12)]
    assert all(t.version_id is None for t in held)
    expected = _file_rows(data)
    assert [t.data for t in held] == [expected[t.row - 1] for t in held]
    assert held[0].data["DonorName"] == "Donor 1"
    assert held[0].data["ReportingPeriodName"] == ""


def test_kept_rows_equal_the_files_valid_rows_after_the_rows_already_there(
    world: dict[str, Any],
) -> None:
    version = _draft(world)
    typed = services.transaction_add(
        version=version,
        kind=TransactionKind.DONATION,
        data=dict(TEMPLATE_DONATION, DonorName="Typed Donor"),
        actor=world["treasurer"],
    )
    data = donations_csv(10, bad_rows=(2, 9))
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=data,
        file_name="d.csv",
        actor=world["treasurer"],
    )
    # A row typed while the file is held goes after the rows already in the return.
    later = services.transaction_add(
        version=version,
        kind=TransactionKind.DONATION,
        data=dict(TEMPLATE_DONATION, DonorName="Later Donor"),
        actor=world["treasurer"],
    )
    assert (typed.row, later.row) == (1, 2)
    assert services.upload_keep_valid(upload=upload, actor=world["treasurer"]) == 8
    file_rows = _file_rows(data)
    kept = [(2 + n, row) for n, row in enumerate(file_rows, start=1) if n not in (2, 9)]
    assert _stored(version)[2:] == kept
    assert [row["DonorName"] for _n, row in _stored(version)[:2]] == ["Typed Donor", "Later Donor"]
    upload.refresh_from_db()
    assert upload.status == UploadStatus.SAVED
    assert not upload.held_rows.exists()
    assert DraftTransaction.objects.count() == 10
    # The kept rows check as the file's valid rows did: no errors left.
    version = services.version_validate(version=version, actor=world["treasurer"])
    assert version.errors == []


def test_discarded_file_leaves_nothing_stored(world: dict[str, Any]) -> None:
    version = _draft(world)
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(30, bad_rows=(5,)),
        file_name="d.csv",
        actor=world["treasurer"],
    )
    assert DraftTransaction.objects.filter(upload=upload).count() == 29
    services.upload_discard(upload=upload, actor=world["treasurer"])
    assert DraftTransaction.objects.count() == 0
    with pytest.raises(FilingError) as caught:
        services.upload_keep_valid(upload=upload, actor=world["treasurer"])
    assert caught.value.code == FilingErrorCode.UPLOAD_NOT_PENDING
    assert version.transactions.count() == 0


def test_a_file_with_only_errors_keeps_nothing(world: dict[str, Any]) -> None:
    version = _draft(world)
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(3, bad_rows=(1, 2, 3)),
        file_name="d.csv",
        actor=world["treasurer"],
    )
    assert not upload.held_rows.exists()
    assert services.upload_keep_valid(upload=upload, actor=world["treasurer"]) == 0
    assert version.transactions.count() == 0


def test_held_rows_go_with_their_return_when_an_amendment_copies_it(
    world: dict[str, Any],
) -> None:
    """An amendment copies the rows in the return, never the held rows of a pending file."""
    version = _draft(world)
    services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(3),
        file_name="clean.csv",
        actor=world["treasurer"],
    )
    services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(4, bad_rows=(1,), start=100),
        file_name="held.csv",
        actor=world["treasurer"],
    )
    version = services.version_validate(version=version, actor=world["treasurer"])
    services.version_declare(version=version, user=world["treasurer"])
    version = services.version_submit(
        version=version, user=world["treasurer"], idempotency_key="held-k"
    )
    version = services.version_review_start(version=version, analyst=world["analyst"])
    services.version_query(version=version, analyst=world["analyst"], question="Row 1?")
    amendment = services.version_amend(
        version=version, user=world["treasurer"], change_note="More rows"
    )
    assert amendment.transactions.count() == 3
    assert DraftTransaction.objects.filter(version__isnull=True).count() == 3
