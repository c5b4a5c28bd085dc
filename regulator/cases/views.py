"""Staff pages of cases (thin: services write, selectors read): my cases, a case's page
and each step of it (the steps are in actions.py). Every page of a case answers 404 to
anyone outside its need-to-know."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from regulator.cases import selectors, services
from regulator.cases.actions import ACTIONS
from regulator.cases.models import Case
from regulator.cases.types import ASSESSMENT_CHECKLIST, MONETARY
from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_check, permission_required


def case_or_404(request: HttpRequest, reference: str) -> Case:
    case = selectors.case_get(reference=reference)
    if case is None:
        raise Http404
    permission_check(request, "cases.open_case", case, hide=True)
    return case


@require_safe
@permission_required("cases.view_cases")
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cases/home.html",
        {
            "mine": selectors.my_cases(user=request.user),
            "triage": selectors.triage_queue(user=request.user),
            "deadlines": selectors.deadlines(user=request.user),
        },
    )


@require_safe
@permission_required()
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_or_404(request, reference)
    sanction = selectors.sanction_current(case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "intakes": selectors.intakes_of(case),
            "evidence": selectors.evidence_of(case),
            "notices": selectors.notices_of(case),
            "sanctions": selectors.sanctions_of(case),
            "sanction": sanction,
            "clock": services.sanction_clock(sanction=sanction)
            if sanction is not None and sanction.kind in MONETARY
            else None,
            "tasks": selectors.tasks_of(case),
            "tracks": case.tracks.all(),
            "team": case.team.all(),
            "parties": selectors.parties(case),
            "time_limit": selectors.time_limit(case),
            "timeline": selectors.timeline(case),
            "checklist": [
                (question, case.checklist.get(key))
                for key, question in ASSESSMENT_CHECKLIST.items()
            ],
            "actions": [a for a in ACTIONS.values() if a.open_to(case, request.user)],
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required()
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    case = case_or_404(request, reference)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    form = step.form(case, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = step.run(request, case, form)
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, message)
            if step.slug == "conflict":
                return redirect("cases:home")
            return redirect("cases:case_detail", reference=case.reference)
    return render(
        request,
        "cases/action.html",
        {"case": case, "form": form, "step": step, "open": step.open_to(case, request.user)},
    )
