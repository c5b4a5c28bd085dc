"""The one place the donors area writes finance data: each published donation's or
loan's resolved public donor number (``donor_id``: 1 for donor D0000001).

Called by ``regulator.donors.services.resolution_run`` after a run, with only the records
whose donor changed. One audit event per call (not per record: a run may move a million).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core.errors import InvalidValueError
from regulator.finance.answer_cache import published_changed
from regulator.finance.models import Donation, Loan

DONOR_LINK_MODELS: dict[str, type[Donation] | type[Loan]] = {"donation": Donation, "loan": Loan}
BATCH_SIZE = 2000


def donor_ids_assign(*, kind: str, assignments: dict[int, int | None], actor: Any) -> int:
    """Set ``donor_id`` of the ``kind`` records (record pk -> donor number, or None to
    clear it). Records are updated in batches, one UPDATE per donor number and batch;
    returns how many rows changed
    (no audit event when none did). Records of any publication state are accepted (the
    donors area clears the number of a record withdrawn since the last run)."""
    model = DONOR_LINK_MODELS.get(kind)
    if model is None:
        raise InvalidValueError(
            f"{kind!r} has no donor: use one of {', '.join(DONOR_LINK_MODELS)}.",
            code="unknown_kind",
        )
    if not assignments:
        return 0
    by_donor: dict[int | None, list[int]] = defaultdict(list)
    for pk, donor_number in assignments.items():
        by_donor[donor_number].append(pk)
    changed = 0
    with transaction.atomic():
        for donor_number, pks in by_donor.items():
            for start in range(0, len(pks), BATCH_SIZE):
                changed += model.all_objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                    donor_id=donor_number
                )
        if not changed:
            return 0
        # the donor filter counts by donor_id
        published_changed(f"{kind}s")
        audit_record(
            actor=actor,
            action="finance.donor_ids_assigned",
            subject=(model._meta.label_lower, "donor_id"),
            payload={
                "kind": kind,
                "records": len(assignments),
                "updated": changed,
                "donors": len([d for d in by_donor if d is not None]),
            },
        )
    return changed
