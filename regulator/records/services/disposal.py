"""Disposal: the records due are listed in a batch; a records manager reviews each (keep,
extend with a reason, approve), approves the batch, and a second records manager approves
it again; then each approved record is destroyed (or its personal data removed) in a
transaction of its own that also issues its certificate, itself kept as a record. The
bytes are removed from storage only after that transaction commits, so a run killed at
any moment leaves every record either intact or certified destroyed; running again
finishes the batch (``records_disposal_run``), and ``records_verify`` removes bytes left
by a run cut off between commit and removal."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.audit.types import Actor, as_actor
from regulator.core import clock
from regulator.identity.selectors import is_records_manager
from regulator.records import selectors
from regulator.records.models import (
    DisposalBatch,
    DisposalCertificate,
    DisposalItem,
    Record,
)
from regulator.records.services.records import add_months, record_declare, reference_next
from regulator.records.services.store import RecordsError, blob_remove_if_unused
from regulator.records.types import (
    Action,
    BatchState,
    Decision,
    Declaration,
    RecordsErrorCode,
    RecordState,
)

CERTIFICATE_CLASS = "RM-CERT"
DISPOSED_BY_BATCH = (Action.DESTROY, Action.REVIEW, Action.REDACT)


def crash_point(name: str) -> None:
    """Pause here when the test-only ``TESTING_CRASH_POINTS`` names the point, so the
    crash tests can SIGKILL the process at it (base and production never pause)."""
    pause_ms = getattr(settings, "TESTING_CRASH_POINTS", {}).get(name)
    if pause_ms:
        time.sleep(pause_ms / 1000)


def _require_manager(user: Any) -> None:
    if not is_records_manager(user):
        raise RecordsError(
            _("Only a records manager can review and approve disposal."),
            code=RecordsErrorCode.NOT_PERMITTED,
        )


def disposal_batch_create(*, as_of: dt.date, actor: Any) -> DisposalBatch | None:
    """A batch of the records due by ``as_of`` that no hold covers and no open batch
    holds already (None when there are none)."""
    due = (
        selectors.disposal_due(as_of=as_of)
        .filter(held=False, rule__action__in=DISPOSED_BY_BATCH)  # type: ignore[misc]  # "held" is an annotation
        .exclude(disposal_items__batch__state__in=[BatchState.REVIEW, BatchState.APPROVED])
    )
    with transaction.atomic():
        records = list(due)
        if not records:
            return None
        batch = DisposalBatch.objects.create(
            reference=reference_next("DISP"), as_of=as_of, created_at=clock.now()
        )
        DisposalItem.objects.bulk_create(DisposalItem(batch=batch, record=r) for r in records)
        audit_record(
            actor=actor,
            action="records.disposal_batch_created",
            subject=batch,
            payload={"reference": batch.reference, "as_of": as_of, "records": len(records)},
        )
    return batch


def disposal_item_decide(
    *,
    item: DisposalItem,
    decision: Decision | str,
    reason: str = "",
    extend_to: dt.date | None = None,
    actor: Any,
) -> DisposalItem:
    _require_manager(actor)
    decision = str(decision)
    if decision not in (Decision.KEEP, Decision.EXTEND, Decision.APPROVE):
        raise RecordsError(_("Choose a decision."), code=RecordsErrorCode.UNDECIDED)
    if decision in (Decision.KEEP, Decision.EXTEND) and not reason.strip():
        raise RecordsError(
            _("Enter the reason for keeping the record."), code=RecordsErrorCode.REASON_REQUIRED
        )
    with transaction.atomic():
        locked = DisposalItem.objects.select_for_update().select_related("batch").get(pk=item.pk)
        if locked.batch.state != BatchState.REVIEW:
            raise RecordsError(
                _("This batch has been approved: its decisions cannot change."),
                code=RecordsErrorCode.BATCH_STATE,
            )
        if decision == Decision.EXTEND and (extend_to is None or extend_to <= locked.batch.as_of):
            raise RecordsError(
                _("Enter a date after %(date)s to keep the record until.")
                % {"date": locked.batch.as_of.strftime("%d/%m/%Y")},
                code=RecordsErrorCode.EXTEND_DATE,
            )
        locked.decision = decision
        locked.reason = reason.strip()
        locked.extend_to = extend_to if decision == Decision.EXTEND else None
        locked.save(update_fields=["decision", "reason", "extend_to"])
        audit_record(
            actor=actor,
            action="records.disposal_decided",
            subject=locked.record,
            payload={
                "batch": locked.batch.reference,
                "decision": decision,
                "reason": locked.reason,
                "extend_to": locked.extend_to,
            },
        )
    return locked


def disposal_batch_approve(*, batch: DisposalBatch, actor: Any) -> DisposalBatch:
    """The first approval: every item decided; kept and extended records get their new
    review dates now."""
    _require_manager(actor)
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state != BatchState.REVIEW:
            raise RecordsError(
                _("This batch is not waiting for review."), code=RecordsErrorCode.BATCH_STATE
            )
        if locked.items.filter(decision=Decision.PENDING).exists():
            raise RecordsError(
                _("Decide every record in the batch before approving it."),
                code=RecordsErrorCode.UNDECIDED,
            )
        for item in locked.items.exclude(decision=Decision.APPROVE).select_related("record"):
            until = item.extend_to or add_months(locked.as_of, 12)
            Record.objects.filter(pk=item.record_id).update(expires_on=until)
            item.done_at = clock.now()
            item.save(update_fields=["done_at"])
            audit_record(
                actor=actor,
                action="records.retention_extended",
                subject=item.record,
                payload={"batch": locked.reference, "until": until, "reason": item.reason},
            )
        locked.state = BatchState.APPROVED
        locked.approved_by = actor
        locked.approved_at = clock.now()
        locked.save(update_fields=["state", "approved_by", "approved_at"])
        audit_record(
            actor=actor,
            action="records.disposal_batch_approved",
            subject=locked,
            payload={"reference": locked.reference},
        )
    return locked


def disposal_batch_second_approve(*, batch: DisposalBatch, actor: Any) -> DisposalBatch:
    """The second approval, by another records manager; then the disposal runs."""
    _require_manager(actor)
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state != BatchState.APPROVED or locked.second_approved_by_id is not None:
            raise RecordsError(
                _("This batch is not waiting for a second approval."),
                code=RecordsErrorCode.BATCH_STATE,
            )
        if locked.approved_by_id == actor.pk:
            raise RecordsError(
                _("The second approval must be given by another records manager."),
                code=RecordsErrorCode.SAME_APPROVER,
            )
        locked.second_approved_by = actor
        locked.second_approved_at = clock.now()
        locked.save(update_fields=["second_approved_by", "second_approved_at"])
        audit_record(
            actor=actor,
            action="records.disposal_batch_second_approved",
            subject=locked,
            payload={"reference": locked.reference},
        )
    disposal_batch_run(batch=locked)
    locked.refresh_from_db()
    return locked


def disposal_batch_run(*, batch: DisposalBatch) -> int:
    """Dispose of every approved record of a twice-approved batch not yet done (again
    after a crash). Returns how many it disposed of now."""
    if batch.second_approved_by_id is None:
        raise RecordsError(
            _("This batch has not been approved twice."), code=RecordsErrorCode.BATCH_STATE
        )
    done = 0
    pending = batch.items.filter(decision=Decision.APPROVE, done_at__isnull=True)
    for item_id in list(pending.values_list("pk", flat=True)):
        crash_point("records.dispose.before_item")
        blob = _dispose_item(item_id)
        crash_point("records.dispose.committed")
        if blob is not None:
            blob_remove_if_unused(blob=blob)
        done += 1
    with transaction.atomic():
        locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
        if (
            locked.state != BatchState.DISPOSED
            and not locked.items.filter(decision=Decision.APPROVE, done_at__isnull=True).exists()
        ):
            locked.state = BatchState.DISPOSED
            locked.save(update_fields=["state"])
            audit_record(
                actor=Actor.system("records disposal"),
                action="records.disposal_batch_done",
                subject=locked,
                payload={"reference": locked.reference},
            )
    return done


def _dispose_item(item_id: int) -> Any:
    """One record's disposal and certificate, in one transaction; the blob whose bytes
    may now go (after commit), or None."""
    with transaction.atomic():
        item = (
            DisposalItem.objects.select_for_update(of=("self",))
            .select_related("batch__approved_by", "batch__second_approved_by")
            .get(pk=item_id)
        )
        if item.done_at is not None:
            return None
        record = (
            Record.objects.select_for_update(of=("self",))
            .select_related("rule", "record_class")
            .get(pk=item.record_id)
        )
        batch = item.batch
        holds = selectors.record_holds(record=record)
        system = Actor.system("records disposal")
        if holds or record.state != RecordState.DECLARED:
            item.done_at = clock.now()
            item.reason = (item.reason + " " + _("Not disposed of: held.")).strip()
            item.save(update_fields=["done_at", "reason"])
            audit_record(
                actor=system,
                action="records.disposal_blocked",
                subject=record,
                payload={"batch": batch.reference, "holds": [h.reference for h in holds]},
            )
            return None
        approvers = [
            user.get_username()
            for user in (batch.approved_by, batch.second_approved_by)
            if user is not None
        ]
        blob = record.blob
        redact = record.rule.action == Action.REDACT
        method = "redacted" if redact else "destroyed"
        certificate_issue(
            record=record,
            method=method,
            approvers=approvers,
            holds_checked=[h.reference for h in selectors.holds_active()],
            consignment="",
            extra={"personal_fields_removed": sorted(record.personal)} if redact else None,
        )
        record.disposed_at = clock.now()
        record.expires_on = None
        if redact:
            record.personal = {}
            record.state = RecordState.REDACTED
            record.save(update_fields=["personal", "state", "disposed_at", "expires_on"])
            blob = None
        else:
            record.state = RecordState.DESTROYED
            record.blob = None
            record.save(update_fields=["state", "blob", "disposed_at", "expires_on"])
        item.done_at = clock.now()
        item.save(update_fields=["done_at"])
        audit_record(
            actor=system,
            action=f"records.record_{method}",
            subject=record,
            payload={"batch": batch.reference, "sha256": record.sha256, "approvers": approvers},
        )
        return blob


def certificate_issue(
    *,
    record: Record,
    method: str,
    approvers: list[str],
    holds_checked: list[str],
    consignment: str,
    extra: dict[str, Any] | None = None,
) -> DisposalCertificate:
    """The certificate of ``record``'s disposal (inside the caller's transaction), kept
    as a record of class RM-CERT."""
    rule = record.rule
    now = clock.now()
    details: dict[str, Any] = {
        "record": record.reference,
        "title": record.title,
        "record_class": record.record_class.code,
        "rule": {
            "trigger": rule.trigger,
            "period_years": rule.period_years,
            "period_months": rule.period_months,
            "action": rule.action,
            "effective_from": rule.effective_from.isoformat(),
        },
        "trigger_on": record.trigger_on.isoformat() if record.trigger_on else None,
        "expires_on": record.expires_on.isoformat() if record.expires_on else None,
        "holds_checked": holds_checked,
        "holds_covering": [],
        "approvers": approvers,
        "method": method,
        "consignment": consignment,
        "time": now.isoformat(),
        "sha256": record.sha256,
        "size": record.size,
        **(extra or {}),
    }
    content = json.dumps(details, indent=2, sort_keys=True).encode("utf-8")
    certificate_record = record_declare(
        declaration=Declaration(
            record_class=CERTIFICATE_CLASS,
            title=_("Certificate of disposal of %(record)s") % {"record": record.reference},
            source="records.certificate",
            source_id=record.reference,
            file_name=f"certificate-{record.reference}.json",
        ),
        content=content,
        actor=as_actor(Actor.system("records disposal")),
    )
    certificate = DisposalCertificate.objects.create(
        record=record, certificate_record=certificate_record, details=details, issued_at=now
    )
    audit_record(
        actor=Actor.system("records disposal"),
        action="records.certificate_issued",
        subject=record,
        payload={"certificate": certificate_record.reference, "method": method},
    )
    return certificate
