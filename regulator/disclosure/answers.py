"""Warming the remembered answers (``regulator.finance.answer_cache``): what a visitor
asks first, with no filter, computed by a periodic job after each change to the
published data, in each language, so that nobody waits for a count over every row."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.test import RequestFactory
from django.utils import translation

from regulator.disclosure.api.views import GROUP_BY, facet_counts, facet_names, totals
from regulator.disclosure.views import FACET_FILTERS, _facet_counts
from regulator.finance.answer_cache import remembered, stale_answers_drop
from regulator.finance.models import TRANSACTION_MODELS


def answers_warm() -> dict[str, Any]:
    """Drop stale answers, then compute (or find kept) the unfiltered count, facets and
    totals of every kind and the search pages' facets. Returns what was done."""
    dropped = stale_answers_drop()
    # The search pages' facets read their parameters from a request: an empty one.
    empty = RequestFactory().get("/")
    warmed = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for kind, model in TRANSACTION_MODELS.items():
                published = model.objects.all().order_by()
                remembered(kind, "count", [], published.count)
                names = facet_names(kind)
                remembered(
                    kind,
                    "facets:" + ",".join(names),
                    [],
                    partial(facet_counts, kind, published, names),
                )
                for group_by in GROUP_BY:
                    remembered(
                        kind, f"totals:{group_by}", [], partial(totals, kind, published, group_by)
                    )
                for parameter, field, known in FACET_FILTERS[kind]:
                    _facet_counts(kind, empty, parameter, field, known)
                warmed += 1
    return {"dropped": dropped, "kinds": warmed}
