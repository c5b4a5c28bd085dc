"""Writes (and the few reads they need) of a return's documents: invoices and receipts of a
campaign spending return, and the statement of accounts with its figures.

A document's type is read from its first bytes (PDF, PNG or JPEG; nothing else, whatever
its name says), its size is limited (``ATTACHMENT_MAX_BYTES``, 10 MB unless set), and its
bytes are stored once under MEDIA_ROOT named by their SHA-256: an amendment copies the
rows and shares the bytes, and the backup of MEDIA_ROOT carries them. Like every filing
step, each write runs in one transaction, is audited, and is refused with a
``FilingError`` once the version is submitted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.money import format_pounds
from regulator.filings.figures import FigureCode, FigureTable
from regulator.filings.models import (
    AccountsFigures,
    Attachment,
    DocumentType,
    DraftTransaction,
    FiledReturn,
    ReturnKind,
    ReturnVersion,
)
from regulator.filings.rules.periods import parse_period
from regulator.filings.selectors import figure_table
from regulator.filings.services.returns import due_date_for
from regulator.filings.services.states import FilingError, back_to_draft

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FOLDER = "filings/documents"
_CHUNK = 1 << 16
# The magic numbers of the types we take, and the extension each is stored and served with.
_SIGNATURES: tuple[tuple[bytes, DocumentType], ...] = (
    (b"%PDF-", DocumentType.PDF),
    (b"\x89PNG\r\n\x1a\n", DocumentType.PNG),
    (b"\xff\xd8\xff", DocumentType.JPEG),
)
EXTENSIONS = {
    DocumentType.PDF: (".pdf",),
    DocumentType.PNG: (".png",),
    DocumentType.JPEG: (".jpg", ".jpeg"),
}


class DocumentErrorCode(StrEnum):
    EMPTY = "document_empty"
    TOO_LARGE = "document_too_large"
    TYPE_NOT_ALLOWED = "document_type_not_allowed"
    NOT_EDITABLE = "documents_not_editable"
    ROW_NOT_IN_RETURN = "document_row_not_in_return"
    NOT_ACCOUNTS = "not_an_accounts_return"
    AMOUNT_NEGATIVE = "accounts_amount_negative"
    AUDIT_REQUIRED = "accounts_audit_required"
    AUDITOR_MISSING = "accounts_auditor_missing"
    ACCOUNTS_INCOMPLETE = "accounts_incomplete"


def _refuse(code: DocumentErrorCode, message: str) -> FilingError:
    return FilingError(message, code=code)


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def detect_type(head: bytes) -> DocumentType | None:
    """The type the bytes are, by their magic number; None for anything else."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def _locked_editable(version: ReturnVersion) -> ReturnVersion:
    version = (
        ReturnVersion.objects.select_for_update().select_related("filed_return").get(pk=version.pk)
    )
    if not version.is_editable:
        raise _refuse(
            DocumentErrorCode.NOT_EDITABLE,
            _(
                "This return has been submitted, so its documents cannot be added or removed. "
                "Start an amendment."
            ),
        )
    return version


def _read_limited(source: bytes | IO[bytes], file_name: str) -> bytes:
    """All the bytes, refusing an empty or over-size file without reading past the limit."""
    limit = max_bytes()
    if isinstance(source, bytes):
        data = source
    else:
        parts: list[bytes] = []
        read = 0
        while chunk := source.read(_CHUNK):
            parts.append(chunk)
            read += len(chunk)
            if read > limit:
                break
        data = b"".join(parts)
    if not data:
        raise _refuse(DocumentErrorCode.EMPTY, _("The selected file is empty."))
    if len(data) > limit:
        raise _refuse(
            DocumentErrorCode.TOO_LARGE,
            _("“%(name)s” is larger than %(limit)s. Upload a file of %(limit)s or less.")
            % {"name": file_name, "limit": size_label(limit)},
        )
    return data


def size_label(size: int) -> str:
    """A limit as people say it: "10 MB" rather than "10.0 MB"."""
    megabyte = 1024 * 1024
    if size >= megabyte and size % megabyte == 0:
        return f"{size // megabyte} MB"
    return str(filesizeformat(size))


