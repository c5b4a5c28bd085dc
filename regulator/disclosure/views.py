"""Public search pages for donations, loans and spending, and entity finance pages.

They read the same published records through the same selectors as the API
(``disclosure.selectors``), so pages and API agree; "download these
results" links to the API's export with the page's own parameters (in Welsh, to
``search_download``: the same export with the headers in Welsh)."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.request import Request

from regulator.core import cells, limits
from regulator.core.api.budget import query_budget
from regulator.core.api.errors import ApiError, ApiErrorCode
from regulator.core.money import from_pence
from regulator.disclosure import charts, entity_page, selectors
from regulator.disclosure.api import views as api_views
from regulator.disclosure.api.pagination import TransactionPagination
from regulator.donors import selectors as donors_selectors
from regulator.finance import selectors as finance_selectors
from regulator.finance import types as finance_types
from regulator.register import selectors as register_selectors

# Every public page of the published data is limited per client (PUBLIC_PAGE_RATE).
public_page = limits.public_page

PAGE_SIZE = 25
TOP_DONORS = 10
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
# Controls the page's form always shows (a facet shows the values it lists).
FORM_CONTROLS = {*TEXT_FIELDS, "is_public_fund"}
GROUPS = ("", "donor")
_QUARTER_NAME = re.compile(r"Q(?P<quarter>[1-4]) (?P<year>\d{4})", re.IGNORECASE)


def _filter_labels() -> dict[str, str]:
    return {
        "q": _("Name"),
        "regulated_entity": _("Regulated entity"),
        "accounting_unit": _("Accounting unit"),
        "is_central_party": _("Central party or accounting units"),
        "reporting_period": _("Reporting period"),
        "date_from": _("From date"),
        "date_to": _("To date"),
        "value_min": _("Minimum value"),
        "value_max": _("Maximum value"),
        "donor_id": _("Donor"),
        "is_public_fund": _("Source of money"),
        **{name: title() for name, title in FACET_TITLES.items()},
    }


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
    groups: list[dict[str, Any]] = []
    group = request.GET.get("group", "")
    if group not in GROUPS or (group and kind not in selectors.COUNTERPARTY_NAME):
        group = ""
    paginator = TransactionPagination()
    paginator.kind = kind
    paginator.page_size = PAGE_SIZE
    try:
        # The page's every query (the rows, the count and the facets) under the API's budget.
        with query_budget():
            paginator.selection = selectors.transactions_selected(kind=kind, params=request.GET)
            page = paginator.paginate_queryset(
                paginator.selection.queryset.select_related("period"), Request(request)
            )
            facets = [
                {
                    "parameter": parameter,
                    "title": FACET_TITLES[parameter](),
                    "items": _facet_items(kind, request, parameter, field, known),
                }
                for parameter, field, known in selectors.PAGE_FACETS[kind]
            ]
            if group == "donor":
                groups = _donor_groups(kind, request.GET)
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
        facets, page, groups = [], [], []
    # The download links carry the page's filters and order only (the API refuses any
    # parameter it does not read).
    wanted = {*selectors.filter_names(kind), "sort"}
    api_url = reverse(f"api:{kind}")
    # Our CSV from a Welsh page has Welsh headers: through the page's own download URL.
    csv_url = (
        api_url
        if translation.get_language() == settings.LANGUAGE_CODE
        else reverse("disclosure:search_download", kwargs={"kind": kind})
    )
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
        "download_csv": f"{csv_url}?{download_query}&format=csv"
        if download_query
        else f"{csv_url}?format=csv",
        "download_ec": f"{api_url}?{download_query}&format=ec"
        if download_query
        else f"{api_url}?format=ec",
        "permalink": request.get_full_path(),
        "is_public_fund": request.GET.get("is_public_fund", ""),
        "search_notice": _dropped_words(request.GET.get("q", "")) if not errors else "",
        "bulk_url": reverse("api:bulk_files"),
        "group": group,
        "groups": groups,
        "group_limit": selectors.DONOR_GROUP_LIMIT,
        "can_group": kind in selectors.COUNTERPARTY_NAME,
        "carried": _carried(kind, request, facets),
        "in_use": _filters_in_use(kind, request),
        "donor_search_url": reverse("donors:donor_list"),
    }
    return render(request, "disclosure/search.html", context)


# The list views of the open-data API, whose export the search pages' downloads use.
_API_LISTS = {
    "donations": api_views.DonationList,
    "loans": api_views.LoanList,
    "spending": api_views.SpendingList,
}


@public_page
def search_download(request: HttpRequest, kind: str) -> HttpResponse:
    """A search page's "Download these results": the API's export of the same filters
    (its limits, its errors), under the page's language. In Welsh our CSV's headers are
    words in Welsh; the values stay as published. The Commission's layout keeps the
    Commission's own headers (it is their file's layout, read back by their tools)."""
    if kind not in _API_LISTS or request.method not in ("GET", "HEAD"):
        raise Http404
    if request.GET.get("format") not in ("csv", "ec"):
        # Only a download is asked for here; anything else is the search page itself.
        query = request.GET.urlencode()
        return redirect(reverse(KIND_URLS[kind]) + (f"?{query}" if query else ""))
    labelled = translation.get_language() != settings.LANGUAGE_CODE
    # An export streams (a StreamingHttpResponse); an error is the API's JSON answer.
    return cast("HttpResponse", _API_LISTS[kind].as_view(labelled=labelled)(request))


def _donor_groups(
    kind: str, params: Any, limit: int = selectors.DONOR_GROUP_LIMIT
) -> list[dict[str, Any]]:
    """Totals by donor of a search, each resolved donor named and linked to its page."""
    rows = selectors.donor_groups(kind=kind, params=params, limit=limit)
    donors = donors_selectors.donors_by_number([r["donor_id"] for r in rows if r["donor_id"]])
    groups = []
    for row in rows:
        donor = donors.get(row["donor_id"]) if row["donor_id"] else None
        groups.append(
            {
                "name": donor.display_name if donor is not None else row["name"],
                "url": reverse("donors:donor_detail", kwargs={"donor_id": donor.donor_id})
                if donor is not None
                else "",
                "total": row["total"],
                "count": row["count"],
            }
        )
    return groups


def _carried(
    kind: str, request: HttpRequest, facets: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """Every filter of the URL that the form shows no control for, as hidden fields, so
    that applying the form keeps it (an entity, a donor, a period, a facet value not
    listed)."""
    filters = set(selectors.filter_names(kind))
    listed = {
        (facet["parameter"], _facet_key(kind, facet["parameter"], item["value"]))
        for facet in facets
        for item in facet["items"]
    }
    carried = []
    for name, values in request.GET.lists():
        if name not in filters or name in FORM_CONTROLS:
            continue
        for value in values:
            if value and (name, _facet_key(kind, name, value)) not in listed:
                carried.append((name, value))
    return carried


def _facet_known(kind: str, parameter: str) -> dict[str, Any] | None:
    for name, _field, known in selectors.PAGE_FACETS[kind]:
        if name == parameter:
            return known
    return None


def _facet_key(kind: str, parameter: str, value: str) -> str:
    """A facet value however it was written (label or slug) as one key."""
    known = _facet_known(kind, parameter)
    if known is None:
        return value
    return finance_types.resolve_label(known, value) or value


def _filters_in_use(kind: str, request: HttpRequest) -> list[dict[str, str]]:
    """Each filter of the URL in words, with a link to the same search without it."""
    filters = set(selectors.filter_names(kind))
    labels = _filter_labels()
    in_use = []
    pairs = [(k, v) for k, values in request.GET.lists() for v in values if k != "cursor"]
    for index, (name, value) in enumerate(pairs):
        if name not in filters or not value.strip():
            continue
        rest = [pair for position, pair in enumerate(pairs) if position != index]
        in_use.append(
            {
                "label": labels.get(name, name),
                "value": _value_in_words(kind, name, value),
                "remove_url": f"{request.path}?{urlencode(rest)}" if rest else request.path,
            }
        )
    return in_use


def _value_in_words(kind: str, name: str, value: str) -> str:
    known = _facet_known(kind, name)
    if known is not None:
        label = finance_types.resolve_label(known, value)
        return str(finance_types.display(known, label)) if label else value
    if name == "regulated_entity" and value.strip().isdigit() and len(value) < 19:
        entity = register_selectors.entity_get(entity_id=int(value))
        return entity.name if entity is not None else value
    if name == "donor_id":
        number = donors_selectors.donor_number_parse(value)
        donor = donors_selectors.donors_by_number([number]).get(number) if number else None
        return f"{donor.display_name} ({donor.donor_id})" if donor is not None else value
    if name == "is_public_fund":
        return {"true": _("Public funds only"), "false": _("Private money only")}.get(
            value.lower(), value
        )
    if name == "reporting_period" and (quarter := _QUARTER_NAME.fullmatch(value.strip())):
        # A quarter's published name in the reader's language ("Q4 2019", "Ch4 2019").
        return entity_page.quarter_name(int(quarter["year"]), int(quarter["quarter"]))
    if name == "is_central_party":
        return {"true": _("Central party only"), "false": _("Accounting units only")}.get(
            value.lower(), value
        )
    return value


def _page_link(
    request: HttpRequest, cursor: dict[str, Any] | None, paginator: TransactionPagination
) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = paginator.cursor_encode(cursor)
    return f"{request.path}?{query.urlencode()}"


def _rows(kept: list[list[Any]], chart: str = "") -> list[dict[str, Any]]:
    return [
        {
            "label": entity_page.chart_label(chart, label),
            "total": Decimal(total),
            "count": count,
        }
        for label, total, count in kept
    ]


@public_page
def entity(request: HttpRequest, pk: int) -> HttpResponse:
    entity_obj = register_selectors.entity_get(entity_id=pk)
    if entity_obj is None:
        raise Http404
    figures = entity_page.entity_figures(entity_id=entity_obj.pk)
    split = figures["split"]
    chart_list = []
    for name in charts.CHARTS:
        rows = _rows(figures["charts"][name], name)
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
    counts = entity_page.entity_counts(entity_id=entity_obj.pk)
    entity_filter = {"regulated_entity": str(pk)}
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
        "loans_url": reverse("disclosure:search_loans") + f"?regulated_entity={pk}",
        "spending_url": reverse("disclosure:search_spending") + f"?regulated_entity={pk}",
        "by_donor_url": reverse("disclosure:search") + f"?regulated_entity={pk}&group=donor",
        "top_donors": _donor_groups("donations", entity_filter, TOP_DONORS),
        "spending_count": counts["spending"],
        # A withdrawn record leaves a visible note: its reference, when and why (no data).
        "withdrawn": entity_page.entity_withdrawn_notes(entity_id=entity_obj.pk),
    }
    return render(request, "disclosure/entity.html", context)


@public_page
def entity_chart_data(request: HttpRequest, pk: int, chart: str) -> HttpResponse:
    """A chart's data as CSV (private donations; public funds are shown apart)."""
    if register_selectors.entity_get(entity_id=pk) is None or chart not in charts.CHARTS:
        raise Http404
    rows = entity_page.entity_chart_rows(entity_id=pk, chart=chart)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="entity-{pk}-{chart}.csv"'
    writer = csv.writer(response)
    if translation.get_language() == settings.LANGUAGE_CODE:
        writer.writerow(["label", "total", "count"])
    else:  # a Welsh page's download: its headers in Welsh too
        writer.writerow([_("Label"), _("Total"), _("Count")])
    for row in rows:
        # A label is published text (a donor status as reported): never a formula.
        label = cells.neutralise_formula(entity_page.chart_label(chart, str(row["label"])))
        writer.writerow([label, f"{row['total']:.2f}", row["count"]])
    return response
