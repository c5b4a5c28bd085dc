"""A published record's own page: a citable address for one donation, loan or spending
item, with the proof that it is what the Commission's file said."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from regulator.core.limits import public_page
from regulator.disclosure import record as records


@public_page
def record(request: HttpRequest, kind: str, ec_ref: str) -> HttpResponse:
    view = records.record_view(kind=kind, ec_ref=ec_ref)
    if view is None:
        raise Http404
    context = {
        "view": view,
        "kind": kind,
        "title": records.kind_title(kind),
        "proof_url": reverse("api:record_proof", kwargs={"kind": kind, "ec_ref": ec_ref}),
        "api_url": reverse("api:record", kwargs={"kind": kind, "ec_ref": ec_ref}),
        "search_url": reverse(
            {"donations": "disclosure:search", "loans": "disclosure:search_loans"}.get(
                kind, "disclosure:search_spending"
            )
        ),
    }
    return render(request, "disclosure/record.html", context)
