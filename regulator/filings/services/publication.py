"""Publishing an accepted version: its records become public; an amendment replaces the
records of earlier versions that it no longer reports."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regulator.filings.models import ReturnVersion, Status
from regulator.filings.services.records_seam import version_documents_published
from regulator.filings.services.review import carried_rows, earlier_versions, public_earlier_records
from regulator.filings.services.states import FilingErrorCode, locked, refuse, transition
from regulator.finance import selectors as finance_selectors
from regulator.finance import services as finance_services
from regulator.finance import types as finance_types


@transaction.atomic
def version_publish(*, version: ReturnVersion, approver: Any) -> int:
    """The publication approver publishes an accepted version's records, and returns how
    many of its records are public now.

    Publishing an amendment makes the public data show this version only: the records
    of earlier versions that it reports unchanged stay public under their reference;
    every other record of an earlier version is withdrawn with the reason "Replaced by
    amendment <receipt reference>" (and an earlier version still merely accepted can no
    longer be published: its records are marked withdrawn and it becomes "amended")."""
    version = locked(version)
    if version.status != Status.ACCEPTED or version.finance_return_id is None:
        raise refuse(FilingErrorCode.WRONG_STATUS, _("Only an accepted return can be published."))
    finance_return = finance_selectors.finance_return_get(return_id=version.finance_return_id)
    earlier = [v for v in earlier_versions(version) if v.finance_return_id]
    if not earlier:
        count = finance_services.filed_return_publish(finance_return=finance_return, actor=approver)
        transition(version, Status.PUBLISHED, approver, f"{count} records")
        version_documents_published(version=version, actor=approver)
        return count
    reason = f"Replaced by amendment {version.receipt_reference}"
    # Worked out again now rather than trusted from acceptance: a record may have been
    # withdrawn, or an earlier version published, since.
    own = {
        ref
        for kind in finance_types.TRANSACTION_KINDS
        for ref in finance_selectors.transactions_all(kind)
        .filter(filed_return=finance_return)
        .values_list("ec_ref", flat=True)
    }
    carried = carried_rows(version, public_earlier_records(version), own=own)
    kept = {ref for _kind, ref in carried.values()}
    superseded = {
        kind: [
            ref
            for ref in finance_selectors.transactions_all(kind)
            .filter(
                filed_return_id__in=[v.finance_return_id for v in earlier],
                withdrawn_at__isnull=True,
            )
            .order_by("id")
            .values_list("ec_ref", flat=True)
            if ref not in kept
        ]
        for kind in finance_types.TRANSACTION_KINDS
    }
    previous = ", ".join(
        f"{v.number} ({v.receipt_reference})" for v in sorted(earlier, key=lambda v: v.number)
    )
    published = finance_services.filed_return_publish(
        finance_return=finance_return,
        actor=approver,
        note=f"Added by amendment {version.receipt_reference} (replacing version {previous})",
    )
    withdrawn = finance_services.filed_records_supersede(
        refs=superseded, reason=reason, replaced_by=finance_return, actor=approver
    )
    for old in earlier:
        if old.status in {Status.ACCEPTED, Status.PUBLISHED}:
            transition(locked(old), Status.AMENDED, approver, reason)
    count = published + len(carried)
    version_documents_published(version=version, actor=approver)
    transition(
        version,
        Status.PUBLISHED,
        approver,
        f"{count} records ({published} new, {len(carried)} unchanged, "
        f"{sum(len(refs) for refs in withdrawn.values())} withdrawn)",
    )
    return count
