"""The publication approver's queue of concluded investigations and the publish page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regulator.cases import forms, selectors, services
from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_required


@require_safe
@permission_required("cases.publish_outcome")
def publish_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/publish_queue.html", {"cases": selectors.publication_queue()})


@require_http_methods(["GET", "POST"])
@permission_required("cases.publish_outcome")
def publish(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_publication(reference=reference)
    if case is None:
        raise Http404
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_publish(
                case=case,
                actor=request.user,
                summary_en=form.cleaned_data["summary_en"],
                summary_cy=form.cleaned_data["summary_cy"],
            )
        except InvalidValueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The outcome of %(reference)s is published.") % {"reference": case.reference},
            )
            return redirect("cases:publish_queue")
    return render(
        request,
        "cases/publish.html",
        {"case": case, "form": form, "sanctions": selectors.sanctions_of(case)},
    )
