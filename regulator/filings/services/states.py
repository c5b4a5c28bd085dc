"""The state machine of a return's versions, shared by every filing service: the error
codes, the one status transition (a status change row and an audit event), the row lock,
and the rules every change obeys (a submitted version is never changed; a change voids
the checks and the declaration; a return holds only the transactions of its kind).

draft → validated → declared → submitted → under review → accepted or queried → (an
amendment: a new version) … → published. Each service is keyword-only, runs in one
transaction, records a status change and an audit event, and refuses with a
``FilingError`` (its ``code`` a ``FilingErrorCode``) anything the lifecycle does not
allow. Permissions are checked by the caller (the views and the API) with
``user.has_perm`` before calling."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.errors import RegulatorError
from regulator.filings.models import (
    EDITABLE,
    Declaration,
    ReturnKind,
    ReturnVersion,
    Status,
    StatusChange,
)
from regulator.filings.rules.inputs import TransactionKind


class FilingErrorCode(StrEnum):
    PERIOD_UNKNOWN = "period_unknown"
    PERIOD_WRONG_KIND = "period_wrong_kind"
    RETURN_EXISTS = "return_exists"
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
    SEATS_REQUIRED = "seats_required"
    REASON_REQUIRED = "reason_required"
    NOTHING_TO_REPORT = "nothing_to_report"
    HAS_TRANSACTIONS = "has_transactions"


class FilingError(RegulatorError):
    """A filing step refused: the code says why (FilingErrorCode)."""


class ReturnExistsError(FilingError):
    """A return of this kind for this period already exists: ``existing`` is its id, so
    the filer can be sent to it."""

    def __init__(self, message: str, *, existing: int) -> None:
        super().__init__(message, code=FilingErrorCode.RETURN_EXISTS)
        self.existing = existing


def refuse(code: FilingErrorCode, message: str) -> FilingError:
    return FilingError(message, code=code)


def transition(version: ReturnVersion, to: Status, actor: Any, note: str = "") -> None:
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


def locked(version: ReturnVersion) -> ReturnVersion:
    return (
        ReturnVersion.objects.select_for_update().select_related("filed_return").get(pk=version.pk)
    )


def require_editable(version: ReturnVersion) -> None:
    if version.status not in EDITABLE:
        raise refuse(
            FilingErrorCode.NOT_EDITABLE,
            _("This return has been submitted and cannot be changed. Start an amendment."),
        )


def back_to_draft(version: ReturnVersion, actor: Any) -> None:
    """Any change to the transactions voids the checks and the declaration."""
    Declaration.objects.filter(version=version).delete()
    version.findings = []
    version.validated_at = None
    version.save(update_fields=["findings", "validated_at"])
    if version.status != Status.DRAFT:
        transition(version, Status.DRAFT, actor, "changed")


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


def require_kind(version: ReturnVersion, kind: TransactionKind) -> None:
    """A return holds only the transactions the law asks it to report."""
    filed_return = version.filed_return
    if version.nothing_to_report:
        raise refuse(
            FilingErrorCode.NOTHING_TO_REPORT,
            _(
                "You have said there is nothing to report for this period. Say that you "
                "have something to report before you add transactions."
            ),
        )
    if kind in TRANSACTION_KINDS.get(filed_return.kind, ()):
        return
    names = {
        TransactionKind.DONATION: _("donations"),
        TransactionKind.LOAN: _("loans"),
        TransactionKind.SPENDING: _("spending items"),
    }
    raise refuse(
        FilingErrorCode.WRONG_KIND,
        _("A %(return_kind)s does not report %(kind)s. Add them to the return they belong to.")
        % {"return_kind": filed_return.get_kind_display().lower(), "kind": names[kind]},
    )
