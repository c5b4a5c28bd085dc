"""Tasks of the donors area.

An import of published files or a publication enqueues ``donors_resolve_task`` (one line
in the caller: ``transaction.on_commit(lambda: donors_resolve_task.enqueue(reason=...))``);
the worker (``manage.py db_worker``) runs an incremental resolution, which does nothing
when the published records and the analysts' decisions are unchanged since the last run.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from regulator.audit.types import Actor


@task()
def donors_resolve_task(reason: str = "", full: bool = False) -> dict[str, Any]:
    """Resolve the published donations and loans into donors (incremental unless full)."""
    from regulator.donors.models import DonorLink
    from regulator.donors.services import resolution_run
    from regulator.donors.sources import donor_records_source

    records = list(donor_records_source())
    if not records and not DonorLink.objects.exists():
        return {"run": None, "records": 0, "donors": 0, "review_pairs": 0}
    run = resolution_run(
        records=records,
        full=full,
        actor=Actor.system("task donors_resolve_task"),
        source=("published: " + reason)[:200] if reason else "published",
    )
    return {
        "run": run.pk,
        "records": run.record_count,
        "donors": run.donor_count,
        "review_pairs": run.review_count,
    }
