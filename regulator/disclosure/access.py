"""Declared access of every disclosure URL and of the open-data API (enforced by the
authorisation matrix test). The search pages and the API are public: they show published
data only. The publication pages (``staff_*``) are for publication approvers only."""

from __future__ import annotations

from typing import Any

from regulator.core.access import Access

APPROVER = "publication-approver"


def _entity(world: Any) -> dict[str, Any]:
    return {"pk": world.entity_a.pk}


def _record(world: Any, *, ec_ref: str = "MATRIX-P1", published: bool = True) -> dict[str, Any]:
    """A donation of entity A (published, or filed and not yet published)."""
    from decimal import Decimal

    from regulator.core import clock
    from regulator.finance.models import Donation
    from regulator.finance.services import imported_return_ensure, period_ensure

    if not Donation.all_objects.filter(ec_ref=ec_ref).exists():
        period = period_ensure(name="Q1 2024")
        Donation.all_objects.create(
            ec_ref=ec_ref,
            entity=world.entity_a,
            entity_name=world.entity_a.name,
            entity_type="Political Party",
            period=period,
            filed_return=imported_return_ensure(entity=world.entity_a, period=period),
            value=Decimal("2500.00"),
            date=clock.local_today(),
            accepted_date=clock.local_today(),
            donor_name="Matrix Donor Ltd",
            donor_status="Company",
            published_at=clock.now() if published else None,
        )
    return {"kind": "donations", "ec_ref": ec_ref}


def _unpublished(world: Any) -> dict[str, Any]:
    return _record(world, ec_ref="MATRIX-U1", published=False)


ACCESS = {
    "disclosure:search": Access.public(),
    "disclosure:search_loans": Access.public(),
    "disclosure:search_spending": Access.public(),
    "disclosure:entity": Access.public(kwargs=_entity),
    "disclosure:entity_chart_data": Access.public(
        kwargs=lambda world: {"pk": world.entity_a.pk, "chart": "year"}
    ),
    "disclosure:staff_records": Access.staff(APPROVER),
    "disclosure:staff_record": Access.staff(APPROVER, kwargs=_record),
    # The matrix posts no form: an approver gets the form back with its errors (400).
    "disclosure:staff_record_publish": Access.staff(
        APPROVER, method="POST", kwargs=_unpublished, ok_statuses=(302,)
    ),
    "disclosure:staff_record_withdraw": Access.staff(
        APPROVER, method="POST", kwargs=_record, ok_statuses=(400,)
    ),
    "disclosure:staff_record_correct": Access.staff(
        APPROVER, method="POST", kwargs=_record, ok_statuses=(400,)
    ),
    "api:schema": Access.public(),
    "api:docs": Access.public(),
    "api:donations": Access.public(),
    "api:donations_facets": Access.public(),
    "api:donations_totals": Access.public(),
    "api:loans": Access.public(),
    "api:loans_facets": Access.public(),
    "api:loans_totals": Access.public(),
    "api:spending": Access.public(),
    "api:spending_facets": Access.public(),
    "api:spending_totals": Access.public(),
}
