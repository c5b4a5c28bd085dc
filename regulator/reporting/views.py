"""Staff pages of reporting: the dashboard of a period, a measure's drill-down, the
availability page and the statutory tables. Thin: the catalogue computes, selectors read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from regulator.core import clock
from regulator.core.permissions import permission_required
from regulator.reporting import catalogue, charts, selectors, statutory
from regulator.reporting.catalogue import Result, Status
from regulator.reporting.periods import Period, PeriodError, period_containing, period_parse

TREND_PERIODS = 3

# Records behind a number: the owning area's permission to open one, and its page.
RECORD_LINKS: dict[str, tuple[str, str, Any]] = {
    "filings.FiledReturn": ("filings.view_return", "filings:return_detail", lambda r: {"pk": r.pk}),
    "register.Application": (
        "register.review_application",
        "register:application_review",
        lambda r: {"reference": r.reference},
    ),
    # anonymous answers to the feedback question: no page of their own
    "reporting.Feedback": ("reporting.view_dashboard", "", lambda r: {}),
}


def default_period() -> Period:
    return period_containing("quarter", clock.local_today()).previous()


def period_from(request: HttpRequest) -> tuple[Period, str]:
    """The period asked for (?period=), or the last complete quarter; and any error."""
    code = request.GET.get("period", "").strip()
    if not code:
        return default_period(), ""
    try:
        return period_parse(code), ""
    except PeriodError as exc:
        return default_period(), str(exc)


def _trend(period: Period, count: int) -> list[Period]:
    periods = [period]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


@dataclass
class Row:
    result: Result
    previous: list[tuple[Period, Result | None]]

    @property
    def trend(self) -> str:
        last = self.previous[-1][1] if self.previous else None
        if last is None or last.value is None or self.result.value is None:
            return ""
        before, now = catalogue.as_decimal(last.value), catalogue.as_decimal(self.result.value)
        assert before is not None
        assert now is not None
        if now > before:
            return _("Up from %(value)s") % {"value": last.value}
        if now < before:
            return _("Down from %(value)s") % {"value": last.value}
        return _("Same as before")


@require_safe
@permission_required("reporting.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    period, error = period_from(request)
    as_of = clock.now()
    periods = _trend(period, TREND_PERIODS)
    computed = {p.code: {r.code: r for r in catalogue.compute_all(p, as_of)} for p in periods}
    rows = [
        Row(result, [(p, computed[p.code].get(result.code)) for p in periods[:-1]])
        for result in computed[period.code].values()
    ]
    shares = [
        {
            "name": row.result.name,
            "value": float(row.result.value),
            "target": float(row.result.target) if row.result.target else None,
        }
        for row in rows
        if row.result.unit == "%" and row.result.value is not None
    ]
    return render(
        request,
        "reporting/dashboard.html",
        {
            "period": period,
            "error": error,
            "rows": rows,
            "previous_periods": periods[:-1],
            "shares": shares,
            "shares_spec": charts.shares_spec(shares),
            "available": sum(1 for row in rows if row.result.available),
            "unavailable": sum(1 for row in rows if not row.result.available),
            "can_publish": request.user.has_perm("reporting.publish_pack"),
        },
        status=400 if error else 200,
    )


@dataclass
class Record:
    label: str
    url: str


def _records(request: HttpRequest, answer: Any) -> tuple[list[Record], int] | None:
    """The records behind a number that this user may open (linked where they have a
    page), and how many more are counted but not theirs to see; None when the number is
    not a count of records (a median, an availability: their detail has its own table)."""
    if not isinstance(answer, QuerySet):
        return None
    shown, hidden = [], 0
    for item in answer:
        link = RECORD_LINKS.get(item._meta.label)
        if link is None or not request.user.has_perm(link[0], item):
            hidden += 1
            continue
        try:
            url = reverse(link[1], kwargs=link[2](item)) if link[1] else ""
        except NoReverseMatch:
            url = ""
        shown.append(Record(str(item), url))
    return shown, hidden


@require_safe
@permission_required("reporting.view_dashboard")
def measure(request: HttpRequest, code: str) -> HttpResponse:
    period, error = period_from(request)
    definition = next((d for d in catalogue.definitions_for(period) if d.code == code), None)
    if definition is None:
        raise Http404
    as_of = clock.now()
    result = catalogue.compute(definition, period, as_of)
    trend = [
        (p, catalogue.compute(definition, p, as_of)) for p in _trend(period, TREND_PERIODS + 2)
    ]
    trend_rows = [
        {"period": p.code, "value": float(r.value)} for p, r in trend if r.value is not None
    ]
    months = (
        [(m, catalogue.compute(definition, m, as_of)) for m in period.months()]
        if period.kind != "month" and result.available
        else []
    )
    records: dict[str, tuple[list[Record], int]] = {}
    if result.available:
        arguments = {"start": period.start, "end": period.end, "as_of": as_of, **definition.params}
        for part, name in (
            ("numerator", definition.numerator),
            ("denominator", definition.denominator),
        ):
            function = catalogue.resolve(name) if name else None
            found = _records(request, catalogue.call(function, arguments)) if function else None
            if found is not None:
                records[part] = found
    incidents = (
        selectors.incidents_in(start=period.start, end=period.end, as_of=as_of)
        if definition.area == "reporting" and code.startswith(("availability", "incidents"))
        else None
    )
    return render(
        request,
        "reporting/measure.html",
        {
            "period": period,
            "error": error,
            "definition": definition,
            "result": result,
            "trend": trend,
            "trend_spec": charts.trend_spec(result.name, result.unit, trend_rows),
            "months": months,
            "records": records,
            "incidents": incidents,
            "versions": selectors.definition_versions(code=code),
            "Status": Status,
        },
        status=400 if error else 200,
    )


@require_safe
@permission_required("reporting.view_dashboard")
def availability_page(request: HttpRequest) -> HttpResponse:
    period, error = period_from(request)
    as_of = clock.now()
    working = selectors.availability_coverage(start=period.start, end=period.end, as_of=as_of)
    every_hour = selectors.availability_coverage(
        start=period.start, end=period.end, as_of=as_of, working_hours=False
    )
    incidents = selectors.incidents_in(start=period.start, end=period.end, as_of=as_of)
    return render(
        request,
        "reporting/availability.html",
        {
            "period": period,
            "error": error,
            "coverages": [
                (_("Working hours"), working),
                (_("All hours"), every_hour),
            ],
            "incidents": [(i, round(i.working_seconds(as_of) / 3600, 2)) for i in incidents],
            "recent": selectors.probe_results_recent(20),
        },
        status=400 if error else 200,
    )


@require_safe
@permission_required("reporting.view_statutory")
def statutory_table(request: HttpRequest, code: str) -> HttpResponse:
    if code not in statutory.TABLES:
        raise Http404
    error = ""
    year_code = request.GET.get("year", "").strip()
    try:
        year = (
            period_parse(year_code) if year_code else period_containing("year", clock.local_today())
        )
        if year.kind != "year":
            raise PeriodError(_("Give a financial year, such as 2025-26."))
    except PeriodError as exc:
        year, error = period_containing("year", clock.local_today()), str(exc)
    table = statutory.table_compute(code, year, clock.now())
    return render(
        request,
        "reporting/statutory.html",
        {
            "table": table,
            "year": year,
            "error": error,
            "previous": year.previous(),
            "next": period_containing("year", year.end + dt.timedelta(days=1)),
            "other": [(c, str(t[0])) for c, t in statutory.TABLES.items() if c != code],
        },
        status=400 if error else 200,
    )
