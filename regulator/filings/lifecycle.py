"""Writes of online filing: a return's lifecycle from draft to publication.

draft → validated → declared → submitted → under review → accepted or queried → (an
amendment: a new version) … → published. Each function is keyword-only, runs in one
transaction, records a status change and an audit event, and refuses with a
``FilingError`` (its ``code`` a ``FilingErrorCode``) anything the lifecycle does not
allow; a submitted version is never changed. Permissions are checked by the caller (the
views and the API) with ``user.has_perm`` before calling.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regulator.audit.services import audit_record
from regulator.core import cells, clock, notify
from regulator.core.cells import UnreadableFileError
from regulator.core.errors import RegulatorError
from regulator.filings import parsing
from regulator.filings.figures import FigureNotInForceError, FigureTable
from regulator.filings.models import (
    EDITABLE,
    Declaration,
    DraftTransaction,
    FiledReturn,
    Query,
    ReturnKind,
    ReturnVersion,
    Status,
    StatusChange,
    Upload,
    UploadStatus,
)
from regulator.filings.rules.base import Finding
from regulator.filings.rules.deadlines import is_late, report_due_date
from regulator.filings.rules.engine import has_errors
from regulator.filings.rules.inputs import (
    DonationInput,
    GiftInput,
    Layout,
    LoanInput,
    ReportKind,
    ReportPeriod,
    SpendingInput,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.filings.tasks import receipt_email_send
from regulator.filings.validation import collector_paused, context_for, validate_items
from regulator.finance import filed
from regulator.finance.search import fold
from regulator.register.models import AccountingUnit, RegulatedEntity
from regulator.register.types import EntityType
from regulator.register.types import Register as RegisterChoice

MAX_ROWS = 100_000

STATEMENT = gettext_lazy(
    "I declare that, to the best of my knowledge and belief, this return is a complete and "
    "correct statement of the matters it is required by the Political Parties, Elections "
    "and Referendums Act 2000 to contain. I understand that it is an offence to deliver a "
    "return knowing it to be false in any material respect."
)


class FilingErrorCode(StrEnum):
    PERIOD_UNKNOWN = "period_unknown"
    PERIOD_WRONG_KIND = "period_wrong_kind"
    NOT_EDITABLE = "not_editable"
    HAS_ERRORS = "has_errors"
    NOT_VALIDATED = "not_validated"
    NOT_DECLARED = "not_declared"
    WRONG_STATUS = "wrong_status"
    NOT_DECLARING_ROLE = "not_declaring_role"
    QUESTION_REQUIRED = "question_required"
    CHANGE_NOTE_REQUIRED = "change_note_required"
    TOO_MANY_ROWS = "too_many_rows"
    UNREADABLE_FILE = "unreadable_file"
    UPLOAD_NOT_PENDING = "upload_not_pending"
    NO_TRANSACTIONS = "no_transactions"
    WRONG_KIND = "wrong_kind"


class FilingError(RegulatorError):
    """A filing step refused: the code says why (FilingErrorCode)."""


def _refuse(code: FilingErrorCode, message: str) -> FilingError:
    return FilingError(message, code=code)


def _transition(version: ReturnVersion, to: Status, actor: Any, note: str = "") -> None:
    before = version.status
    version.status = to
    version.save(update_fields=["status"])
    StatusChange.objects.create(
        version=version,
        from_status=before,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) and hasattr(actor, "kind") else None,
        at=clock.now(),
        note=note,
    )
    audit_record(
        actor=actor,
        action=f"filings.return_{to.replace('-', '_')}",
        subject=version,
        payload={"from": before, "to": str(to), "return": version.filed_return_id, "note": note},
    )


def _locked(version: ReturnVersion) -> ReturnVersion:
    return (
        ReturnVersion.objects.select_for_update().select_related("filed_return").get(pk=version.pk)
    )


def _require_editable(version: ReturnVersion) -> None:
    if version.status not in EDITABLE:
        raise _refuse(
            FilingErrorCode.NOT_EDITABLE,
            _("This return has been submitted and cannot be changed. Start an amendment."),
        )


def _back_to_draft(version: ReturnVersion, actor: Any) -> None:
    """Any change to the transactions voids the checks and the declaration."""
    Declaration.objects.filter(version=version).delete()
    version.findings = []
    version.validated_at = None
    version.save(update_fields=["findings", "validated_at"])
    if version.status != Status.DRAFT:
        _transition(version, Status.DRAFT, actor, "changed")


# --- Kinds of return -----------------------------------------------------------------------

TRANSACTION_KINDS: dict[str, tuple[TransactionKind, ...]] = {
    ReturnKind.QUARTERLY_CENTRAL: (TransactionKind.DONATION, TransactionKind.LOAN),
    ReturnKind.QUARTERLY_UNIT: (TransactionKind.DONATION, TransactionKind.LOAN),
    ReturnKind.WEEKLY_PRE_POLL: (TransactionKind.DONATION, TransactionKind.LOAN),
    ReturnKind.DONEE: (TransactionKind.DONATION, TransactionKind.LOAN),
    ReturnKind.CAMPAIGNER_PRE_POLL: (TransactionKind.DONATION, TransactionKind.LOAN),
    ReturnKind.CAMPAIGN_SPENDING: (TransactionKind.SPENDING,),
    ReturnKind.ACCOUNTS: (),
    ReturnKind.NIL: (),
}


def _require_kind(version: ReturnVersion, kind: TransactionKind) -> None:
    """A return holds only the transactions the law asks it to report."""
    filed_return = version.filed_return
    if kind in TRANSACTION_KINDS.get(filed_return.kind, ()):
        return
    names = {
        TransactionKind.DONATION: _("donations"),
        TransactionKind.LOAN: _("loans"),
        TransactionKind.SPENDING: _("spending items"),
    }
    raise _refuse(
        FilingErrorCode.WRONG_KIND,
        _("A %(return_kind)s does not report %(kind)s. Add them to the return they belong to.")
        % {"return_kind": filed_return.get_kind_display().lower(), "kind": names[kind]},
    )


def due_date_for(
    kind: str, period_name: str, *, audited: bool = False, figures: FigureTable | None = None
) -> dt.date | None:
    from regulator.filings.selectors import figure_table

    period = parse_period(period_name)
    if period is None:
        return None
    try:
        return report_due_date(period, figures or figure_table(), audited=audited)
    except FigureNotInForceError:  # a figure not in force: no deadline to show
        return None


def period_kind_problem(kind: str, period: ReportPeriod) -> str | None:
    """Why ``period`` cannot be the period of a return of ``kind``; None when it can. A
    statement of accounts covers a financial year; nothing else does."""
    accounts_period = period.kind == ReportKind.ACCOUNTS
    if kind == ReturnKind.ACCOUNTS and not accounts_period:
        return _(
            "A statement of accounts covers a financial year. Enter “Accounts” and the "
            "year, for example Accounts 2025."
        )
    if kind != ReturnKind.ACCOUNTS and accounts_period:
        return _(
            "“%(value)s” is the year of a statement of accounts. Enter the period this "
            "return reports, for example Q4 2026."
        ) % {"value": period.name}
    return None


@transaction.atomic
def return_create(
    *,
    entity: RegulatedEntity,
    kind: str,
    period_name: str,
    actor: Any,
    accounting_unit: AccountingUnit | None = None,
) -> FiledReturn:
    """A new return with its first (draft) version."""
    name = " ".join(period_name.split())
    period = parse_period(name)
    if period is None:
        raise _refuse(
            FilingErrorCode.PERIOD_UNKNOWN,
            _("“%(value)s” is not a reporting period we know. Use a name such as Q1 2025.")
            % {"value": period_name},
        )
    if problem := period_kind_problem(kind, period):
        raise _refuse(FilingErrorCode.PERIOD_WRONG_KIND, problem)
    now = clock.now()
    filed_return = FiledReturn.objects.create(
        entity=entity,
        kind=ReturnKind(kind),
        period_name=name,
        accounting_unit=accounting_unit,
        due_date=due_date_for(kind, name),
        created_by=actor,
        created_at=now,
    )
    version = ReturnVersion.objects.create(filed_return=filed_return, number=1, created_at=now)
    StatusChange.objects.create(version=version, to_status=Status.DRAFT, actor=actor, at=now)
    audit_record(
        actor=actor,
        action="filings.return_created",
        subject=filed_return,
        payload={"entity": entity.pk, "kind": kind, "period": name},
    )
    return filed_return


# --- Transactions --------------------------------------------------------------------------


def _clean_row(kind: TransactionKind, data: dict[str, Any]) -> dict[str, str]:
    columns = parsing.TEMPLATES[kind]
    return {column: str(data.get(column, "") or "").strip() for column in columns}


@transaction.atomic
def transaction_add(
    *, version: ReturnVersion, kind: TransactionKind, data: dict[str, Any], actor: Any
) -> DraftTransaction:
    """One transaction typed on the question pages or sent through the API (template
    columns → text)."""
    version = _locked(version)
    _require_editable(version)
    _require_kind(version, kind)
    last = _last_row(version)
    item = DraftTransaction.objects.create(
        version=version, kind=kind, row=last + 1, data=_clean_row(kind, data)
    )
    _back_to_draft(version, actor)
    audit_record(
        actor=actor,
        action="filings.transaction_added",
        subject=item,
        payload={"version": version.pk, "kind": str(kind), "row": item.row},
    )
    return item


@transaction.atomic
def transaction_remove(*, item: DraftTransaction, actor: Any) -> None:
    if item.version is None:  # a held row of a pending upload is in no return yet
        raise DraftTransaction.DoesNotExist("This row is not in a return.")
    version = _locked(item.version)
    _require_editable(version)
    audit_record(
        actor=actor,
        action="filings.transaction_removed",
        subject=item,
        payload={"version": version.pk, "row": item.row, "data": item.data},
    )
    item.delete()
    _back_to_draft(version, actor)


def _last_row(version: ReturnVersion) -> int:
    return version.transactions.order_by("-row").values_list("row", flat=True).first() or 0


def _insert_rows(
    *,
    kind: str,
    rows: Iterable[tuple[int, dict[str, str]]],
    version: ReturnVersion | None = None,
    upload: Upload | None = None,
) -> int:
    """Insert many draft rows ((row number, template columns)), either in ``version`` or
    held for ``upload``. ``bulk_create`` would prepare every value through its field and
    build a statement per batch, most of the time for a file of 100,000 rows: instead
    PostgreSQL takes them as one COPY and SQLite as one ``executemany``, each row's
    columns serialised once, as the field's ``json.dumps`` would."""
    quote = connection.ops.quote_name
    table = quote(DraftTransaction._meta.db_table)
    encode = parsing.row_encoder(parsing.TEMPLATES[TransactionKind(kind)])
    version_id = version.pk if version is not None else None
    upload_id = upload.pk if upload is not None else None
    values = [(version_id, upload_id, kind, number, encode(row)) for number, row in rows]
    columns = ", ".join(quote(c) for c in ("version_id", "upload_id", "kind", "row", "data"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                values,
            )
    return len(values)


def _bulk_add(version: ReturnVersion, kind: str, rows: Sequence[dict[str, str]]) -> int:
    last = _last_row(version)
    return _insert_rows(
        kind=kind,
        rows=((last + number, row) for number, row in enumerate(rows, start=1)),
        version=version,
    )


# --- Reading rows into the rules' input ------------------------------------------------------


def items_from_rows(
    kind: TransactionKind, rows: Iterable[tuple[int, dict[str, str]]]
) -> tuple[list[Any], list[Finding]]:
    """Typed input of stored rows (template columns), and the unreadable cells."""
    findings: list[Finding] = []
    cells = parsing._Cells(findings)
    reader = parsing._READERS[kind, Layout.TEMPLATE]
    items = []
    for number, row in rows:
        cells.row = number
        items.append(reader(row, number, cells))
    return items, findings


def _context(filed_return: FiledReturn, kind: TransactionKind) -> Any:
    entity = filed_return.entity
    return context_for(
        kind=kind,
        entity_type=entity.entity_type,
        accounting_unit=filed_return.accounting_unit.name
        if filed_return.accounting_unit
        else "central",
        period_name=filed_return.period_name,
        register=entity.register or "great-britain",
    )


@collector_paused()
def rows_check(
    filed_return: FiledReturn,
    kind: TransactionKind,
    rows: Sequence[tuple[int, dict[str, str]]],
    documented_rows: frozenset[int] | None = None,
) -> list[Finding]:
    items, findings = items_from_rows(kind, rows)
    ctx = _context(filed_return, kind)
    ctx.layout = Layout.FORM
    ctx.documented_rows = documented_rows
    findings = findings + validate_items(items, ctx)
    findings.sort(key=lambda f: f.row or 0)
    return findings


def _finding_dict(finding: Finding, kind: str, row_data: dict[str, str] | None) -> dict[str, Any]:
    column = str(finding.params.get("column") or finding.field or "")
    value = str(finding.params.get("value", "")) if "value" in finding.params else ""
    if not value and row_data and column in row_data:
        value = row_data[column]
    return {
        "row": finding.row,
        "kind": kind,
        "code": str(finding.code),
        "severity": str(finding.severity),
        "column": column,
        "value": cells.neutralise_formula(value),
        "params": {k: str(v) for k, v in finding.params.items()},
    }


# --- Uploads -----------------------------------------------------------------------------


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
    version = _locked(version)
    _require_editable(version)
    _require_kind(version, kind)
    try:
        _layout, reader = parsing.template_rows(source, kind)
        rows = []
        for number, row in reader:
            if number > MAX_ROWS:
                raise _refuse(
                    FilingErrorCode.TOO_MANY_ROWS,
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": f"{MAX_ROWS:,}"},
                )
            rows.append(row)
    except UnreadableFileError as exc:
        raise _refuse(FilingErrorCode.UNREADABLE_FILE, str(exc)) from exc
    findings = rows_check(version.filed_return, kind, list(enumerate(rows, start=1)))
    problems = [
        _finding_dict(f, str(kind), rows[f.row - 1] if f.row else None)
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
        _insert_rows(
            kind=kind,
            rows=((number, row) for number, row in enumerate(rows, start=1) if number not in bad),
            upload=upload,
        )
    else:
        _bulk_add(version, kind, rows)
        _back_to_draft(version, actor)
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
    version = _locked(upload.version)
    _require_editable(version)
    if upload.status != UploadStatus.PENDING:
        raise _refuse(
            FilingErrorCode.UPLOAD_NOT_PENDING, _("This file has already been dealt with.")
        )
    # The held rows (the file's rows without errors) join the return in one statement,
    # after its last row: file row n becomes row last + n.
    added = upload.held_rows.update(version=version, upload=None, row=F("row") + _last_row(version))
    upload.status = UploadStatus.SAVED
    upload.save(update_fields=["status"])
    _back_to_draft(version, actor)
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
        raise _refuse(
            FilingErrorCode.UPLOAD_NOT_PENDING, _("This file has already been dealt with.")
        )
    upload.status = UploadStatus.DISCARDED
    upload.save(update_fields=["status"])
    upload.held_rows.all().delete()
    audit_record(actor=actor, action="filings.upload_discarded", subject=upload, payload={})


# --- Validate, declare, submit -----------------------------------------------------------


@transaction.atomic
def version_validate(*, version: ReturnVersion, actor: Any) -> ReturnVersion:
    """Run every rule over the version's transactions; the findings are kept (code,
    row, parameters) and shown in the reader's language."""
    from regulator.filings import documents

    version = _locked(version)
    _require_editable(version)
    results: list[dict[str, Any]] = []
    documented = documents.documented_rows(version)
    by_kind: dict[str, list[DraftTransaction]] = {}
    for item in version.transactions.all():
        by_kind.setdefault(item.kind, []).append(item)
    for kind, items in by_kind.items():
        data = {item.row: item.data for item in items}
        findings = rows_check(
            version.filed_return,
            TransactionKind(kind),
            [(i.row, i.data) for i in items],
            documented,
        )
        results += [_finding_dict(f, kind, data.get(f.row) if f.row else None) for f in findings]
    version.findings = results
    version.validated_at = clock.now()
    version.save(update_fields=["findings", "validated_at"])
    errors = any(r["severity"] == "error" for r in results)
    if errors and version.status != Status.DRAFT:
        Declaration.objects.filter(version=version).delete()
        _transition(version, Status.DRAFT, actor, "errors found")
    elif not errors and version.status == Status.DRAFT:
        _transition(version, Status.VALIDATED, actor)
    audit_record(
        actor=actor,
        action="filings.return_checked",
        subject=version,
        payload={
            "errors": sum(r["severity"] == "error" for r in results),
            "warnings": sum(r["severity"] == "warning" for r in results),
        },
    )
    return version


def declaring_role(user: Any, entity: RegulatedEntity) -> str | None:
    from regulator.register.types import DECLARING_ROLES

    roles = set(
        user.memberships.filter(entity=entity, revoked_at__isnull=True).values_list(
            "role", flat=True
        )
    )
    found = sorted(roles & set(DECLARING_ROLES))
    return found[0] if found else None


@transaction.atomic
def version_declare(*, version: ReturnVersion, user: Any) -> Declaration:
    """The treasurer, deputy treasurer, responsible person or donee makes the statutory
    declaration (the view asks for re-authentication first)."""
    from regulator.filings import documents

    version = _locked(version)
    if version.status != Status.VALIDATED:
        raise _refuse(
            FilingErrorCode.NOT_VALIDATED,
            _("Check the return and correct every error before you declare it."),
        )
    documents.declare_check(version)
    role = declaring_role(user, version.filed_return.entity)
    if role is None:
        raise _refuse(
            FilingErrorCode.NOT_DECLARING_ROLE,
            _("Only the treasurer, deputy treasurer, responsible person or donee can declare."),
        )
    declaration = Declaration.objects.create(
        version=version,
        declared_by=user,
        role=role,
        declared_at=clock.now(),
        statement=str(STATEMENT),
    )
    _transition(version, Status.DECLARED, user)
    return declaration


def _receipt_reference(version: ReturnVersion) -> str:
    return f"RT-{version.filed_return_id:06d}-{version.number}-{secrets.token_hex(3).upper()}"


def _crash_point(name: str) -> None:
    """Test-only: pause at a named point of a write so the crash tests
    (tests/reliability/test_crash.py) can SIGKILL the server there. Active only when
    ``settings.TESTING_CRASH_POINTS`` names the point (only the test settings read it,
    from the environment; see docs/operations.md); anywhere else this does nothing."""
    pause_ms = getattr(settings, "TESTING_CRASH_POINTS", {}).get(name)
    if pause_ms:
        logging.getLogger(__name__).warning("crash point %s reached: pausing %s ms", name, pause_ms)
        time.sleep(pause_ms / 1000)


def version_submit(*, version: ReturnVersion, user: Any, idempotency_key: str) -> ReturnVersion:
    """Submit a declared version: one submission however many times the button is
    pressed or the request retried (the row is locked; a version already submitted is
    returned as it is; the idempotency key is unique)."""
    try:
        with transaction.atomic():
            version = _locked(version)
            _crash_point("submit.locked")
            if version.status == Status.SUBMITTED or version.receipt_reference:
                return version
            if version.status != Status.DECLARED:
                raise _refuse(
                    FilingErrorCode.NOT_DECLARED, _("Declare the return before you submit it.")
                )
            now = clock.now()
            version.receipt_reference = _receipt_reference(version)
            version.submitted_at = now
            version.submitted_by = user
            version.idempotency_key = idempotency_key[:64] or None
            version.save(
                update_fields=[
                    "receipt_reference",
                    "submitted_at",
                    "submitted_by",
                    "idempotency_key",
                ]
            )
            _crash_point("submit.receipt_saved")
            filed_return = version.filed_return
            if filed_return.due_date and version.number == 1:
                filed_return.is_late = is_late(now, filed_return.due_date)
                filed_return.save(update_fields=["is_late"])
            _transition(version, Status.SUBMITTED, user, version.receipt_reference)
            _crash_point("submit.status_changed")
            transaction.on_commit(lambda: _crash_point("submit.committed"))
            # Queued in this transaction: sent exactly when the submission committed.
            receipt_email_send.enqueue(
                version_id=version.pk,
                user_id=user.pk,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            return version
    except IntegrityError:
        # The same key raced us to it: the other request submitted this version.
        return ReturnVersion.objects.get(idempotency_key=idempotency_key[:64])


def receipt_email(version: ReturnVersion, user: Any, language: str) -> None:
    """The receipt email of a submitted version, in the language it was submitted in
    (sent by the task ``receipt_email_send``)."""
    filed_return = version.filed_return
    with translation.override(language):
        subject = _("Return received: %(reference)s") % {"reference": version.receipt_reference}
        body = _(
            "We received the %(kind)s for %(period)s from %(entity)s at %(when)s. "
            "Your receipt reference is %(reference)s."
        ) % {
            "kind": filed_return.get_kind_display(),
            "period": filed_return.period_name,
            "entity": filed_return.entity.name,
            "when": clock.to_local(version.submitted_at).strftime("%d/%m/%Y %H:%M"),  # type: ignore[arg-type]
            "reference": version.receipt_reference,
        }
    notify.send_email(
        email_address=user.email,
        template_id=notify.generic_template_id(),
        personalisation={"subject": subject, "body": body},
        reference=version.receipt_reference,
    )


# --- Review, queries, amendments, acceptance, publication ------------------------------------


@transaction.atomic
def version_review_start(*, version: ReturnVersion, analyst: Any) -> ReturnVersion:
    version = _locked(version)
    if version.status != Status.SUBMITTED:
        raise _refuse(FilingErrorCode.WRONG_STATUS, _("Only a submitted return can be reviewed."))
    _transition(version, Status.UNDER_REVIEW, analyst)
    return version


@transaction.atomic
def version_query(*, version: ReturnVersion, analyst: Any, question: str) -> Query:
    version = _locked(version)
    if not question.strip():
        raise _refuse(FilingErrorCode.QUESTION_REQUIRED, _("Enter your question for the filer."))
    if version.status not in {Status.SUBMITTED, Status.UNDER_REVIEW}:
        raise _refuse(FilingErrorCode.WRONG_STATUS, _("Only a return under review can be queried."))
    query = Query.objects.create(
        version=version, asked_by=analyst, asked_at=clock.now(), question=question.strip()
    )
    _transition(version, Status.QUERIED, analyst, question.strip())
    return query


@transaction.atomic
def version_amend(
    *, version: ReturnVersion, user: Any, change_note: str, answer: str = ""
) -> ReturnVersion:
    """Start an amendment of a queried (or accepted) version: a new draft version with a
    copy of its transactions, pointing at it and saying what changes."""
    version = _locked(version)
    if version.status not in {Status.QUERIED, Status.ACCEPTED, Status.PUBLISHED}:
        raise _refuse(
            FilingErrorCode.WRONG_STATUS, _("Only a queried or accepted return can be amended.")
        )
    # An accepted version keeps its status when amended, so a second press of "Start an
    # amendment" (it waited on the lock above) would make the same next number again.
    if ReturnVersion.objects.filter(
        filed_return_id=version.filed_return_id, number__gt=version.number
    ).exists():
        raise _refuse(
            FilingErrorCode.WRONG_STATUS,
            _("An amendment of this return has already been started."),
        )
    if not change_note.strip():
        raise _refuse(FilingErrorCode.CHANGE_NOTE_REQUIRED, _("Say what the amendment changes."))
    now = clock.now()
    for query in version.queries.filter(answered_at__isnull=True):
        query.answer = answer.strip() or change_note.strip()
        query.answered_by = user
        query.answered_at = now
        query.save(update_fields=["answer", "answered_by", "answered_at"])
    amendment = ReturnVersion.objects.create(
        filed_return=version.filed_return,
        number=version.number + 1,
        amends=version,
        change_note=change_note.strip(),
        created_at=now,
    )
    DraftTransaction.objects.bulk_create(
        [
            DraftTransaction(version=amendment, kind=item.kind, row=item.row, data=item.data)
            for item in version.transactions.all()
        ],
        batch_size=2000,
    )
    from regulator.filings import documents

    documents.carry_over(source=version, target=amendment)
    StatusChange.objects.create(version=amendment, to_status=Status.DRAFT, actor=user, at=now)
    if version.status == Status.QUERIED:
        _transition(version, Status.AMENDED, user, change_note.strip())
    audit_record(
        actor=user,
        action="filings.amendment_started",
        subject=amendment,
        payload={"amends": version.pk, "change_note": change_note.strip()},
    )
    return amendment


def _english_label(choices: Any, value: str) -> str:
    with translation.override("en"):
        try:
            return str(choices(value).label)
        except ValueError:
            return value


def _finance_records(
    version: ReturnVersion, carried: Mapping[int, object] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The finance records of a version's transactions, except those ``carried`` (rows an
    amendment reports unchanged, which keep the public record they already have)."""
    filed_return = version.filed_return
    entity = filed_return.entity
    unit = filed_return.accounting_unit
    common = {
        "entity_name": entity.name,
        "entity_type": _english_label(EntityType, entity.entity_type),
        "register": _english_label(RegisterChoice, entity.register or ""),
        "accounting_unit": unit,
        "accounting_unit_name": unit.name if unit else "",
    }
    reported = clock.to_local(version.submitted_at or clock.now()).date()
    records: dict[str, list[dict[str, Any]]] = {"donations": [], "loans": [], "spending": []}
    by_kind: dict[str, list[DraftTransaction]] = {}
    for item in version.transactions.all():
        if carried is None or item.pk not in carried:
            by_kind.setdefault(item.kind, []).append(item)
    for kind, stored in by_kind.items():
        items, _problems = items_from_rows(TransactionKind(kind), [(t.row, t.data) for t in stored])
        for draft, item in zip(stored, items, strict=True):
            ref = filed.filed_ref(kind, draft.pk)
            records[kind].append(_record(kind, ref, item, common, reported))
    return records


def _record(
    kind: str, ref: str, item: Any, common: dict[str, Any], reported: dt.date
) -> dict[str, Any]:
    base = {**common, "ec_ref": ref}
    if isinstance(item, GiftInput):
        gift_date = item.accepted or item.received or reported
        base.update(
            value=item.value or Decimal(0),
            date=gift_date,
            company_number_reported=item.company_number,
            company_number=item.company_number,
            is_aggregation=item.is_aggregation,
            is_irish_source=item.is_irish_source,
            search_text=fold(
                item.source_name, common["entity_name"], common["accounting_unit_name"]
            ),
        )
    if isinstance(item, DonationInput):
        base.update(
            donor_name=item.source_name,
            donor_status=item.source_status,
            donation_type=item.donation_type,
            nature=item.nature,
            donation_action=item.outcome,
            accepted_date=item.accepted,
            received_date=item.received,
            reported_date=reported,
        )
    elif isinstance(item, LoanInput):
        base.update(
            lender_name=item.source_name,
            lender_type=item.source_status,
            loan_type=item.loan_type,
            loan_status=item.status,
            rate_of_interest=item.rate,
            amount_repaid=item.repaid,
            amount_converted=item.converted,
            amount_outstanding=item.outstanding,
            start_date=item.received,
            end_date=item.end_date,
            date_repaid=item.date_repaid,
            date_ec_last_notified=reported,
        )
    elif isinstance(item, SpendingInput):
        base.update(
            supplier_name=item.supplier,
            expense_category=item.category,
            value=item.total or Decimal(0),
            amount_england=item.england,
            amount_scotland=item.scotland,
            amount_wales=item.wales,
            amount_northern_ireland=item.northern_ireland,
            date_incurred=item.incurred,
            date_of_claim=item.claimed,
            date_paid=item.paid,
            invoice_id=item.invoice,
            date=item.incurred or item.paid or reported,
            search_text=fold(item.supplier, common["entity_name"], common["accounting_unit_name"]),
        )
    return base


def _row_key(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    return kind, json.dumps(data, sort_keys=True, default=str)


def _earlier_versions(version: ReturnVersion) -> list[ReturnVersion]:
    return list(
        ReturnVersion.objects.filter(
            filed_return_id=version.filed_return_id, number__lt=version.number
        )
    )


def _public_earlier_records(version: ReturnVersion) -> dict[str, list[str]]:
    """The refs, by kind, of the records of earlier versions that are public now."""
    from regulator.finance.models import TRANSACTION_MODELS

    returns = [v.finance_return_id for v in _earlier_versions(version) if v.finance_return_id]
    if not returns:
        return {}
    return {
        kind: list(
            model.objects.filter(filed_return_id__in=returns)
            .order_by("id")
            .values_list("ec_ref", flat=True)
        )
        for kind, model in TRANSACTION_MODELS.items()
    }


def _carried_rows(
    version: ReturnVersion, public: Mapping[str, Sequence[str]], own: set[str]
) -> dict[int, tuple[str, str]]:
    """The rows of an amendment (by id) that an earlier version's public record reports
    exactly (same kind, every column the same), each with that record's kind and ref: those keep
    their public identity. A row that changed is a removal and an addition for the filer
    (rows are added and removed, never edited), so it is never paired with the record it
    replaced: that record is withdrawn and the new row gets a record of its own. Rows
    in ``own`` (refs this version already has a record for) are not carried."""
    wanted = {ref for refs in public.values() for ref in refs}
    if not wanted:
        return {}
    pool: dict[tuple[str, str], list[str]] = {}
    earlier = DraftTransaction.objects.filter(version__in=_earlier_versions(version)).order_by(
        "version__number", "row", "pk"
    )
    for item in earlier.iterator(chunk_size=5000):
        ref = filed.filed_ref(item.kind, item.pk)
        if ref in wanted:
            pool.setdefault(_row_key(item.kind, item.data), []).append(ref)
    carried: dict[int, tuple[str, str]] = {}
    for item in version.transactions.order_by("row", "pk").iterator(chunk_size=5000):
        if filed.filed_ref(item.kind, item.pk) in own:
            continue
        refs = pool.get(_row_key(item.kind, item.data))
        if refs:
            carried[item.pk] = (item.kind, refs.pop(0))
    return carried


def _refs_by_kind(carried: Mapping[int, tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for kind, ref in carried.values():
        found.setdefault(kind, []).append(ref)
    return found


@transaction.atomic
def version_accept(*, version: ReturnVersion, analyst: Any) -> ReturnVersion:
    """The analyst accepts the version: its transactions go into the finance tables,
    unpublished, through ``finance.filed``. An amendment's rows that an earlier version's
    public record already reports unchanged get no new record: they keep that one (see
    ``_carried_rows``) and ``version_publish`` leaves it public."""
    version = _locked(version)
    if version.status not in {Status.SUBMITTED, Status.UNDER_REVIEW}:
        raise _refuse(
            FilingErrorCode.WRONG_STATUS, _("Only a return under review can be accepted.")
        )
    carried = _carried_rows(version, _public_earlier_records(version), own=set())
    finance_return = filed.filed_return_record(
        entity=version.filed_return.entity,
        period_name=version.filed_return.period_name,
        records=_finance_records(version, carried),
        actor=analyst,
        source=f"filed return {version.filed_return_id} version {version.number}",
        carried=_refs_by_kind(carried),
    )
    version.finance_return_id = finance_return.pk
    version.save(update_fields=["finance_return_id"])
    _transition(version, Status.ACCEPTED, analyst)
    return version


@transaction.atomic
def version_publish(*, version: ReturnVersion, approver: Any) -> int:
    """The publication approver publishes an accepted version's records, and returns how
    many of its records are public now.

    Publishing an amendment makes the public data show this version only: the records
    of earlier versions that it reports unchanged stay public under their reference;
    every other record of an earlier version is withdrawn with the reason "Replaced by
    amendment <receipt reference>" (and an earlier version still merely accepted can no
    longer be published: its records are marked withdrawn and it becomes "amended")."""
    from regulator.finance.models import TRANSACTION_MODELS, Return

    version = _locked(version)
    if version.status != Status.ACCEPTED or version.finance_return_id is None:
        raise _refuse(FilingErrorCode.WRONG_STATUS, _("Only an accepted return can be published."))
    finance_return = Return.objects.get(pk=version.finance_return_id)
    earlier = [v for v in _earlier_versions(version) if v.finance_return_id]
    if not earlier:
        count = filed.filed_return_publish(finance_return=finance_return, actor=approver)
        _transition(version, Status.PUBLISHED, approver, f"{count} records")
        return count
    reason = f"Replaced by amendment {version.receipt_reference}"
    # Worked out again now rather than trusted from acceptance: a record may have been
    # withdrawn, or an earlier version published, since.
    own = {
        ref
        for model in TRANSACTION_MODELS.values()
        for ref in model.all_objects.filter(filed_return=finance_return).values_list(
            "ec_ref", flat=True
        )
    }
    carried = _carried_rows(version, _public_earlier_records(version), own=own)
    kept = {ref for _kind, ref in carried.values()}
    superseded = {
        kind: [
            ref
            for ref in model.all_objects.filter(
                filed_return_id__in=[v.finance_return_id for v in earlier],
                withdrawn_at__isnull=True,
            )
            .order_by("id")
            .values_list("ec_ref", flat=True)
            if ref not in kept
        ]
        for kind, model in TRANSACTION_MODELS.items()
    }
    previous = ", ".join(
        f"{v.number} ({v.receipt_reference})" for v in sorted(earlier, key=lambda v: v.number)
    )
    published = filed.filed_return_publish(
        finance_return=finance_return,
        actor=approver,
        note=f"Added by amendment {version.receipt_reference} (replacing version {previous})",
    )
    withdrawn = filed.filed_records_supersede(
        refs=superseded, reason=reason, replaced_by=finance_return, actor=approver
    )
    for old in earlier:
        if old.status in {Status.ACCEPTED, Status.PUBLISHED}:
            _transition(_locked(old), Status.AMENDED, approver, reason)
    count = published + len(carried)
    _transition(
        version,
        Status.PUBLISHED,
        approver,
        f"{count} records ({published} new, {len(carried)} unchanged, "
        f"{sum(len(refs) for refs in withdrawn.values())} withdrawn)",
    )
    return count


def has_error_findings(findings: Sequence[Finding]) -> bool:
    return has_errors(findings)
