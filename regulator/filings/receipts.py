"""The receipt email of a submitted version, sent by the task ``receipt_email_send`` in
the language the version was submitted in."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from regulator.core import clock, notify
from regulator.filings.models import ReturnVersion


def receipt_email(version: ReturnVersion, user: Any, language: str) -> None:
    """The receipt email of a submitted version, in the language it was submitted in
    (sent by the task ``receipt_email_send``)."""
    filed_return = version.filed_return
    with translation.override(language):
        subject = _("Return received: %(reference)s") % {"reference": version.receipt_reference}
        body = _(
            "We received the %(kind)s for %(period)s from %(entity)s at %(when)s. "
            "Your receipt reference is %(reference)s."
        ) % {
            "kind": filed_return.get_kind_display(),
            "period": filed_return.period_name,
            "entity": filed_return.entity.name,
            "when": clock.to_local(version.submitted_at).strftime("%d/%m/%Y %H:%M"),  # type: ignore[arg-type]  # a submitted version has its time
            "reference": version.receipt_reference,
        }
    notify.send_email(
        email_address=user.email,
        template_id=notify.generic_template_id(),
        personalisation={"subject": subject, "body": body},
        reference=version.receipt_reference,
    )
