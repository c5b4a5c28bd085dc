"""Deadline reminders and late flags (``manage.py filings_reminders``, run daily).

For every return with a deadline and no submitted version:

- 14 days or fewer before the deadline (and more than 3): the "due-14" reminder;
- 3 days or fewer before (up to and including the due date): the "due-3" reminder;
- after the due date has ended in Europe/London: the return is flagged late and the
  "late" notice goes out.

Dates are counted in Europe/London through ``regulator.core.clock``. One ``Reminder`` row
per return and milestone (unique) makes the command idempotent: run it as often as you
like, each milestone is sent once. A missed milestone is not sent late: a job that did
not run until 2 days before sends only the 3-day reminder. The emails go to the
declaring members (treasurer, deputy treasurer, responsible person, donee) of the entity,
and the late notice also to the filer who started the return; each email is in English
and Welsh, and goes out after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.core import clock, notify
from regulator.filings.models import FiledReturn, Reminder, ReturnVersion
from regulator.filings.rules.deadlines import is_late


class Milestone:
    DUE_14 = "due-14"
    DUE_3 = "due-3"
    LATE = "late"


@dataclass
class ReminderSummary:
    sent: dict[str, int] = field(default_factory=lambda: {"due-14": 0, "due-3": 0, "late": 0})
    emails: int = 0
    flagged_late: int = 0


def milestone_for(due: dt.date, now: dt.datetime) -> str | None:
    """Which milestone a return due on ``due`` has reached at ``now`` (London dates)."""
    if is_late(now, due):
        return Milestone.LATE
    days_left = (due - clock.to_local(now).date()).days
    if days_left <= 3:
        return Milestone.DUE_3
    if days_left <= 14:
        return Milestone.DUE_14
    return None


def outstanding_returns() -> Any:
    """Returns with a deadline of which no version has been submitted."""
    submitted = ReturnVersion.objects.filter(
        filed_return=OuterRef("pk"), receipt_reference__isnull=False
    )
    return (
        FiledReturn.objects.filter(due_date__isnull=False)
        .exclude(Exists(submitted))
        .select_related("entity", "created_by")
        .order_by("due_date", "pk")
    )


def recipients(filed_return: FiledReturn, milestone: str) -> list[str]:
    from regulator.register import selectors as register_selectors
    from regulator.register.types import DECLARING_ROLES

    emails = [
        email
        for email in register_selectors.member_emails_with_roles(
            entity_id=filed_return.entity_id, roles=DECLARING_ROLES
        )
        if email
    ]
    creator = filed_return.created_by
    if milestone == Milestone.LATE and creator.is_active and creator.email:
        emails.append(creator.email)
    return sorted(set(emails))


def _message(filed_return: FiledReturn, milestone: str) -> tuple[str, str]:
    due = filed_return.due_date.strftime("%d/%m/%Y") if filed_return.due_date else ""
    values = {
        "kind": filed_return.get_kind_display(),
        "period": filed_return.period_name,
        "entity": filed_return.entity.name,
        "due": due,
    }
    if milestone == Milestone.LATE:
        subject = _("Late: the %(kind)s for %(period)s") % values
        body = (
            _(
                "The %(kind)s of %(entity)s for %(period)s was due by %(due)s and has not been "
                "submitted. It is now late. Submit it as soon as you can: delivering a return "
                "late is an offence and can lead to a fine."
            )
            % values
        )
    elif milestone == Milestone.DUE_3:
        subject = _("Due in 3 days: the %(kind)s for %(period)s") % values
        body = (
            _(
                "The %(kind)s of %(entity)s for %(period)s is due by %(due)s, in 3 days or "
                "fewer, and has not been submitted yet."
            )
            % values
        )
    else:
        subject = _("Due in 14 days: the %(kind)s for %(period)s") % values
        body = (
            _(
                "The %(kind)s of %(entity)s for %(period)s is due by %(due)s, in 14 days or "
                "fewer, and has not been submitted yet."
            )
            % values
        )
    return subject, body


def bilingual_message(filed_return: FiledReturn, milestone: str) -> tuple[str, str]:
    """(subject, body) in English then Welsh."""
    with translation.override("en"):
        subject_en, body_en = _message(filed_return, milestone)
    with translation.override("cy"):
        subject_cy, body_cy = _message(filed_return, milestone)
    return f"{subject_en} / {subject_cy}", f"{body_en}\n\n{body_cy}"


def _send(addresses: list[str], subject: str, body: str, reference: str) -> None:
    for address in addresses:
        notify.send_email(
            email_address=address,
            template_id=notify.generic_template_id(),
            personalisation={"subject": subject, "body": body},
            reference=reference,
        )


def reminder_send(*, filed_return: FiledReturn, milestone: str, actor: Any) -> list[str] | None:
    """Record and send one milestone of one return; None when it was already sent."""
    try:
        with transaction.atomic():
            locked = FiledReturn.objects.select_for_update().get(pk=filed_return.pk)
            if Reminder.objects.filter(filed_return=locked, milestone=milestone).exists():
                return None
            now = clock.now()
            Reminder.objects.create(filed_return=locked, milestone=milestone, sent_at=now)
            if milestone == Milestone.LATE and not locked.is_late:
                locked.is_late = True
                locked.save(update_fields=["is_late"])
            addresses = recipients(filed_return, milestone)
            audit_record(
                actor=actor,
                action="filings.reminder_sent",
                subject=locked,
                payload={
                    "milestone": milestone,
                    "due": str(locked.due_date),
                    "recipients": len(addresses),
                },
            )
            subject, body = bilingual_message(filed_return, milestone)
            reference = f"reminder-{locked.pk}-{milestone}"
            transaction.on_commit(lambda: _send(addresses, subject, body, reference))
            return addresses
    except IntegrityError:  # another run recorded it first
        return None


def reminders_send(*, actor: Any) -> ReminderSummary:
    """Send every reminder and late notice due now (idempotent)."""
    summary = ReminderSummary()
    now = clock.now()
    for filed_return in outstanding_returns():
        assert filed_return.due_date is not None
        milestone = milestone_for(filed_return.due_date, now)
        if milestone is None:
            continue
        addresses = reminder_send(filed_return=filed_return, milestone=milestone, actor=actor)
        if addresses is None:
            continue
        summary.sent[milestone] += 1
        summary.emails += len(addresses)
        if milestone == Milestone.LATE:
            summary.flagged_late += 1
    return summary
