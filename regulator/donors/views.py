"""Pages of the donors area: the public donor search and profile (names, totals by
recipient and year with a chart, its table and CSV, every published donation and loan),
and the finance analysts' review of the resolution. Views are thin: services write,
selectors read. No page shows an address or a postcode of a donor."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from regulator.core import limits
from regulator.core.cells import neutralise_formula
from regulator.core.permissions import permission_required
from regulator.donors import selectors, services
from regulator.donors.forms import DonorSearchForm, MergeForm, PairDecisionForm, SplitForm
from regulator.donors.models import Donor, ReviewPair
from regulator.donors.services import DonorsError, DonorsErrorCode
from regulator.finance.types import DONOR_STATUSES

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
PAGE_SIZE = 25


# --- Public pages ------------------------------------------------------------------------


@limits.public_page
@require_safe
def donor_list(request: HttpRequest) -> HttpResponse:
    form = DonorSearchForm(request.GET or None, statuses=selectors.donor_statuses())
    donors = Donor.objects.none()
    searched = bool(request.GET.get("q") or request.GET.get("status"))
    if form.is_valid():
        data = form.cleaned_data
        donors = selectors.donor_list(
            q=data["q"], statuses=[data["status"]] if data["status"] else None
        )
    elif not form.is_bound:
        donors = selectors.donor_list()
    page = Paginator(donors, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "donors/donor_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "searched": searched,
            "status_labels": DONOR_STATUSES,
        },
    )


def _public_donor(donor_id: str) -> Donor | HttpResponse:
    donor = selectors.donor_get(donor_id)
    if donor is None:
        raise Http404
    if not donor.active:
        if donor.merged_into is not None:
            return redirect("donors:donor_detail", donor_id=donor.merged_into.donor_id)
        raise Http404
    if donor.donor_id != donor_id:
        return redirect("donors:donor_detail", donor_id=donor.donor_id)
    return donor


def year_chart_spec(donor: Donor, totals: selectors.DonorTotals) -> dict[str, Any]:
    """Vega-Lite: donations and loans by year, stacked (the table below holds the same)."""
    values = []
    for row in totals.by_year:
        if row.donations_count:
            values.append(
                {"year": row.key, "kind": _("Donations"), "total": float(row.donations_total)}
            )
        if row.loans_count:
            values.append({"year": row.key, "kind": _("Loans"), "total": float(row.loans_total)})
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": _("Donations and loans from %(name)s by year")
        % {"name": donor.display_name},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": _("Year")},
            "y": {"field": "total", "type": "quantitative", "title": _("Total (£)")},
            "color": {"field": "kind", "type": "nominal", "title": _("Kind")},
        },
        "width": "container",
        # Text in charts: at least 12 px, in GOV.UK's text colour.
        "config": {
            part: {
                "labelFontSize": 12,
                "titleFontSize": 14,
                "labelColor": "#0b0c0c",
                "titleColor": "#0b0c0c",
            }
            for part in ("axis", "legend")
        },
    }


@limits.public_page
@require_safe
def donor_detail(request: HttpRequest, donor_id: str) -> HttpResponse:
    donor = _public_donor(donor_id)
    if isinstance(donor, HttpResponse):
        return donor
    totals = selectors.donor_totals(donor)
    donations = Paginator(selectors.donor_donations(donor), PAGE_SIZE).get_page(
        request.GET.get("donations_page")
    )
    loans = Paginator(selectors.donor_loans(donor), PAGE_SIZE).get_page(
        request.GET.get("loans_page")
    )
    query = request.GET.copy()
    donations_query, loans_query = query.copy(), query.copy()
    donations_query.pop("donations_page", None)
    loans_query.pop("loans_page", None)
    return render(
        request,
        "donors/donor_detail.html",
        {
            "donor": donor,
            "status_label": DONOR_STATUSES.get(donor.donor_status, donor.donor_status),
            "names": list(donor.names.all()),
            "totals": totals,
            "spec": year_chart_spec(donor, totals),
            "donations": donations,
            "loans": loans,
            "donations_query": donations_query.urlencode(),
            "loans_query": loans_query.urlencode(),
            "can_review": request.user.is_authenticated
            and request.user.has_perm("donors.review_donors"),
        },
    )


@limits.public_page
@require_safe
def donor_data_csv(request: HttpRequest, donor_id: str) -> HttpResponse:
    """The chart's data (by year) or the totals by recipient, as CSV."""
    donor = _public_donor(donor_id)
    if isinstance(donor, HttpResponse):
        return donor
    table = request.GET.get("table", "year")
    if table not in ("year", "recipient"):
        raise Http404
    totals = selectors.donor_totals(donor)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{donor.donor_id}-by-{table}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    first = "Year" if table == "year" else "Recipient"
    writer.writerow(
        ["DonorId", first, "DonationsTotal", "DonationsCount", "LoansTotal", "LoansCount"]
    )
    rows = totals.by_year if table == "year" else totals.by_recipient
    for row in rows:
        writer.writerow(
            [
                donor.donor_id,
                neutralise_formula(row.label),
                f"{row.donations_total:.2f}",
                row.donations_count,
                f"{row.loans_total:.2f}",
                row.loans_count,
            ]
        )
    return response


