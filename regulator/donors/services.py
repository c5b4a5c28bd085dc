"""Writes of the donors area: resolution runs and analysts' review decisions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction

from regulator.audit.services import audit_record
from regulator.core import clock
from regulator.core.errors import InvalidValueError
from regulator.donors import linkage
from regulator.donors.models import (
    Donor,
    DonorChange,
    DonorLink,
    DonorName,
    ResolutionRun,
    ReviewDecision,
    ReviewPair,
)
from regulator.finance.types import PublishedChange


class DonorsErrorCode(StrEnum):
    REASON_REQUIRED = "reason_required"
    PAIR_NOT_OPEN = "pair_not_open"
    UNKNOWN_DONOR = "unknown_donor"
    RECORDS_NOT_IN_DONOR = "records_not_in_donor"
    SPLIT_TAKES_EVERYTHING = "split_takes_everything"
    MERGE_NEEDS_TWO = "merge_needs_two"


class DonorsError(InvalidValueError):
    code = "donors_error"


def _error(code: DonorsErrorCode, message: str) -> DonorsError:
    return DonorsError(message, code=str(code))


_KIND_TO_LINKAGE = {
    ReviewDecision.Kind.CONFIRM: linkage.DecisionKind.MUST_LINK,
    ReviewDecision.Kind.MERGE: linkage.DecisionKind.MUST_LINK,
    ReviewDecision.Kind.REJECT: linkage.DecisionKind.CANNOT_LINK,
    ReviewDecision.Kind.SPLIT: linkage.DecisionKind.CANNOT_LINK,
}


def _decisions_for_linkage() -> list[linkage.ReviewDecision]:
    return [
        linkage.ReviewDecision(
            kind=_KIND_TO_LINKAGE[ReviewDecision.Kind(d.kind)],
            left=tuple(d.left_keys),
            right=tuple(d.right_keys),
            reference=str(d.pk),
        )
        for d in ReviewDecision.objects.order_by("decided_at", "pk")
    ]


def _next_number() -> int:
    numbers = [linkage.parse_id_number(i) for i in Donor.objects.values_list("donor_id", flat=True)]
    return max((n for n in numbers if n is not None), default=0) + 1


def _settings_float(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def resolution_run(
    *,
    records: Iterable[linkage.DonorRecord],
    full: bool,
    actor: Any,
    source: str = "",
    progress: Callable[[str], None] | None = None,
) -> ResolutionRun:
    """Resolve every record into donors and store the result.

    Incremental (``full=False``): nothing is done when the records and the decisions are
    the same as at the last finished run, and the last run's trained model is reused.
    Full: resolve again and retrain the model (or use the shipped one for small data)."""
    record_list = list(records)
    last = ResolutionRun.objects.filter(status=ResolutionRun.Status.FINISHED).first()
    previous = dict(DonorLink.objects.values_list("record_key", "donor__donor_id"))
    decisions = _decisions_for_linkage()
    if not full and last is not None:
        keys = {r.record_key for r in record_list}
        newer_decisions = ReviewDecision.objects.filter(decided_at__gte=last.started_at).exists()
        if keys == set(previous) and not newer_decisions:
            return last
    model = last.model if (not full and last is not None and last.model) else None
    started = clock.now()
    resolution = linkage.resolve(
        record_list,
        previous=previous,
        decisions=decisions,
        model=model,
        threshold=_settings_float("DONORS_MATCH_THRESHOLD", linkage.DEFAULT_THRESHOLD),
        review_low=_settings_float("DONORS_REVIEW_LOW", linkage.DEFAULT_REVIEW_LOW),
        next_number=_next_number(),
        progress=progress,
    )
    names_by_key = {r.record_key: " ".join(r.name.split()) for r in record_list}
    with transaction.atomic():
        run = ResolutionRun.objects.create(
            started_at=started,
            full=full,
            source=source[:200],
            threshold=resolution.threshold,
            model=resolution.model,
        )
        changed, gone = _store(run, resolution, previous, names_by_key)
        _finance_donor_ids_write(resolution, changed, gone, actor)
        run.finished_at = clock.now()
        run.status = ResolutionRun.Status.FINISHED
        run.save()
        audit_record(
            actor=actor,
            action="donors.resolution_run_finished",
            subject=run,
            payload={
                "full": full,
                "source": source,
                "records": run.record_count,
                "donors": run.donor_count,
                "new_donors": run.new_donor_count,
                "merges": run.merge_count,
                "splits": run.split_count,
                "review_pairs": run.review_count,
                "threshold": run.threshold,
                "overridden_decisions": resolution.overridden,
            },
        )
    if progress is not None:
        progress("store")
    return run


def _finance_donor_ids_write(
    resolution: linkage.Resolution, changed: list[str], gone: list[str], actor: Any
) -> None:
    """Finance's ``donor_id`` of each donation and loan whose donor changed (the donor's
    number, 1 for D0000001), cleared for records no longer published."""
    from regulator.finance.services import DONOR_LINK_MODELS, donor_ids_assign

    per_kind: dict[str, dict[int, int | None]] = {kind: {} for kind in DONOR_LINK_MODELS}
    for key in changed + gone:
        kind, _sep, raw_pk = key.partition(":")
        if kind not in per_kind or not raw_pk.isdigit():
            continue  # records read from CSV files or the generator
        donor_id = resolution.assignments.get(key)
        per_kind[kind][int(raw_pk)] = linkage.parse_id_number(donor_id) if donor_id else None
    for kind, assignments in per_kind.items():
        if assignments:
            donor_ids_assign(kind=kind, assignments=assignments, actor=actor)


def _store(
    run: ResolutionRun,
    resolution: linkage.Resolution,
    previous: dict[str, str],
    names_by_key: dict[str, str],
) -> tuple[list[str], list[str]]:
    existing = {d.donor_id: d for d in Donor.objects.all()}
    new_count = 0
    to_create: list[Donor] = []
    to_update: list[Donor] = []
    for donor_id, resolved in resolution.donors.items():
        donor = existing.get(donor_id)
        if donor is None:
            donor = Donor(donor_id=donor_id, first_run=run)
            to_create.append(donor)
            new_count += 1
        else:
            to_update.append(donor)
        donor.display_name = resolved.display_name[:500]
        donor.donor_status = resolved.donor_status[:100]
        donor.company_number = resolved.company_number
        donor.record_count = len(resolved.record_keys)
        donor.active = True
        donor.merged_into = None
        donor.last_run = run
    Donor.objects.bulk_create(to_create, batch_size=2000)
    Donor.objects.bulk_update(
        to_update,
        [
            "display_name",
            "donor_status",
            "company_number",
            "record_count",
            "active",
            "merged_into",
            "last_run",
        ],
        batch_size=2000,
    )
    pk_of = dict(Donor.objects.values_list("donor_id", "pk"))

    # Donors no longer holding any record: retired, pointing at their successor if merged.
    absorbed_into = {old: m.donor_id for m in resolution.merges for old in m.absorbed}
    retired = [d for d in existing.values() if d.donor_id not in resolution.donors and d.active]
    for donor in retired:
        donor.active = False
        donor.record_count = 0
        successor = absorbed_into.get(donor.donor_id)
        donor.merged_into_id = pk_of.get(successor) if successor else None
        donor.last_run = run
    Donor.objects.bulk_update(
        retired, ["active", "record_count", "merged_into", "last_run"], batch_size=2000
    )

    DonorName.objects.filter(donor__donor_id__in=resolution.donors).delete()
    DonorName.objects.bulk_create(
        [
            DonorName(donor_id=pk_of[donor_id], name=name[:500], record_count=count)
            for donor_id, resolved in resolution.donors.items()
            for name, count in resolved.names.items()
        ],
        batch_size=5000,
    )

    changed = [k for k, d in resolution.assignments.items() if previous.get(k) != d]
    gone = [k for k in previous if k not in resolution.assignments]
    stale = changed + gone
    for start in range(0, len(stale), 5000):
        DonorLink.objects.filter(record_key__in=stale[start : start + 5000]).delete()
    DonorLink.objects.bulk_create(
        [
            DonorLink(
                record_key=key,
                donor_id=pk_of[resolution.assignments[key]],
                run=run,
                reported_name=names_by_key.get(key, "")[:500],
            )
            for key in changed
        ],
        batch_size=5000,
    )

    DonorChange.objects.bulk_create(
        [
            DonorChange(
                run=run,
                kind=DonorChange.Kind.MERGE,
                donor_id=m.donor_id,
                other_ids=list(m.absorbed),
            )
            for m in resolution.merges
        ]
        + [
            DonorChange(
                run=run, kind=DonorChange.Kind.SPLIT, donor_id=s.previous_id, other_ids=list(s.into)
            )
            for s in resolution.splits
        ]
    )

    ReviewPair.objects.filter(status=ReviewPair.Status.OPEN).update(
        status=ReviewPair.Status.SUPERSEDED
    )
    decided = {
        frozenset((a, b))
        for d in ReviewDecision.objects.all()
        for a in d.left_keys
        for b in d.right_keys
    }
    ReviewPair.objects.bulk_create(
        [
            ReviewPair(
                run=run,
                left_key=p.left_key,
                right_key=p.right_key,
                left_name=p.left_name[:500],
                right_name=p.right_name[:500],
                probability=p.probability,
            )
            for p in resolution.review_pairs
            if frozenset((p.left_key, p.right_key)) not in decided
        ],
        batch_size=2000,
    )

    run.record_count = len(resolution.assignments)
    run.donor_count = len(resolution.donors)
    run.new_donor_count = new_count
    run.merge_count = len(resolution.merges)
    run.split_count = len(resolution.splits)
    run.review_count = ReviewPair.objects.filter(run=run).count()
    run.stats = resolution.stats
    return changed, gone


def _require_reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise _error(DonorsErrorCode.REASON_REQUIRED, "Give the reason for the decision.")
    return cleaned


def _decision_record(
    *,
    analyst: Any,
    kind: ReviewDecision.Kind,
    left: list[str],
    right: list[str],
    reason: str,
    subject: Any = None,
    extra: dict[str, Any] | None = None,
) -> ReviewDecision:
    decision = ReviewDecision.objects.create(
        kind=kind,
        left_keys=sorted(left),
        right_keys=sorted(right),
        analyst=analyst,
        reason=reason,
        decided_at=clock.now(),
    )
    audit_record(
        actor=analyst,
        action=f"donors.review_{kind}",
        subject=subject or decision,
        payload={
            "decision": decision.pk,
            "left": decision.left_keys,
            "right": decision.right_keys,
            "reason": reason,
            **(extra or {}),
        },
    )
    return decision


def review_pair_decide(
    *, analyst: Any, pair: ReviewPair, same_donor: bool, reason: str
) -> ReviewDecision:
    """Confirm (same donor) or reject (different donors) an uncertain pair; the ruling
    holds on every later run."""
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = ReviewPair.objects.select_for_update().get(pk=pair.pk)
        if locked.status != ReviewPair.Status.OPEN:
            raise _error(DonorsErrorCode.PAIR_NOT_OPEN, "This pair has already been decided.")
        decision = _decision_record(
            analyst=analyst,
            kind=ReviewDecision.Kind.CONFIRM if same_donor else ReviewDecision.Kind.REJECT,
            left=[locked.left_key],
            right=[locked.right_key],
            reason=reason,
            extra={"probability": locked.probability},
        )
        locked.status = ReviewPair.Status.DECIDED
        locked.decision = decision
        locked.save(update_fields=["status", "decision"])
    return decision


def _donor_keys(donor_id: str) -> list[str]:
    if not Donor.objects.filter(donor_id=donor_id).exists():
        raise _error(DonorsErrorCode.UNKNOWN_DONOR, f"There is no donor {donor_id}.")
    return list(
        DonorLink.objects.filter(donor__donor_id=donor_id).values_list("record_key", flat=True)
    )


def donor_split(
    *, analyst: Any, donor_id: str, record_keys: list[str], reason: str
) -> ReviewDecision:
    """Take these records out of the donor: they and the rest are different donors."""
    reason = _require_reason(reason)
    with transaction.atomic():
        keys = set(_donor_keys(donor_id))
        moving = set(record_keys)
        if not moving or not moving <= keys:
            raise _error(
                DonorsErrorCode.RECORDS_NOT_IN_DONOR,
                f"Choose records that belong to donor {donor_id}.",
            )
        staying = keys - moving
        if not staying:
            raise _error(
                DonorsErrorCode.SPLIT_TAKES_EVERYTHING,
                "Leave at least one record with the donor: a split needs two parts.",
            )
        return _decision_record(
            analyst=analyst,
            kind=ReviewDecision.Kind.SPLIT,
            left=sorted(moving),
            right=sorted(staying),
            reason=reason,
            subject=Donor.objects.get(donor_id=donor_id),
        )


def donor_merge(*, analyst: Any, donor_ids: list[str], reason: str) -> ReviewDecision:
    """These donors are one: their records must link on every later run."""
    reason = _require_reason(reason)
    unique = list(dict.fromkeys(donor_ids))
    if len(unique) < 2:
        raise _error(DonorsErrorCode.MERGE_NEEDS_TWO, "Choose at least two donors to merge.")
    with transaction.atomic():
        first = _donor_keys(unique[0])
        others = [key for donor_id in unique[1:] for key in _donor_keys(donor_id)]
        return _decision_record(
            analyst=analyst,
            kind=ReviewDecision.Kind.MERGE,
            left=first,
            right=others,
            reason=reason,
            subject=Donor.objects.get(donor_id=unique[0]),
            extra={"donor_ids": unique},
        )


# --- Follow-on resolution ----------------------------------------------------------------


def resolution_enqueue(*, reason: str) -> None:
    """Run a resolution once the caller's transaction has committed (an analyst's
    decision takes effect at the next run)."""
    from regulator.donors.tasks import donors_resolve_task

    transaction.on_commit(lambda: donors_resolve_task.enqueue(reason=reason))


def published_change_received(change: PublishedChange) -> None:
    """Subscribed to ``finance.types.PUBLISHED_CHANGED`` (fired after the change has
    committed): new, corrected or withdrawn donations and loans need their donors
    resolved again, so that a withdrawn record's name leaves the donor pages."""
    from regulator.donors.tasks import donors_resolve_task

    if {"donations", "loans"} & set(change.kinds):
        donors_resolve_task.enqueue(reason=change.reason)
