"""Checking, declaring and submitting a version: the rules run over every transaction,
the statutory declaration is made by one who may make it, and submission happens once
however often the button is pressed, with its receipt email queued in the same
transaction."""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.filings.models import Declaration, DraftTransaction, ReturnVersion, Status
from regulator.filings.rules.base import RuleCode, finding_for
from regulator.filings.rules.deadlines import is_late
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import documents
from regulator.filings.services.records_seam import version_documents_declare
from regulator.filings.services.states import (
    TRANSACTION_KINDS,
    FilingErrorCode,
    locked,
    refuse,
    require_editable,
    transition,
)
from regulator.filings.services.transactions import finding_dict, rows_check
from regulator.filings.tasks import receipt_email_send
from regulator.register import selectors as register_selectors

STATEMENT = gettext_lazy(
    "I declare that, to the best of my knowledge and belief, this return is a complete and "
    "correct statement of the matters it is required by the Political Parties, Elections "
    "and Referendums Act 2000 to contain. I understand that it is an offence to deliver a "
    "return knowing it to be false in any material respect."
)


@transaction.atomic
def version_validate(*, version: ReturnVersion, actor: Any) -> ReturnVersion:
    """Run every rule over the version's transactions; the findings are kept (code,
    row, parameters) and shown in the reader's language."""
    version = locked(version)
    require_editable(version)
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
        results += [finding_dict(f, kind, data.get(f.row) if f.row else None) for f in findings]
    if version.nothing_to_report:
        results += _nil_findings(version)
    version.findings = results
    version.validated_at = clock.now()
    version.save(update_fields=["findings", "validated_at"])
    errors = any(r["severity"] == "error" for r in results)
    if errors and version.status != Status.DRAFT:
        Declaration.objects.filter(version=version).delete()
        transition(version, Status.DRAFT, actor, "errors found")
    elif not errors and version.status == Status.DRAFT:
        transition(version, Status.VALIDATED, actor)
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


def _nil_findings(version: ReturnVersion) -> list[dict[str, Any]]:
    """A nil return has no rows for the rules to read, but it is late like any return:
    the late warning the rules give a return with rows (``report_late``)."""
    filed = version.filed_return
    if filed.due_date is None or clock.local_today() <= filed.due_date:
        return []
    late = finding_for(
        RuleCode.REPORT_LATE,
        None,
        {"period": filed.period_name, "due": filed.due_date.strftime("%d/%m/%Y")},
    )
    kinds = TRANSACTION_KINDS.get(filed.kind, ())
    return [finding_dict(late, str(kinds[0]) if kinds else "", None)]


def declaring_role(user: Any, entity: Any) -> str | None:
    """The role in which ``user`` may declare the entity's return (None if they may not)."""
    return register_selectors.declaring_role_of(user=user, entity_id=entity.pk)


@transaction.atomic
def version_declare(*, version: ReturnVersion, user: Any) -> Declaration:
    """The treasurer, deputy treasurer, responsible person or donee makes the statutory
    declaration (the view asks for re-authentication first)."""
    version = locked(version)
    if version.status != Status.VALIDATED:
        raise refuse(
            FilingErrorCode.NOT_VALIDATED,
            _("Check the return and correct every error before you declare it."),
        )
    documents.declare_check(version)
    role = declaring_role(user, version.filed_return.entity)
    if role is None:
        raise refuse(
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
    transition(version, Status.DECLARED, user)
    return declaration


def _receipt_reference(version: ReturnVersion) -> str:
    return f"RT-{version.filed_return_id:06d}-{version.number}-{secrets.token_hex(3).upper()}"


def crash_point(name: str) -> None:
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
    returned as it is; the idempotency key is unique). Durable: the receipt's task is
    queued in this transaction, so it must be the outermost one, committed here."""
    try:
        with transaction.atomic(durable=True):
            version = locked(version)
            crash_point("submit.locked")
            if version.status == Status.SUBMITTED or version.receipt_reference:
                return version
            if version.status != Status.DECLARED:
                raise refuse(
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
            crash_point("submit.receipt_saved")
            filed_return = version.filed_return
            if filed_return.due_date and version.number == 1:
                filed_return.is_late = is_late(now, filed_return.due_date)
                filed_return.save(update_fields=["is_late"])
            transition(version, Status.SUBMITTED, user, version.receipt_reference)
            # In the submission's transaction: a submitted return's documents are records.
            version_documents_declare(version=version, actor=user)
            crash_point("submit.status_changed")
            transaction.on_commit(lambda: crash_point("submit.committed"))
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
