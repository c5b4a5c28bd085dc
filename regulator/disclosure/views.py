"""Public search pages for donations, loans and spending, and entity finance pages.

They read the same published records through the same filters as the API (the
django-filter FilterSets in ``api/filters.py``), so pages and API agree; "download these
results" links to the API's export with the page's own parameters."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from regulator.core.api.errors import ApiError
from regulator.core.money import from_pence
from regulator.disclosure import charts
from regulator.disclosure.api.filters import FILTERSETS
from regulator.disclosure.api.pagination import KeysetPagination
from regulator.finance import types as finance_types
from regulator.finance.answer_cache import remembered
from regulator.finance.models import TRANSACTION_MODELS, Donation
from regulator.finance.selectors import SumPence
from regulator.register.models import RegulatedEntity

PAGE_SIZE = 25
KIND_URLS = {
    "donations": "disclosure:search",
    "loans": "disclosure:search_loans",
    "spending": "disclosure:search_spending",
}

# (parameter, model field, known labels) of the checkbox facets on each page
FACET_FILTERS: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "donations": [
        ("donor_status", "donor_status", finance_types.DONOR_STATUSES),
        ("donation_type", "donation_type", finance_types.DONATION_TYPES),
        ("nature", "nature", finance_types.NATURES),
        ("regulated_entity_type", "entity_type", finance_types.ENTITY_TYPES),
        ("register", "register", finance_types.REGISTERS),
    ],
    "loans": [
        ("lender_type", "lender_type", finance_types.LENDER_TYPES),
        ("loan_status", "loan_status", finance_types.LOAN_STATUSES),
        ("regulated_entity_type", "entity_type", finance_types.ENTITY_TYPES),
        ("register", "register", finance_types.REGISTERS),
    ],
    "spending": [
        ("expense_category", "expense_category", finance_types.EXPENSE_CATEGORIES),
        ("regulated_entity_type", "entity_type", finance_types.ENTITY_TYPES),
    ],
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


def _facet_counts(
    kind: str, request: HttpRequest, parameter: str, field: str, known: dict[str, Any]
) -> list[dict[str, Any]]:
    """Counts per value, filtered by every parameter except this facet's own, so the
    other values stay visible and selectable."""
    data = request.GET.copy()
    data.pop(parameter, None)
    filterset = FILTERSETS[kind](data, queryset=TRANSACTION_MODELS[kind].objects.all())
    if not filterset.is_valid():
        return []
    selected = request.GET.getlist(parameter)
    selected_labels = {finance_types.resolve_label(known, value) or value for value in selected}
    queryset = filterset.qs.order_by()
    rows = remembered(
        kind,
        f"page-facet:{parameter}",
        [(name, value) for name, values in data.lists() for value in values],
        lambda: [
            [row[field], row["count"]]
            for row in queryset.values(field)
            .annotate(count=Count("id"))
            .order_by("-count", field)[:30]
        ],
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


def search(request: HttpRequest, kind: str = "donations") -> HttpResponse:
    if kind not in TRANSACTION_MODELS:
        raise Http404
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        raise Http404
    filterset = FILTERSETS[kind](request.GET, queryset=TRANSACTION_MODELS[kind].objects.all())
    errors: list[tuple[str, str]] = []
    page: list[Any] = []
    paginator = KeysetPagination()
    paginator.kind = kind
    paginator.page_size = PAGE_SIZE
    drf_request = Request(request)
    if filterset.is_valid():
        try:
            page = paginator.paginate_queryset(filterset.qs.select_related("period"), drf_request)
        except ApiError as exc:
            errors.append((exc.parameter or "q", exc.message))
    else:
        for field, messages in filterset.errors.items():
            errors += [(field, str(message)) for message in messages]
    facets = []
    if not errors:
        facets = [
            {
                "parameter": parameter,
                "title": FACET_TITLES[parameter](),
                "items": _facet_counts(kind, request, parameter, field, known),
            }
            for parameter, field, known in FACET_FILTERS[kind]
        ]
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("format", None)
    api_url = reverse(f"api:{kind}")
    download_query = urlencode([(k, v) for k, values in query.lists() for v in values])
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
    }
    return render(request, "disclosure/search.html", context)


def _page_link(
    request: HttpRequest, cursor: dict[str, Any] | None, paginator: KeysetPagination
) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = paginator._encode(cursor)
    return f"{request.path}?{query.urlencode()}"


def _entity_donations(entity: RegulatedEntity) -> QuerySet[Donation]:
    return Donation.objects.filter(entity=entity)


def _entity_figures(entity_obj: RegulatedEntity) -> dict[str, Any]:
    """The sums and chart rows of an entity's page (JSON-able: pence, totals as text)."""
    donations = _entity_donations(entity_obj)
    split = donations.order_by().aggregate(
        private=SumPence("value", filter=Q(is_public_fund=False)),
        public=SumPence("value", filter=Q(is_public_fund=True)),
        private_count=Count("id", filter=Q(is_public_fund=False)),
        public_count=Count("id", filter=Q(is_public_fund=True)),
    )
    private = donations.filter(is_public_fund=False)
    public = donations.filter(is_public_fund=True)

    def rows(queryset: Any, chart: str) -> list[list[Any]]:
        return [
            [row["label"], str(row["total"]), row["count"]]
            for row in charts.chart_rows(queryset, chart)
        ]

    return {
        "split": split,
        "charts": {name: rows(private, name) for name in charts.CHARTS},
        "public": rows(public, "year"),
    }


