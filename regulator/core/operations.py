"""Operations endpoints: liveness, readiness and Prometheus metrics (outside /cy/)."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView
from django_tasks_db.models import DBTaskResult

from regulator.core import clock

# A queue whose oldest waiting task is older than this means no worker is draining it.
MAX_QUEUE_WAIT = timedelta(minutes=15)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. No dependencies, so a slow database never gets a
    healthy process restarted."""
    return JsonResponse({"status": "ok"})


def _check_database() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"status": "fail", "error": type(exc).__name__}
    return {"status": "ok", "vendor": connection.vendor}


def _check_task_queue() -> dict[str, object]:
    try:
        waiting = DBTaskResult.objects.ready()
        count = waiting.count()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError as exc:
        return {"status": "fail", "error": type(exc).__name__}
    wait_seconds = (clock.now() - oldest).total_seconds() if oldest else 0.0
    status = "fail" if wait_seconds > MAX_QUEUE_WAIT.total_seconds() else "ok"
    return {"status": status, "waiting": count, "oldest_wait_seconds": round(wait_seconds, 1)}


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and the task queue is being drained."""
    checks = {"database": _check_database()}
    if checks["database"]["status"] == "ok":
        checks["task_queue"] = _check_task_queue()
    ready = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503
    )


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition; in production only with the monitoring system's token."""
    if settings.METRICS_REQUIRE_TOKEN:
        expected = settings.METRICS_TOKEN
        header = request.headers.get("Authorization", "")
        supplied = header.removeprefix("Bearer ").strip()
        if not expected or not hmac.compare_digest(supplied.encode(), expected.encode()):
            return JsonResponse(
                {"code": "metrics_token_required", "message": "A valid bearer token is required."},
                status=401,
            )
    return ExportToDjangoView(request)
