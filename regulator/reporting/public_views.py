"""Public pages of reporting: the performance figures the regulator publishes (from its
frozen packs), and the feedback question asked on the completion pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from regulator.reporting import selectors, services
from regulator.reporting.catalogue import Result
from regulator.reporting.forms import FeedbackForm

JOURNEYS = {"filing", "registration"}


@require_safe
def public_performance(request: HttpRequest) -> HttpResponse:
    packs = list(selectors.packs_all()[:40])
    chosen = request.GET.get("pack", "")
    pack = next((p for p in packs if str(p.pk) == chosen), packs[0] if packs else None)
    results = (
        [r for r in (Result.from_dict(d) for d in pack.measures) if r.published]
        if pack is not None
        else []
    )
    return render(
        request,
        "reporting/public.html",
        {"pack": pack, "packs": packs, "results": results},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    journey = request.GET.get("journey", "") or request.POST.get("journey", "")
    journey = journey if journey in JOURNEYS else "other"
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            services.feedback_record(
                journey=journey,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
            return redirect(f"{request.path}?sent=1")
        return render(request, "reporting/feedback.html", {"form": form}, status=400)
    if request.GET.get("sent"):
        return render(request, "reporting/feedback_thanks.html")
    return render(
        request, "reporting/feedback.html", {"form": FeedbackForm(initial={"journey": journey})}
    )
