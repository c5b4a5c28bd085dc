"""Tasks of the filings area.

The receipt email of a submission is a task enqueued *inside* the submission's
transaction (the database queue is a table): it exists exactly when the submission
committed, so a crash between the commit and the send cannot lose it, and the worker
(``manage.py db_worker``) sends it once.
"""

from __future__ import annotations

from django_tasks import task


@task()
def receipt_email_send(version_id: int, user_id: int, language: str) -> str:
    """Send the receipt of a submitted version to the user who submitted it."""
    from django.contrib.auth import get_user_model

    from regulator.filings.models import ReturnVersion
    from regulator.filings.receipts import receipt_email

    version = ReturnVersion.objects.select_related("filed_return__entity").get(pk=version_id)
    user = get_user_model().objects.get(pk=user_id)
    receipt_email(version, user, language)
    return str(version.receipt_reference)
