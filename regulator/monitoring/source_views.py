"""Staff pages of monitoring's sources, matches and dashboard (thin: services write,
selectors read)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_required
from regulator.monitoring import charts, selectors, services
from regulator.monitoring.forms import MatchDecisionForm, MatchFilterForm, PeriodForm
from regulator.monitoring.risk_rules.periods import RegulatedPeriod
from regulator.monitoring.types import AlertState

MATCH_LIMIT = 500


@require_safe
@permission_required("monitoring.view_monitoring")
def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/sources.html", {"rows": selectors.sources_overview()})


def _matches_page(
    request: HttpRequest, status: str, failed: MatchDecisionForm | None = None, pk: int = 0
) -> HttpResponse:
    form = MatchFilterForm(request.GET if request.GET.get("status") else None)
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"]
    rows = list(selectors.matches_for_review(status=status)[: MATCH_LIMIT + 1])
    return render(
        request,
        "monitoring/matches.html",
        {
            "filter_form": form,
            "matches": rows[:MATCH_LIMIT],
            "more": len(rows) > MATCH_LIMIT,
            "form": failed,
            "failed_pk": pk,
            "status": status,
        },
    )


@require_safe
@permission_required("monitoring.review_matches")
def matches(request: HttpRequest) -> HttpResponse:
    return _matches_page(request, "")


@require_POST
@permission_required("monitoring.review_matches")
def match_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the suggestion, reject it, or link the name to another entity."""
    match = selectors.match_get(pk=pk)
    if match is None:
        raise Http404
    # Ids as on the page's row (entity-<pk>), so the error summary links to the field.
    form = MatchDecisionForm(request.POST, auto_id=f"%s-{match.pk}")
    status = request.POST.get("status", "")
    if form.is_valid():
        try:
            services.match_decide(
                match=match,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                entity_id=form.cleaned_data["entity"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("“%(name)s”: %(status)s.")
                % {"name": match.name, "status": match.get_status_display()},
            )
            target = reverse("monitoring:matches")
            return redirect(target + (f"?status={status}" if status.isalpha() else ""))
    return _matches_page(request, status, failed=form, pk=match.pk)


@require_safe
@permission_required("monitoring.view_monitoring")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Platform ad spend against reported spending in a regulated period (chart and table),
    and the alerts by rule and state."""
    names = [p.name for p in selectors.periods()]
    form = PeriodForm(
        request.GET if request.GET.get("period") else None,
        periods=names,
        initial={"period": selectors.period_default().name},
    )
    period: RegulatedPeriod | None = selectors.period_default()
    if form.is_bound:
        period = selectors.period_get(form.data["period"]) if form.is_valid() else None
    rows = selectors.spend_against_reported(period=period) if period is not None else []
    context: dict[str, Any] = {
        "form": form,
        "period": period,
        "rows": rows,
        "spec": charts.spend_spec(rows, period.name) if period is not None else None,
        "states": AlertState.choices,
        "counts": selectors.alert_counts(),
    }
    return render(request, "monitoring/dashboard.html", context)
