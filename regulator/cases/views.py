"""Staff pages of cases (thin: services write, selectors read)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regulator.cases import selectors
from regulator.core.permissions import permission_required


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


def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    raise NotImplementedError  # replaced below in this session
