"""The public pages of published enforcement outcomes: the searchable table in the
Commission's layout, one outcome, the CSV of a search, and the section on an entity's
register page. Thin: the selectors read, ``outcomes`` builds the rows."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from regulator.cases import outcomes, selectors
from regulator.cases.types import SanctionKind
from regulator.core import limits

PAGE_SIZE = 50
ENTITY_PAGE_ROWS = 10


def _query(values: dict[str, str], **changes: str) -> str:
    merged = {**values, **changes}
    kept = {key: value for key, value in merged.items() if value}
    return f"?{urlencode(kept)}" if kept else ""


def _in_use(
    request: HttpRequest, found: outcomes.Filters, values: dict[str, str], choices: dict[str, Any]
) -> list[dict[str, str]]:
    """Each filter in use, in words, with a link that removes only it."""
    words = {
        "entity": (
            _("Regulated entity"),
            dict(choices["entities"]).get(found.entity_id or 0, values["entity"]),
        ),
        "offence": (
            _("Offence"),
            next(
                (
                    f"{o.provision}: {o.description}"
                    for o in choices["offences"]
                    if o.code == found.offence
                ),
                found.offence,
            ),
        ),
        "sanction": (
            _("Sanction"),
            str(SanctionKind(found.sanction).label) if found.sanction else "",
        ),
        "year": (_("Year published"), str(found.year or "")),
        "q": (_("Search"), found.q),
    }
    used = {
        "entity": found.entity_id is not None,
        "offence": bool(found.offence),
        "sanction": bool(found.sanction),
        "year": found.year is not None,
        "q": bool(found.q),
    }
    return [
        {
            "name": name,
            "label": str(words[name][0]),
            "value": str(words[name][1]),
            "remove_url": request.path + _query(values, **{name: ""}),
        }
        for name in outcomes.FILTER_NAMES
        if used[name]
    ]


@require_safe
@limits.public_page
def outcomes_page(request: HttpRequest) -> HttpResponse:
    found = outcomes.filters_parse(request.GET)
    # Only the filters that were understood are carried on (a bad one is dropped).
    bad = {name for name, _message in found.errors}
    values = {
        "entity": "" if found.entity_id is None else str(found.entity_id),
        "offence": found.offence,
        "sanction": found.sanction,
        "year": "" if found.year is None else str(found.year),
        "q": found.q,
    }
    choices = {
        "entities": selectors.outcome_entities(),
        "offences": selectors.outcome_offences(),
        "years": selectors.outcome_years(),
    }
    cases = selectors.outcomes_published(**found.selector_arguments())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [outcomes.outcome_row(case) for case in page.object_list]
    query = _query(values)
    return render(
        request,
        "cases/outcomes.html",
        {
            "rows": rows,
            "page": page,
            "count": page.paginator.count,
            "values": values,
            "errors": found.errors,
            "error_fields": bad,
            "in_use": _in_use(request, found, values, choices),
            "entities": choices["entities"],
            "offences": choices["offences"],
            "years": choices["years"],
            "sanctions": SanctionKind.choices,
            "query": query,
            "page_query": (query + "&" if query else "?") + "page=",
            "csv_url": reverse("cases:outcomes_csv") + query,
            "api_url": "/api/v1/enforcement/" + query,
        },
    )


@require_safe
@limits.public_page
def outcome_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.outcome_published(reference=reference)
    if case is None:
        raise Http404
    row = outcomes.outcome_row(case)
    return render(
        request,
        "cases/outcome_detail.html",
        {
            "row": row,
            "api_url": f"/api/v1/enforcement/{row.reference}/",
            "entity_outcomes_url": (
                reverse("cases:outcomes") + _query({"entity": str(row.entity_id)})
                if row.entity_id is not None
                else ""
            ),
        },
    )


@require_safe
@limits.public_page
def outcomes_csv(request: HttpRequest) -> HttpResponse:
    """Every published outcome the filters select, as CSV (the API's columns)."""
    found = outcomes.filters_parse(request.GET)
    if found.errors:
        return HttpResponse(
            "\n".join(message for _name, message in found.errors) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    cases = selectors.outcomes_published(**found.selector_arguments())
    rows = (outcomes.outcome_row(case) for case in cases.iterator(chunk_size=500))
    response = HttpResponse(
        "".join(outcomes.csv_lines(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="enforcement-outcomes.csv"'
    return response


def entity_page_section(entity_id: int) -> Any:
    """The register's public entity page: that entity's published outcomes (the newest
    few) and a link to all of them on the outcomes page. Subscribed to
    ``register.types.ENTITY_PAGE_SECTIONS``."""
    from regulator.register.types import EntityPageSection

    cases = selectors.outcomes_published(entity_id=entity_id)
    found = list(cases[: ENTITY_PAGE_ROWS + 1])
    if not found:
        return None
    return EntityPageSection(
        title=_("Enforcement outcomes"),
        template="cases/includes/entity_outcomes.html",
        context={
            "rows": [outcomes.outcome_row(case) for case in found[:ENTITY_PAGE_ROWS]],
            "more": len(found) > ENTITY_PAGE_ROWS,
            "url": reverse("cases:outcomes") + _query({"entity": str(entity_id)}),
        },
        order=50,
    )
