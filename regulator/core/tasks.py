"""Tasks of the core area."""

from __future__ import annotations

from django_tasks import task


@task()
def ping() -> str:
    """A no-op used by operators and tests to prove that a worker drains the queue."""
    return "pong"
