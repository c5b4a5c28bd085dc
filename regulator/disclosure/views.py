"""Public search pages for donations, loans and spending, and entity finance pages.

They read the same published records through the same selectors as the API
(``disclosure.selectors``), so pages and API agree; "download these
results" links to the API's export with the page's own parameters."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from regulator.core import cells, limits
from regulator.core.api.budget import query_budget
from regulator.core.api.errors import ApiError, ApiErrorCode
from regulator.core.money import from_pence
from regulator.disclosure import charts, selectors
from regulator.disclosure.api.pagination import TransactionPagination
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types
from regulator.register import selectors as register_selectors

# Every public page of the published data is limited per client (PUBLIC_PAGE_RATE).
public_page = limits.rate_limited("public-page", "PUBLIC_PAGE_RATE", "120/minute")

PAGE_SIZE = 25
KIND_URLS = {
    "donations": "disclosure:search",
    "loans": "disclosure:search_loans",
    "spending": "disclosure:search_spending",
}

FACET_TITLES = {
    "donor_status": lambda: _("Donor status"),
    "donation_type": lambda: _("Donation type"),
    "nature": lambda: _("Nature of donation"),
    "regulated_entity_type": lambda: _("Type of regulated entity"),
    "register": lambda: _("Register"),
    "lender_type": lambda: _("Lender type"),
    "loan_status": lambda: _("Loan status"),
    "expense_category": lambda: _("Expense category"),
}
TEXT_FIELDS = ("q", "date_from", "date_to", "value_min", "value_max")


def _titles(kind: str) -> dict[str, str]:
    return {
        "donations": {
            "title": _("Search donations"),
            "counterparty": _("Donor"),
            "search_label": _("Donor or regulated entity name"),
        },
        "loans": {
            "title": _("Search loans"),
            "counterparty": _("Lender"),
            "search_label": _("Lender or regulated entity name"),
        },
        "spending": {
            "title": _("Search campaign spending"),
            "counterparty": _("Supplier"),
            "search_label": _("Supplier or regulated entity name"),
        },
    }[kind]


def _facet_items(
    kind: str, request: HttpRequest, parameter: str, field: str, known: dict[str, Any]
) -> list[dict[str, Any]]:
    """A checkbox facet's values with their counts, the selected ones checked."""
    selected = request.GET.getlist(parameter)
    selected_labels = {finance_types.resolve_label(known, value) or value for value in selected}
    rows = selectors.page_facet_counts(
        kind=kind, params=request.GET, parameter=parameter, field=field
    )
    return [
        {
            "value": finance_types.slug(value) if value in known else value,
            "label": finance_types.display(known, value),
            "count": count,
            "checked": value in selected_labels,
        }
        for value, count in rows
        if value
    ]


def _dropped_words(text: str) -> str:
    """What the search left out of the words typed, in a sentence, or ""."""
    terms = finance_selectors.text_terms(text)
    if not terms.dropped:
        return ""
    parts = []
    if terms.too_short:
        parts.append(_("single letters (%(words)s)") % {"words": ", ".join(terms.too_short)})
    if terms.repeated:
        parts.append(_("repeated words (%(words)s)") % {"words": ", ".join(terms.repeated)})
    if terms.over_limit:
        parts.append(
            _("words after the first %(count)d (%(words)s)")
            % {"count": len(terms.terms), "words": ", ".join(terms.over_limit[:10])}
        )
    searched = " ".join(terms.terms)
    if searched:
        return _("We searched for “%(searched)s” and left out %(dropped)s.") % {
            "searched": searched,
            "dropped": "; ".join(parts),
        }
    return _("We left out %(dropped)s, so nothing was searched for by name.") % {
        "dropped": "; ".join(parts)
    }


