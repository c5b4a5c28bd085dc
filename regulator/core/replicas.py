"""Public reads from PostgreSQL streaming replicas, writes and your own reads on the primary.

With ``DATABASE_REPLICA_URLS`` set, each replica is a database alias (``replica1``, …).
A request may read from a replica only when it is a safe method (GET, HEAD), from a
visitor who is not signed in, and who has not written anything in the last
``REPLICA_PIN_SECONDS`` (a cookie set after any unsafe request pins them to the primary,
so a person always reads their own writes). A replica is used only while it answers and
its replay lag is within ``REPLICA_MAX_LAG_SECONDS``; otherwise reads fall back to the
primary. Health is checked at most every ``REPLICA_HEALTH_TTL_SECONDS`` per process.
"""

from __future__ import annotations

import contextvars
import random
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "regulator_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_reads_may_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reads_may_use_replica", default=False
)
# alias -> (checked at, healthy)
_health: dict[str, tuple[float, bool]] = {}

LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN NULL
  WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())), 0)
END
"""


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def replica_lag_seconds(alias: str) -> float | None:
    """The replica's replay lag in seconds (0 when caught up); None if it is no replica."""
    with connections[alias].cursor() as cursor:
        cursor.execute(LAG_SQL)
        row = cursor.fetchone()
    return None if row is None or row[0] is None else float(row[0])


def replica_is_healthy(alias: str, *, now: float | None = None) -> bool:
    moment = time.monotonic() if now is None else now
    cached = _health.get(alias)
    if cached is not None and moment - cached[0] < settings.REPLICA_HEALTH_TTL_SECONDS:
        return cached[1]
    try:
        lag = replica_lag_seconds(alias)
        healthy = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    except DatabaseError:
        healthy = False
        connections[alias].close()
    _health[alias] = (moment, healthy)
    return healthy


def forget_replica_health() -> None:
    _health.clear()


def healthy_replica() -> str | None:
    candidates = [alias for alias in replica_aliases() if replica_is_healthy(alias)]
    return random.choice(candidates) if candidates else None  # noqa: S311 - load spreading


class use_replica_for_reads:  # noqa: N801 - used as a context manager, like atomic
    """Allow reads in this block to go to a healthy replica (the middleware's switch)."""

    def __enter__(self) -> None:
        self._token = _reads_may_use_replica.set(True)

    def __exit__(self, *exc: object) -> None:
        _reads_may_use_replica.reset(self._token)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        meta = getattr(model, "_meta", None)
        if meta is not None and meta.app_label == "django_cache":
            # The shared cache holds security counters: never a lagging copy of them.
            return "default"
        if not _reads_may_use_replica.get() or not replica_aliases():
            return None
        return healthy_replica()

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


class ReplicaReadMiddleware:
    """Decide per request whether its reads may go to a replica; pin writers to the
    primary for a while after they write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
        signed_in = getattr(getattr(request, "user", None), "is_authenticated", False)
        if signed_in or PIN_COOKIE in request.COOKIES:
            return self.get_response(request)
        with use_replica_for_reads():
            return self.get_response(request)
