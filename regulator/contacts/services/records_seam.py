"""Contacts' documents in the records store: files that come with interactions (attachments
as records, whose clock runs from the day the contact becomes inactive), and the holds
of information requests.

FOIA s.77 makes it an offence to destroy information once it has been requested: an
open FOI, EIR or subject access request (and its internal review) holds what it names
in the records area until it is closed.

What a request names is kept on the enquiry (``Enquiry.holds``, as the requester put
it). Names that are record references (``REC-…``) hold those records; a request about a
regulated entity also holds every record of that entity. The hold is a records hold of
kind "request", owned by the enquiry's assignee (or whoever opened it, or a contacts
manager), reviewed on the enquiry's due date, and released when the enquiry closes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from regulator.audit.services import audit_record
from regulator.contacts.models import Enquiry
from regulator.contacts.types import (
    DEFAULT_RETENTION_CLASS,
    HOLDING_KINDS,
    records_hold_subject,
)
from regulator.core import clock
from regulator.identity import selectors as identity_selectors
from regulator.identity.types import StaffRole
from regulator.records import selectors as records_selectors
from regulator.records import services as records_services
from regulator.records.types import HoldKind


def _owner(enquiry: Enquiry, actor: Any) -> Any:
    if enquiry.assignee is not None:
        return enquiry.assignee
    if getattr(actor, "is_authenticated", False) and hasattr(actor, "get_username"):
        return actor
    for role in (StaffRole.CONTACTS_MANAGER, StaffRole.RECORDS_MANAGER):
        staff = identity_selectors.staff_with_role(role=role)
        if staff:
            return staff[0]
    return None


def records_hold_place(*, enquiry: Enquiry, names: list[str], actor: Any = None) -> None:
    """Keep what an open information request names, and hold it in records."""
    if enquiry.kind not in HOLDING_KINDS or not names:
        return
    enquiry.holds = sorted({*enquiry.holds, *names})
    enquiry.save(update_fields=["holds"])
    named = [
        record
        for name in enquiry.holds
        if (record := records_selectors.record_get(reference=name.strip())) is not None
    ]
    owner = _owner(enquiry, actor)
    hold = None
    if (named or enquiry.entity_id is not None) and owner is not None:
        hold = records_services.hold_place(
            kind=HoldKind.REQUEST,
            title=f"{enquiry.reference}: {enquiry.subject}"[:200],
            reason=(
                f"Information request {enquiry.reference} is open (FOIA s.77): "
                + "; ".join(enquiry.holds)
            ),
            owner=owner,
            review_on=max(enquiry.due_on, clock.local_today() + dt.timedelta(days=1)),
            subject=records_hold_subject(enquiry.reference),
            records=named,
            query_entity=enquiry.entity_id,
            actor=actor,
        )
    audit_record(
        actor=actor,
        action="contacts.records_hold_requested",
        subject=enquiry,
        payload={
            "names": enquiry.holds,
            "hold": hold.reference if hold is not None else None,
            "records": [record.reference for record in named],
        },
    )


def records_hold_release(*, enquiry: Enquiry, actor: Any = None) -> None:
    """Release the records holds of a closed request (a follow-on has its own)."""
    released = []
    for hold in records_selectors.holds_active().filter(
        subject=records_hold_subject(enquiry.reference)
    ):
        records_services.hold_release(
            hold=hold, reason=f"Information request {enquiry.reference} closed", actor=actor
        )
        released.append(hold.reference)
    if enquiry.holds:
        audit_record(
            actor=actor,
            action="contacts.records_hold_released",
            subject=enquiry,
            payload={"names": enquiry.holds, "holds": released},
        )


ATTACHMENT_SOURCE = "contacts.interaction"


def attachments_declare(
    *, interaction: Any, files: list[tuple[str, bytes]], actor: Any = None
) -> list[dict[str, Any]]:
    """Keep the files that came with an interaction as records, in the contact's retention
    class (CON-COR unless staff chose another), and note them on the interaction."""
    from regulator.records.types import Declaration

    contact = interaction.contact
    record_class = contact.retention_class if contact is not None else DEFAULT_RETENTION_CLASS
    kept = list(interaction.attachments)
    for name, data in files:
        if not data:
            continue
        number = len(kept) + 1
        record = records_services.record_declare(
            declaration=Declaration(
                record_class=record_class,
                title=f"{interaction.summary[:200]}: {name}"[:300],
                source=ATTACHMENT_SOURCE,
                source_id=f"{interaction.pk}/{number}",
                file_name=name,
                entity=interaction.entity_id,
                personal={"contact": contact.name} if contact is not None else None,
                language="Welsh" if interaction.language == "cy" else "English",
            ),
            content=data,
            actor=actor,
        )
        kept.append(
            {"record": record.reference, "sha256": record.sha256, "name": name, "size": len(data)}
        )
    if kept != interaction.attachments:
        interaction.attachments = kept
        interaction.save(update_fields=["attachments"])
    return kept


def correspondence_inactive(*, contact: Any, on: dt.date, actor: Any = None) -> int:
    """A contact became inactive: the retention clock of every file of their
    correspondence runs from ``on`` (trigger contact-inactive)."""
    from regulator.records.types import Trigger

    started = 0
    for interaction in contact.interactions.all():
        for number in range(1, len(interaction.attachments) + 1):
            started += records_services.record_event(
                source=ATTACHMENT_SOURCE,
                source_id=f"{interaction.pk}/{number}",
                trigger=Trigger.CONTACT_INACTIVE,
                occurred_on=on,
                actor=actor,
            )
    return started