@public_page
def search(request: HttpRequest, kind: str = "donations") -> HttpResponse:
    if kind not in finance_types.TRANSACTION_KINDS:
        raise Http404
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        raise Http404
    errors: list[tuple[str, str]] = []
    page: list[Any] = []
    facets: list[dict[str, Any]] = []
    paginator = TransactionPagination()
    paginator.kind = kind
    paginator.page_size = PAGE_SIZE
    try:
        # The page's every query (the rows, the count and the facets) under the API's budget.
        with query_budget():
            selected = selectors.transactions_filtered(kind=kind, params=request.GET)
            page = paginator.paginate_queryset(selected.select_related("period"), Request(request))
            facets = [
                {
                    "parameter": parameter,
                    "title": FACET_TITLES[parameter](),
                    "items": _facet_items(kind, request, parameter, field, known),
                }
                for parameter, field, known in selectors.PAGE_FACETS[kind]
            ]
    except selectors.FiltersInvalid as exc:
        errors += exc.messages()
    except ApiError as exc:
        if exc.error_code == ApiErrorCode.QUERY_TOO_EXPENSIVE:
            errors.append(
                (
                    "q",
                    _(
                        "This search takes too long to answer. Narrow it with more filters, "
                        "for example dates or a regulated entity, or download the bulk files."
                    ),
                )
            )
        else:
            errors.append((exc.parameter or "q", exc.message))
    if errors:
        facets, page = [], []
    # The download links carry the page's filters and order only (the API refuses any
    # parameter it does not read).
    wanted = {*selectors.filter_names(kind), "sort"}
    api_url = reverse(f"api:{kind}")
    download_query = urlencode(
        [(k, v) for k, values in request.GET.lists() if k in wanted for v in values]
    )
    sort = request.GET.get("sort") or "-date"
    context = {
        "kind": kind,
        "titles": _titles(kind),
        "kinds": [
            (
                name,
                reverse(url),
                {"donations": _("Donations"), "loans": _("Loans"), "spending": _("Spending")}[name],
            )
            for name, url in KIND_URLS.items()
        ],
        "values": {name: request.GET.get(name, "") for name in TEXT_FIELDS},
        "facets": facets,
        "errors": errors,
        "error_fields": {field for field, _message in errors},
        "results": page,
        "count": paginator.count if not errors else 0,
        "next_url": _page_link(request, paginator.next_cursor, paginator),
        "previous_url": _page_link(request, paginator.previous_cursor, paginator),
        "sort": sort,
        "sorts": [
            ("-date", _("Newest first")),
            ("date", _("Oldest first")),
            ("-value", _("Highest value first")),
            ("value", _("Lowest value first")),
        ],
        "download_csv": f"{api_url}?{download_query}&format=csv"
        if download_query
        else f"{api_url}?format=csv",
        "download_ec": f"{api_url}?{download_query}&format=ec"
        if download_query
        else f"{api_url}?format=ec",
        "permalink": request.get_full_path(),
        "is_public_fund": request.GET.get("is_public_fund", ""),
        "search_notice": _dropped_words(request.GET.get("q", "")) if not errors else "",
        "bulk_url": reverse("api:bulk_files"),
    }
    return render(request, "disclosure/search.html", context)


def _page_link(
    request: HttpRequest, cursor: dict[str, Any] | None, paginator: TransactionPagination
) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = paginator.cursor_encode(cursor)
    return f"{request.path}?{query.urlencode()}"


def _rows(kept: list[list[Any]]) -> list[dict[str, Any]]:
    return [
        {"label": label, "total": Decimal(total), "count": count} for label, total, count in kept
    ]


@public_page
def entity(request: HttpRequest, pk: int) -> HttpResponse:
    entity_obj = register_selectors.entity_get(entity_id=pk)
    if entity_obj is None:
        raise Http404
    figures = selectors.entity_figures(entity_id=entity_obj.pk)
    split = figures["split"]
    chart_list = []
    for name in charts.CHARTS:
        rows = _rows(figures["charts"][name])
        chart_list.append(
            {
                "name": name,
                "title": charts.chart_title(name),
                "rows": rows,
                "spec": charts.vega_lite_spec(name, rows),
                "spec_id": f"chart-spec-{name}",
                "data_url": reverse(
                    "disclosure:entity_chart_data", kwargs={"pk": pk, "chart": name}
                ),
            }
        )
    public_rows = _rows(figures["public"])
    counts = selectors.entity_counts(entity_id=entity_obj.pk)
    context = {
        "entity": entity_obj,
        "private_total": from_pence(split["private"] or 0),
        "public_total": from_pence(split["public"] or 0),
        "private_count": split["private_count"],
        "public_count": split["public_count"],
        "charts": chart_list,
        "public_rows": public_rows,
        "search_url": reverse("disclosure:search") + f"?regulated_entity={pk}",
        "loans_count": counts["loans"],
        "spending_count": counts["spending"],
        # A withdrawn record leaves a visible note: its reference, when and why (no data).
        "withdrawn": selectors.entity_withdrawn_notes(entity_id=entity_obj.pk),
    }
    return render(request, "disclosure/entity.html", context)


@public_page
def entity_chart_data(request: HttpRequest, pk: int, chart: str) -> HttpResponse:
    """A chart's data as CSV (private donations; public funds are shown apart)."""
    if register_selectors.entity_get(entity_id=pk) is None or chart not in charts.CHARTS:
        raise Http404
    rows = selectors.entity_chart_rows(entity_id=pk, chart=chart)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="entity-{pk}-{chart}.csv"'
    writer = csv.writer(response)
    writer.writerow(["label", "total", "count"])
    for row in rows:
        # A label is published text (a donor status as reported): never a formula.
        label = cells.neutralise_formula(str(row["label"]))
        writer.writerow([label, f"{row['total']:.2f}", row["count"]])
    return response
