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
    """A donation of entity A: published (as an import), or filed and not yet published."""
    from decimal import Decimal

    from regulator.audit.types import Actor
    from regulator.core import clock
    from regulator.finance import selectors as finance_selectors
    from regulator.finance import services as finance_services

    if finance_selectors.transaction_get(kind="donations", ec_ref=ec_ref) is None:
        actor = Actor.system("authorisation matrix")
        reported = {
            "ec_ref": ec_ref,
            "entity_name": world.entity_a.name,
            "entity_type": "Political Party",
            "value": Decimal("2500.00"),
            "accepted_date": clock.local_today(),
            "donor_name": "Matrix Donor Ltd",
            "donor_status": "Company",
        }
        if published:
            period = finance_services.period_ensure(name="Q1 2024")
            finance_services.records_upsert_published(
                kind="donations",
                records=[
                    {
                        **reported,
                        **finance_services.derived_fields("donations", reported),
                        "entity_id": world.entity_a.pk,
                        "period_id": period.pk,
                        "filed_return_id": finance_services.imported_return_ensure(
                            entity=world.entity_a, period=period
                        ).pk,
                    }
                ],
                actor=actor,
                source="matrix",
            )
        else:
            finance_services.filed_return_record(
                entity=world.entity_a,
                period_name="Q1 2024",
                records={"donations": [reported]},
                actor=actor,
                source="matrix",
                reported_on=clock.local_today(),
            )
    return {"kind": "donations", "ec_ref": ec_ref}


def _unpublished(world: Any) -> dict[str, Any]:
    return _record(world, ec_ref="MATRIX-U1", published=False)


ACCESS = {
    "disclosure:search": Access.public(),
    "disclosure:search_loans": Access.public(),
    "disclosure:search_spending": Access.public(),
    # Without ?format=csv|ec it sends the visitor to the search page (302).
    "disclosure:search_download": Access.public(
        kwargs=lambda world: {"kind": "donations"}, ok_statuses=(302,)
    ),
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
    # A record filed through a return has no file proof: 404 from the proof endpoint.
    "disclosure:record": Access.public(kwargs=_record),
    "api:record": Access.public(kwargs=_record),
    "api:record_proof": Access.public(kwargs=_record, ok_statuses=(200, 404)),
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
    # The nightly bulk files: none are written in the matrix's world (404).
    "api:bulk_files": Access.public(),
    "api:bulk_file": Access.public(
        kwargs=lambda world: {"name": "donations.csv"}, ok_statuses=(200, 404)
    ),
}

# Subscriptions, feeds and webhooks: declared in their own module.
from regulator.disclosure.subscription_access import SUBSCRIPTION_ACCESS  # noqa: E402

ACCESS.update(SUBSCRIPTION_ACCESS)
