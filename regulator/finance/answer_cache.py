"""Remembered answers over the published data: counts, facets and totals.

Over a million published rows an exact count or a grouping reads every matching index
entry (0.1 to 2 s on SQLite); the same few questions (everything, one entity, one year)
are asked again and again, and the published data changes only when something is
imported, published, withdrawn or corrected. So each answer is kept with the kind's
*generation*, a counter that every change to that kind's published rows raises in the
same transaction (``published_changed``); an answer kept under an older generation is
never served. ``disclosure_answers_warm`` (a periodic job) computes the unfiltered ones
ahead of the first visitor and drops the stale ones.

Only the writers in ``regulator/finance`` change published rows, and each calls
``published_changed``; ``test_answer_cache`` checks every one of them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connections, router, transaction
from django.db.models import F
from django.utils.translation import get_language

from regulator.core import clock
from regulator.finance.models import PublishedGeneration, RememberedAnswer

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Query parameters that change how an answer is shown, not which rows it counts.
NOT_FILTERS = frozenset(
    {"cursor", "page_size", "sort", "format", "facet", "group_by", "lang", "language"}
)


def published_changed(*kinds: str) -> None:
    """Raise the generation of each kind whose published rows the caller is changing.
    Call it inside the caller's transaction, so the answers go stale exactly when the
    change commits."""
    for kind in dict.fromkeys(kinds):
        updated = PublishedGeneration.objects.filter(kind=kind).update(number=F("number") + 1)
        if not updated:
            PublishedGeneration.objects.get_or_create(kind=kind, defaults={"number": 1})


def generation(kind: str) -> int:
    found = PublishedGeneration.objects.filter(kind=kind).values_list("number", flat=True).first()
    return int(found or 0)


def query_pairs(request: Any) -> list[tuple[str, str]]:
    """Every (name, value) of a request's query string (Django's or DRF's request)."""
    query = getattr(request, "query_params", None) or request.GET
    return [(name, value) for name, values in query.lists() for value in values]


def answer_key(namespace: str, params: Iterable[tuple[str, str]]) -> str:
    """The same question asked with its parameters in any order gives the same key; the
    language is part of it because answers carry translated labels."""
    wanted = sorted((name, value) for name, value in params if name not in NOT_FILTERS)
    text = json.dumps([namespace, get_language(), wanted], separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def remembered(
    kind: str, namespace: str, params: Iterable[tuple[str, str]], compute: Callable[[], T]
) -> T:
    """The answer to ``namespace`` over ``params``: the kept one if it is of the current
    generation, otherwise ``compute()``, kept for next time. ``compute`` must return
    something JSON can carry (numbers, strings, booleans, lists and dicts of them)."""
    key = answer_key(namespace, params)
    found, kept = _kept_answer(kind, key)
    if found:
        return kept
    current = generation(kind)
    started = time.perf_counter()
    # What JSON carries back, so the first answer is the same as every later one.
    payload = json.loads(json.dumps(compute(), cls=DjangoJSONEncoder))
    elapsed_ms = int((time.perf_counter() - started) * 1000)
    _keep(kind, key, current, payload, elapsed_ms)
    return payload


# One indexed lookup for the kept answer of the current generation (a kind with no
# generation row yet is at 0), written out so that a page's remembered answers cost no
# query compilation: asked on every page of the API and the search pages.
_KEPT_SQL = (
    "SELECT a.payload FROM finance_rememberedanswer a"
    " LEFT JOIN finance_publishedgeneration g ON g.kind = a.kind"
    " WHERE a.kind = %s AND a.key = %s AND a.generation = COALESCE(g.number, 0)"
)


def _kept_answer(kind: str, key: str) -> tuple[bool, Any]:
    """(True, the answer) when one of the current generation is kept, else (False, None)."""
    alias = router.db_for_read(RememberedAnswer)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(_KEPT_SQL, [kind, key])
        row = cursor.fetchone()
    if row is None:
        return False, None
    field = RememberedAnswer._meta.get_field("payload")
    return True, field.from_db_value(row[0], field.cached_col, connection)


def _keep(kind: str, key: str, current: int, payload: Any, elapsed_ms: int) -> None:
    """Keep the answer unless a newer one is kept already. A failure to keep (a
    read-only database, a replica, two requests racing) costs only the next request
    a recomputation, so it is logged and not raised."""
    try:
        with transaction.atomic():
            updated = RememberedAnswer.objects.filter(
                kind=kind, key=key, generation__lt=current
            ).update(
                generation=current, payload=payload, computed_at=clock.now(), compute_ms=elapsed_ms
            )
            if not updated and not RememberedAnswer.objects.filter(kind=kind, key=key).exists():
                RememberedAnswer.objects.create(
                    kind=kind,
                    key=key,
                    generation=current,
                    payload=payload,
                    computed_at=clock.now(),
                    compute_ms=elapsed_ms,
                )
    except DatabaseError as exc:
        logger.info("answer not kept (%s): %s", type(exc).__name__, exc)


def stale_answers_drop() -> int:
    """Delete every answer older than its kind's generation; returns how many."""
    dropped = 0
    kinds = set(RememberedAnswer.objects.values_list("kind", flat=True).distinct())
    for kind in kinds:
        dropped += RememberedAnswer.objects.filter(
            kind=kind, generation__lt=generation(kind)
        ).delete()[0]
    return dropped
