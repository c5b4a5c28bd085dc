"""Background work of the disclosure area (enqueued only by its services)."""

from __future__ import annotations

from django_tasks import task


@task()
def webhook_delivery_task(*, delivery_id: int) -> None:
    from regulator.disclosure.services.webhooks import webhook_delivery_attempt

    webhook_delivery_attempt(delivery_id=delivery_id)
