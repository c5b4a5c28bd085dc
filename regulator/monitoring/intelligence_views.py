"""Staff pages of the intelligence log: investigators and finance analysts only (every
other role, case decision makers included, is refused)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from regulator.core.errors import InvalidValueError
from regulator.core.permissions import permission_required
from regulator.monitoring import selectors, services
from regulator.monitoring.forms import IntelligenceForm

LIST_LIMIT = 500


@require_safe
@permission_required("monitoring.intelligence")
def intelligence_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.intelligence_all()[: LIST_LIMIT + 1])
    return render(
        request,
        "monitoring/intelligence_list.html",
        {"entries": rows[:LIST_LIMIT], "more": len(rows) > LIST_LIMIT},
    )


@require_http_methods(["GET", "POST"])
@permission_required("monitoring.intelligence")
def intelligence_new(request: HttpRequest) -> HttpResponse:
    form = IntelligenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = selectors.alerts_by_references(data["alerts"])
        unknown = [r for r in data["alerts"] if r not in {a.reference for a in found}]
        upload = data["attachment"]
        if unknown:
            form.add_error(
                "alerts", _("There is no alert %(reference)s.") % {"reference": unknown[0]}
            )
        else:
            try:
                entry = services.intelligence_record(
                    actor=request.user,
                    title=data["title"],
                    body=data["body"],
                    source_evaluation=data["source_evaluation"],
                    assessment=data["assessment"],
                    handling=data["handling"],
                    handling_conditions=data["handling_conditions"],
                    entity_id=data["entity"],
                    donor_id=data["donor_id"],
                    alerts=found,
                    attachments=[(upload.name, upload.read())] if upload is not None else None,
                )
            except InvalidValueError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Entry %(reference)s is in the intelligence log.")
                    % {"reference": entry.reference},
                )
                return redirect("monitoring:intelligence_detail", reference=entry.reference)
    return render(request, "monitoring/intelligence_form.html", {"form": form})


@require_safe
@permission_required("monitoring.intelligence")
def intelligence_detail(request: HttpRequest, reference: str) -> HttpResponse:
    entry = selectors.intelligence_get(reference=reference)
    if entry is None:
        raise Http404
    return render(
        request,
        "monitoring/intelligence_detail.html",
        {"entry": entry, "alerts": entry.alerts.order_by("reference")},
    )