# --- Review (finance analysts) -------------------------------------------------------------

ERROR_MESSAGES = {
    DonorsErrorCode.REASON_REQUIRED: gettext_lazy("Give the reason for the decision."),
    DonorsErrorCode.PAIR_NOT_OPEN: gettext_lazy("This pair has already been decided."),
    DonorsErrorCode.UNKNOWN_DONOR: gettext_lazy("There is no such donor."),
    DonorsErrorCode.RECORDS_NOT_IN_DONOR: gettext_lazy("Choose records that belong to this donor."),
    DonorsErrorCode.SPLIT_TAKES_EVERYTHING: gettext_lazy(
        "Leave at least one record with the donor: a split needs two parts."
    ),
    DonorsErrorCode.MERGE_NEEDS_TWO: gettext_lazy("Choose at least two donors to merge."),
}


def _message(error: DonorsError) -> str:
    return str(ERROR_MESSAGES.get(DonorsErrorCode(error.code), error.message))


def _resolve_soon(reason: str) -> None:
    """Decisions take effect at the next run: enqueue one once the decision is stored."""
    services.resolution_enqueue(reason=reason)


@permission_required("donors.review_donors")
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.review_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "donors/review_queue.html", {"page": page})


@permission_required("donors.review_donors")
@require_http_methods(["GET", "POST"])
def review_pair(request: HttpRequest, pk: int) -> HttpResponse:
    pair = ReviewPair.objects.filter(pk=pk).first()
    if pair is None:
        raise Http404
    form = PairDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_pair_decide(
                analyst=request.user,
                pair=pair,
                same_donor=form.cleaned_data["decision"] == "same",
                reason=form.cleaned_data["reason"],
            )
        except DonorsError as error:
            form.add_error(None, _message(error))
        else:
            _resolve_soon(f"review pair {pair.pk}")
            messages.success(
                request,
                _("Decision saved. It applies from the next resolution run."),
            )
            return redirect("donors:review_queue")
    return render(
        request,
        "donors/review_pair.html",
        {
            "pair": pair,
            "left": selectors.record_view(pair.left_key, pair.left_name),
            "right": selectors.record_view(pair.right_key, pair.right_name),
            "form": form,
        },
    )


@permission_required("donors.review_donors")
@require_http_methods(["GET", "POST"])
def review_donor(request: HttpRequest, donor_id: str) -> HttpResponse:
    """An analyst splits records off a donor."""
    donor = selectors.donor_get(donor_id)
    if donor is None or not donor.active:
        raise Http404
    records = selectors.donor_record_views(donor)
    form = SplitForm(request.POST or None, record_keys=[r.key for r in records])
    if request.method == "POST" and form.is_valid():
        try:
            services.donor_split(
                analyst=request.user,
                donor_id=donor.donor_id,
                record_keys=form.cleaned_data["records"],
                reason=form.cleaned_data["reason"],
            )
        except DonorsError as error:
            form.add_error("records", _message(error))
        else:
            _resolve_soon(f"split {donor.donor_id}")
            messages.success(
                request,
                _("Split saved. The records become a separate donor at the next resolution run."),
            )
            return redirect("donors:review_queue")
    return render(
        request, "donors/review_donor.html", {"donor": donor, "records": records, "form": form}
    )


@permission_required("donors.review_donors")
@require_http_methods(["GET", "POST"])
def review_merge(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST or None, initial={"donor_ids": request.GET.get("ids", "")[:500]})
    if request.method == "POST" and form.is_valid():
        try:
            services.donor_merge(
                analyst=request.user,
                donor_ids=form.cleaned_data["donor_ids"],
                reason=form.cleaned_data["reason"],
            )
        except DonorsError as error:
            form.add_error("donor_ids", _message(error))
        else:
            _resolve_soon("merge")
            messages.success(
                request, _("Merge saved. The donors become one at the next resolution run.")
            )
            return redirect("donors:review_queue")
    return render(request, "donors/review_merge.html", {"form": form})
