"""Uploaded files of transactions: a clean file joins the return at once; a file with
errors is held with its report until the filer keeps its valid rows or discards it."""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.cells import UnreadableFileError
from regulator.filings import parsing
from regulator.filings.models import ReturnVersion, Upload, UploadStatus
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services.states import (
    FilingErrorCode,
    back_to_draft,
    locked,
    refuse,
    require_editable,
    require_kind,
)
from regulator.filings.services.transactions import (
    bulk_add,
    finding_dict,
    insert_rows,
    last_row,
    rows_check,
)
from regulator.filings.validation import collector_paused

MAX_ROWS = 100_000


@transaction.atomic
@collector_paused()
def upload_receive(
    *,
    version: ReturnVersion,
    kind: TransactionKind,
    source: bytes | IO[bytes],
    file_name: str,
    actor: Any,
) -> Upload:
    """Read a CSV (our template or the Commission's layout; UTF-8 or Windows-1252) and
    check every row. A clean file is added to the return at once; a file with errors is
    held with a per-row, per-cell report and nothing is added."""
    version = locked(version)
    require_editable(version)
    require_kind(version, kind)
    try:
        _layout, reader = parsing.template_rows(source, kind)
        rows = []
        for number, row in reader:
            if number > MAX_ROWS:
                raise refuse(
                    FilingErrorCode.TOO_MANY_ROWS,
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": f"{MAX_ROWS:,}"},
                )
            rows.append(row)
    except UnreadableFileError as exc:
        raise refuse(FilingErrorCode.UNREADABLE_FILE, str(exc)) from exc
    findings = rows_check(version.filed_return, kind, list(enumerate(rows, start=1)))
    problems = [
        finding_dict(f, str(kind), rows[f.row - 1] if f.row else None)
        for f in findings
        if str(f.severity) == "error"
    ]
    error_rows = sorted({p["row"] for p in problems if p["row"]})
    upload = Upload.objects.create(
        version=version,
        kind=kind,
        file_name=file_name[:255],
        uploaded_by=actor,
        uploaded_at=clock.now(),
        status=UploadStatus.PENDING if problems else UploadStatus.SAVED,
        row_count=len(rows),
        error_rows=error_rows,
        problems=problems[:5000],
    )
    if problems:
        # Stored once, now, but held: only the rows without errors, numbered as in the file.
        bad = set(error_rows)
        insert_rows(
            kind=kind,
            rows=((number, row) for number, row in enumerate(rows, start=1) if number not in bad),
            upload=upload,
        )
    else:
        bulk_add(version, kind, rows)
        back_to_draft(version, actor)
    audit_record(
        actor=actor,
        action="filings.file_uploaded",
        subject=upload,
        payload={
            "version": version.pk,
            "file": upload.file_name,
            "rows": len(rows),
            "rows_with_errors": len(error_rows),
            "saved": not problems,
        },
    )
    return upload


@transaction.atomic
def upload_keep_valid(*, upload: Upload, actor: Any) -> int:
    """The filer chose to keep the rows without errors of a held file."""
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    version = locked(upload.version)
    require_editable(version)
    if upload.status != UploadStatus.PENDING:
        raise refuse(
            FilingErrorCode.UPLOAD_NOT_PENDING, _("This file has already been dealt with.")
        )
    # The held rows (the file's rows without errors) join the return in one statement,
    # after its last row: file row n becomes row last + n.
    added = upload.held_rows.update(version=version, upload=None, row=F("row") + last_row(version))
    upload.status = UploadStatus.SAVED
    upload.save(update_fields=["status"])
    back_to_draft(version, actor)
    audit_record(
        actor=actor,
        action="filings.upload_valid_rows_kept",
        subject=upload,
        payload={"kept": added, "left_out": len(upload.error_rows)},
    )
    return added


@transaction.atomic
def upload_discard(*, upload: Upload, actor: Any) -> None:
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != UploadStatus.PENDING:
        raise refuse(
            FilingErrorCode.UPLOAD_NOT_PENDING, _("This file has already been dealt with.")
        )
    upload.status = UploadStatus.DISCARDED
    upload.save(update_fields=["status"])
    upload.held_rows.all().delete()
    audit_record(actor=actor, action="filings.upload_discarded", subject=upload, payload={})
