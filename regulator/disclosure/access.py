"""Declared access of every disclosure URL and of the open-data API (enforced by the
authorisation matrix test). Everything here is public: it shows published data only."""

from __future__ import annotations

from typing import Any

from regulator.identity.access import Access


def _entity(world: Any) -> dict[str, Any]:
    return {"pk": world.entity_a.pk}


ACCESS = {
    "disclosure:search": Access.public(),
    "disclosure:search_loans": Access.public(),
    "disclosure:search_spending": Access.public(),
    "disclosure:entity": Access.public(kwargs=_entity),
    "disclosure:entity_chart_data": Access.public(
        kwargs=lambda world: {"pk": world.entity_a.pk, "chart": "year"}
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
