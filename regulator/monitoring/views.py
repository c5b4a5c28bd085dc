"""Staff pages of monitoring (thin: services write, selectors read)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from regulator.core.permissions import permission_required
from regulator.monitoring import selectors


@require_safe
@permission_required("monitoring.view_monitoring")
def alerts(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/alerts.html", {"alerts": selectors.alerts_open()})