def _rows(kept: list[list[Any]]) -> list[dict[str, Any]]:
    return [
        {"label": label, "total": Decimal(total), "count": count} for label, total, count in kept
    ]


def entity(request: HttpRequest, pk: int) -> HttpResponse:
    entity_obj = get_object_or_404(RegulatedEntity, pk=pk)
    # Over a large party's half a million donations these sums take a second or more:
    # remembered until the published donations change (finance.answer_cache).
    figures = remembered(
        "donations", f"entity-page:{entity_obj.pk}", [], lambda: _entity_figures(entity_obj)
    )
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
    context = {
        "entity": entity_obj,
        "private_total": from_pence(split["private"] or 0),
        "public_total": from_pence(split["public"] or 0),
        "private_count": split["private_count"],
        "public_count": split["public_count"],
        "charts": chart_list,
        "public_rows": public_rows,
        "search_url": reverse("disclosure:search") + f"?regulated_entity={pk}",
        "loans_count": TRANSACTION_MODELS["loans"].objects.filter(entity=entity_obj).count(),
        "spending_count": TRANSACTION_MODELS["spending"].objects.filter(entity=entity_obj).count(),
        # A withdrawn record leaves a visible note: its reference, when and why (no data).
        "withdrawn": [
            row
            for model in TRANSACTION_MODELS.values()
            for row in model.all_objects.filter(entity=entity_obj, withdrawn_at__isnull=False)
            .values("ec_ref", "withdrawn_at", "withdrawal_reason")
            .order_by("-withdrawn_at")
        ],
    }
    return render(request, "disclosure/entity.html", context)


def entity_chart_data(request: HttpRequest, pk: int, chart: str) -> HttpResponse:
    """A chart's data as CSV (private donations; public funds are shown apart)."""
    entity_obj = get_object_or_404(RegulatedEntity, pk=pk)
    if chart not in charts.CHARTS:
        raise Http404
    rows = charts.chart_rows(_entity_donations(entity_obj).filter(is_public_fund=False), chart)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="entity-{pk}-{chart}.csv"'
    writer = csv.writer(response)
    writer.writerow(["label", "total", "count"])
    for row in rows:
        writer.writerow([row["label"], f"{row['total']:.2f}", row["count"]])
    return response
