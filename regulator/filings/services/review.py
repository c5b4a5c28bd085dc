"""The analyst's review: starting it, querying the filer, amendments (a new version with
a copy of the transactions and documents), and acceptance, which puts the version's
transactions into the finance tables (unpublished) through ``finance.services``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.filings.models import DraftTransaction, Query, ReturnVersion, Status, StatusChange
from regulator.filings.rules.inputs import (
    DonationInput,
    GiftInput,
    LoanInput,
    SpendingInput,
    TransactionKind,
)
from regulator.filings.services import documents
from regulator.filings.services.states import FilingErrorCode, locked, refuse, transition
from regulator.filings.services.transactions import items_from_rows
from regulator.finance import selectors as finance_selectors
from regulator.finance import services as finance_services
from regulator.finance import types as finance_types
from regulator.register.types import EntityType
from regulator.register.types import Register as RegisterChoice


@transaction.atomic
def version_review_start(*, version: ReturnVersion, analyst: Any) -> ReturnVersion:
    version = locked(version)
    if version.status != Status.SUBMITTED:
        raise refuse(FilingErrorCode.WRONG_STATUS, _("Only a submitted return can be reviewed."))
    transition(version, Status.UNDER_REVIEW, analyst)
    return version


@transaction.atomic
def version_query(*, version: ReturnVersion, analyst: Any, question: str) -> Query:
    version = locked(version)
    if not question.strip():
        raise refuse(FilingErrorCode.QUESTION_REQUIRED, _("Enter your question for the filer."))
    if version.status not in {Status.SUBMITTED, Status.UNDER_REVIEW}:
        raise refuse(FilingErrorCode.WRONG_STATUS, _("Only a return under review can be queried."))
    query = Query.objects.create(
        version=version, asked_by=analyst, asked_at=clock.now(), question=question.strip()
    )
    transition(version, Status.QUERIED, analyst, question.strip())
    return query


@transaction.atomic
def version_amend(
    *, version: ReturnVersion, user: Any, change_note: str, answer: str = ""
) -> ReturnVersion:
    """Start an amendment of a queried (or accepted) version: a new draft version with a
    copy of its transactions, pointing at it and saying what changes."""
    version = locked(version)
    if version.status not in {Status.QUERIED, Status.ACCEPTED, Status.PUBLISHED}:
        raise refuse(
            FilingErrorCode.WRONG_STATUS, _("Only a queried or accepted return can be amended.")
        )
    # An accepted version keeps its status when amended, so a second press of "Start an
    # amendment" (it waited on the lock above) would make the same next number again.
    if ReturnVersion.objects.filter(
        filed_return_id=version.filed_return_id, number__gt=version.number
    ).exists():
        raise refuse(
            FilingErrorCode.WRONG_STATUS,
            _("An amendment of this return has already been started."),
        )
    if not change_note.strip():
        raise refuse(FilingErrorCode.CHANGE_NOTE_REQUIRED, _("Say what the amendment changes."))
    now = clock.now()
    answers = []
    for query in version.queries.filter(answered_at__isnull=True).order_by("asked_at", "pk"):
        query.answer = answer.strip() or change_note.strip()
        query.answered_by = user
        query.answered_at = now
        query.save(update_fields=["answer", "answered_by", "answered_at"])
        answers.append({"query": query.pk, "question": query.question, "answer": query.answer})
    amendment = ReturnVersion.objects.create(
        filed_return=version.filed_return,
        number=version.number + 1,
        amends=version,
        change_note=change_note.strip(),
        created_at=now,
        nothing_to_report=version.nothing_to_report,
    )
    DraftTransaction.objects.bulk_create(
        [
            DraftTransaction(version=amendment, kind=item.kind, row=item.row, data=item.data)
            for item in version.transactions.all()
        ],
        batch_size=2000,
    )
    documents.carry_over(source=version, target=amendment)
    StatusChange.objects.create(version=amendment, to_status=Status.DRAFT, actor=user, at=now)
    if version.status == Status.QUERIED:
        transition(version, Status.AMENDED, user, change_note.strip())
    audit_record(
        actor=user,
        action="filings.amendment_started",
        subject=amendment,
        # The answers to the analyst's queries are saved here too: the event records them,
        # so the chain holds what the filer answered, not only that an amendment began.
        payload={"amends": version.pk, "change_note": change_note.strip(), "answers": answers},
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
    reported = reported_on(version)
    records: dict[str, list[dict[str, Any]]] = {"donations": [], "loans": [], "spending": []}
    by_kind: dict[str, list[DraftTransaction]] = {}
    for item in version.transactions.all():
        if carried is None or item.pk not in carried:
            by_kind.setdefault(item.kind, []).append(item)
    for kind, stored in by_kind.items():
        items, _problems = items_from_rows(TransactionKind(kind), [(t.row, t.data) for t in stored])
        for draft, item in zip(stored, items, strict=True):
            ref = finance_services.filed_ref(kind, draft.pk)
            records[kind].append(_record(kind, ref, item, common, reported))
    return records


def reported_on(version: ReturnVersion) -> dt.date:
    """The day a version was reported (submitted), London time."""
    return clock.to_local(version.submitted_at or clock.now()).date()


def _record(
    kind: str, ref: str, item: Any, common: dict[str, Any], reported: dt.date
) -> dict[str, Any]:
    """A finance record of a filed transaction, as reported; what follows from it (its
    search date and text, the public-fund flag, an individual's postcode) is derived by
    ``finance`` as for every other record."""
    base = {**common, "ec_ref": ref}
    if isinstance(item, GiftInput):
        base.update(
            value=item.value or Decimal(0),
            company_number_reported=item.company_number,
            company_number=item.company_number,
            is_aggregation=item.is_aggregation,
            is_irish_source=item.is_irish_source,
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
        )
    return base


def _row_key(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    return kind, json.dumps(data, sort_keys=True, default=str)


def earlier_versions(version: ReturnVersion) -> list[ReturnVersion]:
    return list(
        ReturnVersion.objects.filter(
            filed_return_id=version.filed_return_id, number__lt=version.number
        )
    )


def public_earlier_records(version: ReturnVersion) -> dict[str, list[str]]:
    """The refs, by kind, of the records of earlier versions that are public now."""
    returns = [v.finance_return_id for v in earlier_versions(version) if v.finance_return_id]
    if not returns:
        return {}
    return {
        kind: list(
            finance_selectors.transactions_published(kind)
            .filter(filed_return_id__in=returns)
            .order_by("id")
            .values_list("ec_ref", flat=True)
        )
        for kind in finance_types.TRANSACTION_KINDS
    }


def carried_rows(
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
    earlier = DraftTransaction.objects.filter(version__in=earlier_versions(version)).order_by(
        "version__number", "row", "pk"
    )
    for item in earlier.iterator(chunk_size=5000):
        ref = finance_services.filed_ref(item.kind, item.pk)
        if ref in wanted:
            pool.setdefault(_row_key(item.kind, item.data), []).append(ref)
    carried: dict[int, tuple[str, str]] = {}
    for item in version.transactions.order_by("row", "pk").iterator(chunk_size=5000):
        if finance_services.filed_ref(item.kind, item.pk) in own:
            continue
        refs = pool.get(_row_key(item.kind, item.data))
        if refs:
            carried[item.pk] = (item.kind, refs.pop(0))
    return carried


def refs_by_kind(carried: Mapping[int, tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for kind, ref in carried.values():
        found.setdefault(kind, []).append(ref)
    return found


@transaction.atomic
def version_accept(
    *, version: ReturnVersion, analyst: Any, reason: str | None = None
) -> ReturnVersion:
    """The analyst accepts the version: its transactions go into the finance tables,
    unpublished, through ``finance.services.filed_return_record``. An amendment's rows that an earlier version's
    public record already reports unchanged get no new record: they keep that one (see
    ``carried_rows``) and ``version_publish`` leaves it public.

    ``reason`` is why the analyst accepts (the review page requires it): kept as the
    note of the status change and in the audit event. A blank reason is refused and
    nothing changes; None (a system or demo acceptance) records none."""
    if reason is not None and not reason.strip():
        raise refuse(
            FilingErrorCode.REASON_REQUIRED,
            _("Enter why you are accepting the return, for example what you checked."),
        )
    version = locked(version)
    if version.status not in {Status.SUBMITTED, Status.UNDER_REVIEW}:
        raise refuse(FilingErrorCode.WRONG_STATUS, _("Only a return under review can be accepted."))
    carried = carried_rows(version, public_earlier_records(version), own=set())
    finance_return = finance_services.filed_return_record(
        entity=version.filed_return.entity,
        period_name=version.filed_return.period_name,
        records=_finance_records(version, carried),
        actor=analyst,
        source=f"filed return {version.filed_return_id} version {version.number}",
        carried=refs_by_kind(carried),
        reported_on=reported_on(version),
    )
    version.finance_return_id = finance_return.pk
    version.save(update_fields=["finance_return_id"])
    transition(version, Status.ACCEPTED, analyst, (reason or "").strip())
    return version


def acceptance_reason(version: ReturnVersion) -> str:
    """Why the analyst accepted the version (the note of its acceptance), or ""."""
    change = version.history.filter(to_status=Status.ACCEPTED).order_by("-at", "-id").first()
    return change.note if change is not None else ""