def _store(data: bytes, digest: str, kind: DocumentType) -> str:
    """The storage name of these bytes, writing them only if no document holds them yet."""
    name = f"{FOLDER}/{digest[:2]}/{digest}{EXTENSIONS[kind][0]}"
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(data))


@transaction.atomic
def attachment_add(
    *,
    version: ReturnVersion,
    source: bytes | IO[bytes],
    file_name: str,
    actor: Any,
    row: DraftTransaction | None = None,
) -> Attachment:
    """Attach a PDF, PNG or JPEG to a version still being prepared, to the return as a
    whole or to one of its rows. Any change voids the checks and the declaration."""
    version = _locked_editable(version)
    if row is not None and row.version_id != version.pk:
        raise _refuse(
            DocumentErrorCode.ROW_NOT_IN_RETURN,
            _("Choose a row of this return, or none for the return as a whole."),
        )
    name = PurePath(file_name.replace("\\", "/")).name.strip()[:255] or "document"
    data = _read_limited(source, name)
    kind = detect_type(data[:16])
    if kind is None:
        raise _refuse(
            DocumentErrorCode.TYPE_NOT_ALLOWED,
            _(
                "“%(name)s” is not a PDF, PNG or JPEG file (we read the file itself, not its "
                "name). Upload the invoice, receipt or accounts as a PDF, PNG or JPEG."
            )
            % {"name": name},
        )
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment.objects.create(
        version=version,
        transaction=row,
        file=_store(data, digest, kind),
        original_name=name,
        size=len(data),
        sha256=digest,
        content_type=kind,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    back_to_draft(version, actor)
    audit_record(
        actor=actor,
        action="filings.document_added",
        subject=attachment,
        payload={
            "version": version.pk,
            "row": row.row if row is not None else None,
            "name": name,
            "size": len(data),
            "sha256": digest,
            "content_type": str(kind),
        },
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: Any) -> None:
    version = _locked_editable(attachment.version)
    stored = attachment.file.name
    audit_record(
        actor=actor,
        action="filings.document_removed",
        subject=attachment,
        payload={
            "version": version.pk,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
        },
    )
    attachment.delete()
    back_to_draft(version, actor)
    transaction.on_commit(lambda: _delete_if_unused(stored))


def _delete_if_unused(name: str) -> None:
    """Bytes no document refers to any more (a draft's only copy) are deleted; bytes an
    earlier or amended version still holds stay."""
    if name and not Attachment.objects.filter(file=name).exists():
        default_storage.delete(name)


def attachment_downloaded(*, attachment: Attachment, actor: Any) -> None:
    """Staff reading a filer's document is part of the custody record."""
    audit_record(
        actor=actor,
        action="filings.document_downloaded",
        subject=attachment,
        payload={"version": attachment.version_id, "sha256": attachment.sha256},
    )


def download_name(attachment: Attachment) -> str:
    """The filer's name, with the extension of what the bytes really are."""
    path = PurePath(attachment.original_name)
    extensions = EXTENSIONS[DocumentType(attachment.content_type)]
    if path.suffix.lower() in extensions:
        return path.name
    return f"{path.stem or 'document'}{extensions[0]}"


# --- Statement of accounts -----------------------------------------------------------------


def audit_threshold(filed_return: FiledReturn, figures: FigureTable) -> Decimal:
    """Income or expenditure above which the year's accounts must be audited (s.43),
    as in force at the end of the financial year."""
    period = parse_period(filed_return.period_name)
    year_end = period.end if period is not None else clock.now().date()
    return figures.at(FigureCode.ACCOUNTS_AUDIT_THRESHOLD, year_end)


@transaction.atomic
def accounts_figures_set(
    *,
    version: ReturnVersion,
    total_income: Decimal,
    total_expenditure: Decimal,
    audited: bool,
    auditor_name: str,
    actor: Any,
) -> AccountsFigures:
    version = _locked_editable(version)
    if version.filed_return.kind != ReturnKind.ACCOUNTS:
        raise _refuse(
            DocumentErrorCode.NOT_ACCOUNTS, _("Only a statement of accounts has these figures.")
        )
    if total_income < 0 or total_expenditure < 0:
        raise _refuse(
            DocumentErrorCode.AMOUNT_NEGATIVE,
            _("Enter total income and total expenditure as amounts of £0 or more."),
        )
    auditor = " ".join(auditor_name.split())
    filed_return = version.filed_return
    statutory = figure_table()
    threshold = audit_threshold(filed_return, statutory)
    must_be_audited = total_income > threshold or total_expenditure > threshold
    if must_be_audited and not audited:
        raise _refuse(
            DocumentErrorCode.AUDIT_REQUIRED,
            _(
                "Income or expenditure is over %(threshold)s, so the accounts must be "
                "audited. Say that they were audited and name the auditor."
            )
            % {"threshold": format_pounds(threshold).removesuffix(".00")},
        )
    if audited and not auditor:
        raise _refuse(DocumentErrorCode.AUDITOR_MISSING, _("Enter the name of the auditor."))
    figures, _created = AccountsFigures.objects.update_or_create(
        version=version,
        defaults={
            "total_income": total_income,
            "total_expenditure": total_expenditure,
            "audited": audited,
            "auditor_name": auditor if audited else "",
            "entered_by": actor,
            "entered_at": clock.now(),
        },
    )
    # Accounts that must be audited are due two months later (s.45(2)).
    due = due_date_for(
        filed_return.kind, filed_return.period_name, audited=must_be_audited, figures=statutory
    )
    if due is not None and due != filed_return.due_date:
        filed_return.due_date = due
        filed_return.save(update_fields=["due_date"])
    back_to_draft(version, actor)
    audit_record(
        actor=actor,
        action="filings.accounts_figures_set",
        subject=figures,
        payload={
            "version": version.pk,
            "total_income": total_income,
            "total_expenditure": total_expenditure,
            "audited": audited,
            "auditor_name": figures.auditor_name,
            "due_date": filed_return.due_date,
        },
    )
    return figures


def accounts_figures(version: ReturnVersion) -> AccountsFigures | None:
    return AccountsFigures.objects.filter(version=version).first()


# --- What the lifecycle asks -----------------------------------------------------------------


def documented_rows(version: ReturnVersion) -> frozenset[int]:
    """The rows of the version that carry at least one document (for the £200 rule)."""
    return frozenset(
        Attachment.objects.filter(version=version, transaction__isnull=False).values_list(
            "transaction__row", flat=True
        )
    )


def declare_check(version: ReturnVersion) -> None:
    """A statement of accounts cannot be declared without its figures and the accounts
    themselves as a PDF (PPERA 2000 s.45)."""
    if version.filed_return.kind != ReturnKind.ACCOUNTS:
        return
    has_figures = AccountsFigures.objects.filter(version=version).exists()
    has_pdf = Attachment.objects.filter(version=version, content_type=DocumentType.PDF).exists()
    if has_figures and has_pdf:
        return
    if not has_figures and not has_pdf:
        message = _(
            "Enter the accounts' figures and upload the statement of accounts as a PDF before "
            "you declare."
        )
    elif not has_figures:
        message = _("Enter the accounts' figures before you declare.")
    else:
        message = _("Upload the statement of accounts as a PDF before you declare.")
    raise _refuse(DocumentErrorCode.ACCOUNTS_INCOMPLETE, message)


def carry_over(*, source: ReturnVersion, target: ReturnVersion) -> int:
    """An amendment starts with its predecessor's documents (new rows sharing the stored
    bytes, tied to the amendment's row of the same number) and accounts figures."""
    rows = dict(target.transactions.values_list("row", "pk"))
    copies = [
        Attachment(
            version=target,
            transaction_id=rows.get(item.transaction.row) if item.transaction else None,
            file=item.file.name,
            original_name=item.original_name,
            size=item.size,
            sha256=item.sha256,
            content_type=item.content_type,
            uploaded_by_id=item.uploaded_by_id,
            uploaded_at=item.uploaded_at,
        )
        for item in source.attachments.select_related("transaction")
    ]
    Attachment.objects.bulk_create(copies)
    figures = accounts_figures(source)
    if figures is not None:
        figures.pk = None
        figures.version = target
        figures.save(force_insert=True)
    return len(copies)


def attachments_of(version: ReturnVersion) -> Iterable[Attachment]:
    return version.attachments.select_related("transaction").order_by("uploaded_at", "id")
