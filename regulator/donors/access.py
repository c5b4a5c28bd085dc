"""Declared access of every donors URL (enforced by the authorisation matrix test)."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access

ANALYST = "finance-analyst"


def _donor(world: Any) -> dict[str, Any]:
    """A resolved donor (the matrix's own, created on first use)."""
    from regulator.core import clock
    from regulator.donors.models import Donor, ResolutionRun

    donor = Donor.objects.filter(donor_id="D0999999").first()
    if donor is None:
        run = ResolutionRun.objects.create(
            started_at=clock.now(), finished_at=clock.now(), status=ResolutionRun.Status.FINISHED
        )
        donor = Donor.objects.create(
            donor_id="D0999999",
            display_name="Matrix Donor",
            donor_status="Individual",
            record_count=1,
            first_run=run,
            last_run=run,
        )
    return {"donor_id": donor.donor_id}


def _pair(world: Any) -> dict[str, Any]:
    from regulator.donors.models import Donor, ReviewPair

    _donor(world)
    run = Donor.objects.get(donor_id="D0999999").last_run
    pair = ReviewPair.objects.filter(left_key="matrix:1").first() or ReviewPair.objects.create(
        run=run,
        left_key="matrix:1",
        right_key="matrix:2",
        left_name="Matrix Donor",
        right_name="Matrix Donor Ltd",
        probability=0.5,
    )
    return {"pk": pair.pk}


ACCESS = {
    "donors:donor_list": Access.public(),
    "donors:donor_detail": Access.public(kwargs=_donor),
    "donors:donor_data_csv": Access.public(kwargs=_donor),
    "donors:review_queue": Access.staff(ANALYST),
    "donors:review_pair": Access.staff(ANALYST, kwargs=_pair),
    "donors:review_donor": Access.staff(ANALYST, kwargs=_donor),
    "donors:review_merge": Access.staff(ANALYST),
}

ACCESS |= {
    "api:donors": Access.public(),
    "api:donor_detail": Access.public(kwargs=_donor),
}
