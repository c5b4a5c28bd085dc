"""Keeping the remembered answers tidy (``answer_cache``): answers computed before the
last change to their kind's published rows are never served; this drops them."""

from __future__ import annotations

from regulator.finance import answer_cache


def answers_stale_drop() -> int:
    """Delete every answer older than its kind's generation; returns how many."""
    return answer_cache.stale_answers_drop()
