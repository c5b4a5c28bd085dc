"""Warming the remembered answers (``finance.selectors.remembered``): what a visitor asks
first, with no filter, computed by a periodic job after each change to the published
data, in each language, so that nobody waits for a count over every row. It asks the same
selectors the API and the pages ask, with no parameters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from regulator.disclosure import selectors
from regulator.finance import services as finance_services
from regulator.finance import types as finance_types


def answers_warm() -> dict[str, Any]:
    """Drop stale answers, then compute (or find kept) the unfiltered count, facets and
    totals of every kind and the search pages' facets. Returns what was done."""
    dropped = finance_services.answers_stale_drop()
    none = QueryDict()
    warmed = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for kind in finance_types.TRANSACTION_KINDS:
                selected = selectors.transactions_filtered(kind=kind, params=none, counting=True)
                selectors.transaction_count(kind=kind, params=none, queryset=selected)
                selectors.transaction_facets(
                    kind=kind, params=none, wanted=selectors.facet_names(kind)
                )
                for group_by in selectors.GROUP_BY:
                    selectors.transaction_totals(kind=kind, params=none, group_by=group_by)
                for parameter, field, _known in selectors.PAGE_FACETS[kind]:
                    selectors.page_facet_counts(
                        kind=kind, params=none, parameter=parameter, field=field
                    )
                warmed += 1
    return {"dropped": dropped, "kinds": warmed}
