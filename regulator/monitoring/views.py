"""Staff pages of monitoring's alerts (thin: services write, selectors read): the queue
with its filters, bulk triage and CSV export, and an alert's page with its evidence,
assignment, triage and "open an assessment". The sources, matches and dashboard are in
source_views.py, the intelligence log in intelligence_views.py."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from regulator.core.cells import neutralise_formula
from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_required
from regulator.identity import selectors as identity_selectors
from regulator.identity.types import StaffRole
from regulator.monitoring import selectors, services
from regulator.monitoring.forms import (
    AlertFilterForm,
    AssignForm,
    BulkTriageForm,
    PromoteForm,
    TriageForm,
)
from regulator.monitoring.models import Alert

QUEUE_LIMIT = 500
FILTER_KEYS = ("state", "rule", "severity", "entity")
MONITORING_ROLES = (
    StaffRole.FINANCE_ANALYST,
    StaffRole.INVESTIGATOR,
    StaffRole.CASE_DECISION_MAKER,
)


def _filter_form(data: QueryDict) -> AlertFilterForm:
    bound = any(data.get(key) for key in FILTER_KEYS)
    return AlertFilterForm(data if bound else None, rules=selectors.rule_choices())


def _filtered(form: AlertFilterForm) -> Any:
    """The queue the filters ask for, or None when a filter is wrong."""
    if not form.is_bound:
        return selectors.alerts_filtered()
    if not form.is_valid():
        return None
    return selectors.alerts_filtered(**form.filters())


def _query(data: QueryDict) -> str:
    kept = {key: data.get(key, "") for key in FILTER_KEYS if data.get(key)}
    return urlencode(kept)


def _queue(
    request: HttpRequest,
    query: QueryDict,
    bulk: BulkTriageForm | None = None,
    selected: list[str] | None = None,
) -> HttpResponse:
    form = _filter_form(query)
    alerts = _filtered(form)
    rows = selectors.alert_rows(alerts[: QUEUE_LIMIT + 1]) if alerts is not None else []
    querystring = _query(query)
    return render(
        request,
        "monitoring/alerts.html",
        {
            "filter_form": form,
            "rows": rows[:QUEUE_LIMIT],
            "more": len(rows) > QUEUE_LIMIT,
            "bulk": bulk or BulkTriageForm(),
            "selected": set(selected or []),
            "querystring": querystring,
            "csv_url": reverse("monitoring:alerts_csv")
            + (f"?{querystring}" if querystring else ""),
            "may_triage": request.user.has_perm("monitoring.triage_alerts"),
        },
    )


@require_safe
@permission_required("monitoring.view_monitoring")
def alerts(request: HttpRequest) -> HttpResponse:
    return _queue(request, request.GET)


@require_POST
@permission_required("monitoring.triage_alerts")
def alerts_triage(request: HttpRequest) -> HttpResponse:
    """The same decision for the ticked alerts: all of them, or none and the reason."""
    query = QueryDict(request.POST.get("query", ""))
    form = BulkTriageForm(request.POST)
    if form.is_valid():
        references = form.cleaned_data["alerts"]
        found = selectors.alerts_by_references(references)
        unknown = [r for r in references if r not in {a.reference for a in found}]
        if unknown:
            form.add_error(
                "alerts", _("There is no alert %(reference)s.") % {"reference": unknown[0]}
            )
        else:
            try:
                services.alerts_triage_bulk(
                    alerts=found,
                    actor=request.user,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                )
            except InvalidValueError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("%(count)d alerts are triaged: %(references)s.")
                    % {"count": len(found), "references": ", ".join(references)},
                )
                target = reverse("monitoring:alerts")
                querystring = _query(query)
                return redirect(target + (f"?{querystring}" if querystring else ""))
    return _queue(request, query, bulk=form, selected=request.POST.getlist("alerts"))


CSV_HEADER = [
    "reference",
    "state",
    "severity",
    "rule",
    "rule_version",
    "subject_kind",
    "subject",
    "entity_id",
    "period",
    "summary",
    "raised_at",
    "target_on",
    "assignee",
    "outcome_reason",
    "case_reference",
]


def _csv_cells(alert: Alert) -> list[str]:
    return [
        alert.reference,
        alert.state,
        alert.severity,
        alert.rule,
        alert.rule_version,
        alert.subject_kind,
        alert.subject_label,
        str(alert.entity_id or ""),
        alert.period,
        alert.summary,
        alert.raised_at.isoformat(),
        alert.target_on.isoformat(),
        alert.assignee.get_username() if alert.assignee else "",
        alert.outcome_reason,
        alert.case_reference,
    ]


@require_safe
@permission_required("monitoring.view_monitoring")
def alerts_csv(request: HttpRequest) -> HttpResponse:
    """The filtered queue as CSV; text that a spreadsheet would run is neutralised."""
    form = _filter_form(request.GET)
    alerts = _filtered(form)
    if alerts is None:
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for alert in alerts.iterator():
        writer.writerow([neutralise_formula(cell) for cell in _csv_cells(alert)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="monitoring-alerts.csv"'
    return response


# --- An alert's page and its steps -----------------------------------------------------------


def _alert_or_404(reference: str) -> Alert:
    alert = selectors.alert_get(reference=reference)
    if alert is None:
        raise Http404
    return alert


def _people() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for role in MONITORING_ROLES:
        for user in identity_selectors.staff_with_role(role=role):
            seen[str(user.pk)] = user.get_username()
    return sorted(seen.items(), key=lambda item: item[1])


def _alert_page(
    request: HttpRequest,
    alert: Alert,
    *,
    assign: AssignForm | None = None,
    triage: TriageForm | None = None,
    promote: PromoteForm | None = None,
) -> HttpResponse:
    evidence = alert.evidence if isinstance(alert.evidence, dict) else {"value": alert.evidence}
    failed = next((f for f in (assign, triage, promote) if f is not None and f.errors), None)
    row = selectors.alert_rows(selectors.alerts_all().filter(pk=alert.pk))[0]
    return render(
        request,
        "monitoring/alert_detail.html",
        {
            "alert": alert,
            "row": row,
            "rule": selectors.rule_of(alert),
            "evidence": sorted(evidence.items()),
            "snapshots": selectors.alert_snapshots(alert),
            "intelligence": selectors.intelligence_of_alert(alert)
            if request.user.has_perm("monitoring.intelligence")
            else None,
            "assign": assign
            or AssignForm(people=_people(), initial={"assignee": str(alert.assignee_id or "")}),
            "triage": triage or TriageForm(),
            "promote": promote or PromoteForm(),
            "form": failed,
            "is_open": alert.state in ("open", "watching"),
        },
    )


@require_safe
@permission_required("monitoring.view_monitoring")
def alert_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _alert_page(request, _alert_or_404(reference))


@require_POST
@permission_required("monitoring.triage_alerts")
def alert_assign(request: HttpRequest, reference: str) -> HttpResponse:
    alert = _alert_or_404(reference)
    form = AssignForm(request.POST, people=_people())
    if form.is_valid():
        assignee = identity_selectors.user_by_id(user_id=int(form.cleaned_data["assignee"]))
        try:
            if assignee is None:
                raise InvalidValueError(_("Choose someone from the list."))
            services.alert_assign(alert=alert, actor=request.user, assignee=assignee)
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(reference)s is assigned to %(name)s.")
                % {"reference": alert.reference, "name": assignee.get_username()},
            )
            return redirect("monitoring:alert_detail", reference=alert.reference)
    return _alert_page(request, _alert_or_404(reference), assign=form)


@require_POST
@permission_required("monitoring.triage_alerts")
def alert_triage(request: HttpRequest, reference: str) -> HttpResponse:
    alert = _alert_or_404(reference)
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            services.alert_triage(
                alert=alert,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(reference)s: %(state)s.")
                % {"reference": alert.reference, "state": alert.get_state_display()},
            )
            return redirect("monitoring:alert_detail", reference=alert.reference)
    return _alert_page(request, _alert_or_404(reference), triage=form)


@require_POST
@permission_required("monitoring.triage_alerts")
def alert_promote(request: HttpRequest, reference: str) -> HttpResponse:
    """Open an assessment in cases from the alert; the alert keeps the case's reference."""
    alert = _alert_or_404(reference)
    form = PromoteForm(request.POST)
    if form.is_valid():
        try:
            case_reference = services.alert_promote(
                alert=alert, actor=request.user, details=form.cleaned_data["details"]
            )
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Assessment %(case)s is open for %(reference)s.")
                % {"case": case_reference, "reference": alert.reference},
            )
            return redirect("monitoring:alert_detail", reference=alert.reference)
    return _alert_page(request, _alert_or_404(reference), promote=form)
