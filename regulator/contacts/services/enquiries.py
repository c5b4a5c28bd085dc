"""Writes about enquiries and interactions: logging an interaction, opening an enquiry
from any channel, assigning it, pausing and resuming its clock, extending it, and the
daily reminders. Due dates come from ``contacts.deadlines``."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.contacts import deadlines
from regulator.contacts.models import ClockEvent, Contact, Counter, Enquiry, Interaction, Team
from regulator.contacts.services.errors import ContactsErrorCode, error
from regulator.contacts.services.records_seam import (
    attachments_declare,
    records_hold_place,
    records_hold_release,
)
from regulator.contacts.types import (
    NATIONS,
    OPEN_STATES,
    Channel,
    EnquiryKind,
    EnquiryState,
    InteractionKind,
    Language,
    LanguageSource,
    PauseReason,
)
from regulator.core import clock, notify
from regulator.guidance import selectors as guidance_selectors
from regulator.register import selectors as register_selectors

REFERENCE_PREFIX = "ENQ-"
logger = logging.getLogger(__name__)


def interaction_log(
    *,
    actor: Any,
    kind: str,
    summary: str,
    body: str = "",
    contact: Contact | None = None,
    entity_id: int | None = None,
    enquiry: Enquiry | None = None,
    restricted_to: Team | None = None,
    guidance_slug: str = "",
    language: str = "",
    occurred_at: dt.datetime | None = None,
    external_id: str = "",
    attachments: list[tuple[str, bytes]] | None = None,
) -> Interaction:
    """Record one interaction on the timeline of a contact, an entity or both (any
    member of staff may; a restricted one is seen only by its team)."""
    summary = " ".join(summary.split())
    if not summary:
        raise error(ContactsErrorCode.SUBJECT_REQUIRED, _("Enter a summary."))
    if kind not in InteractionKind.values:
        raise error(ContactsErrorCode.BAD_CHOICE, _("Choose a kind of interaction."))
    if contact is None and entity_id is None and enquiry is None:
        raise error(
            ContactsErrorCode.NOTHING_TO_LINK, _("Choose the contact or the entity it was with.")
        )
    if entity_id is not None and register_selectors.entity_get(entity_id=entity_id) is None:
        raise error(
            ContactsErrorCode.UNKNOWN_ENTITY, _("There is no regulated entity with that number.")
        )
    if guidance_slug and guidance_selectors.document_get(slug=guidance_slug) is None:
        raise error(
            ContactsErrorCode.UNKNOWN_GUIDANCE, _("There is no guidance with that address.")
        )
    if enquiry is not None:
        contact = contact or enquiry.contact
        entity_id = entity_id if entity_id is not None else enquiry.entity_id
    with transaction.atomic():
        interaction = Interaction.objects.create(
            kind=kind,
            occurred_at=occurred_at or clock.now(),
            summary=summary[:200],
            body=body,
            language=language,
            contact=contact,
            entity_id=entity_id,
            enquiry=enquiry,
            restricted_to=restricted_to,
            guidance_slug=guidance_slug,
            external_id=external_id,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        kept = attachments_declare(interaction=interaction, files=attachments or [], actor=actor)
        _reactivate(contact)
        audit_record(
            actor=actor,
            action="contacts.interaction_logged",
            subject=interaction,
            payload={
                "kind": kind,
                "contact": contact.pk if contact else None,
                "entity_id": entity_id,
                "enquiry": enquiry.reference if enquiry else None,
                "restricted_to": restricted_to.slug if restricted_to else None,
                "attachments": [a["record"] for a in kept],
            },
        )
    return interaction


def _reactivate(contact: Contact | None) -> None:
    """Something happened with a contact marked inactive: they are active again (the
    clocks already started stay as they are: the earlier correspondence was inactive)."""
    if contact is not None:
        Contact.objects.filter(pk=contact.pk, inactive_since__isnull=False).update(
            inactive_since=None
        )
        contact.inactive_since = None


def _next_reference() -> str:
    counter, _created = Counter.objects.select_for_update().get_or_create(name="enquiry")
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{REFERENCE_PREFIX}{counter.last:06d}"


def team_default() -> Team:
    slug = str(getattr(settings, "CONTACTS_DEFAULT_TEAM", "enquiries"))
    team, _created = Team.objects.get_or_create(
        slug=slug, defaults={"name_en": "Enquiries", "name_cy": "Ymholiadau"}
    )
    return team


def enquiry_open(
    *,
    actor: Any,
    kind: str,
    subject: str,
    body: str,
    contact: Contact,
    channel: str,
    language: str = Language.ENGLISH,
    entity_id: int | None = None,
    team: Team | None = None,
    received_on: dt.date | None = None,
    nation: str = "",
    holds: list[str] | None = None,
    message_id: str = "",
    follows: Enquiry | None = None,
    attachments: list[tuple[str, bytes]] | None = None,
) -> Enquiry:
    """Open an enquiry (any channel) with its clock, and put what came in on the
    timeline. A contact with no recorded language gets the one they wrote in."""
    subject = " ".join(subject.split())
    if not subject:
        raise error(ContactsErrorCode.SUBJECT_REQUIRED, _("Enter a subject."))
    if kind not in EnquiryKind.values:
        raise error(ContactsErrorCode.BAD_CHOICE, _("Choose a kind of enquiry."))
    if channel not in Channel.values:
        raise error(ContactsErrorCode.BAD_CHOICE, _("Choose how the enquiry came in."))
    if language not in Language.values:
        raise error(ContactsErrorCode.BAD_CHOICE, _("Choose Welsh or English."))
    if entity_id is not None and register_selectors.entity_get(entity_id=entity_id) is None:
        raise error(
            ContactsErrorCode.UNKNOWN_ENTITY, _("There is no regulated entity with that number.")
        )
    if nation and nation not in NATIONS:
        raise error(ContactsErrorCode.BAD_CHOICE, _("Choose a nation of the UK."))
    if not nation and entity_id is not None:
        nation = register_selectors.entity_nation(entity_id=entity_id)
    nation = nation or "england-and-wales"
    received_on = received_on or clock.local_today()
    now = clock.now()
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            reference=_next_reference(),
            kind=kind,
            channel=channel,
            subject=subject[:200],
            body=body,
            language=language,
            contact=contact,
            entity_id=entity_id,
            team=team or team_default(),
            nation=nation,
            received_on=received_on,
            due_on=deadlines.due_date(kind, received_on, nation),
            follows=follows,
            created_at=now,
        )
        if not contact.language:
            contact.language = language
            contact.language_source = (
                LanguageSource.FORM
                if channel in (Channel.FORM, Channel.FILER)
                else LanguageSource.CORRESPONDENCE
            )
            contact.language_recorded_at = contact.updated_at = now
            contact.save(
                update_fields=["language", "language_source", "language_recorded_at", "updated_at"]
            )
        first = Interaction.objects.create(
            kind=InteractionKind.EMAIL_IN
            if channel in (Channel.EMAIL, Channel.FORM, Channel.FILER)
            else InteractionKind.NOTE,
            occurred_at=now,
            summary=subject[:200],
            body=body,
            language=language,
            contact=contact,
            entity_id=entity_id,
            enquiry=enquiry,
            external_id=message_id,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        kept = attachments_declare(interaction=first, files=attachments or [], actor=actor)
        _reactivate(contact)
        audit_record(
            actor=actor,
            action="contacts.enquiry_opened",
            subject=enquiry,
            payload={
                "reference": enquiry.reference,
                "kind": kind,
                "channel": channel,
                "language": language,
                "due_on": enquiry.due_on,
                "nation": nation,
                "attachments": [a["record"] for a in kept],
            },
        )
        records_hold_place(enquiry=enquiry, names=list(holds or []), actor=actor)
        if channel != Channel.STAFF and contact.email:
            transaction.on_commit(lambda: _acknowledge(enquiry))
    return enquiry


def _acknowledge(enquiry: Enquiry) -> None:
    """Tell the sender we have it, with its reference and when to expect an answer, in
    the enquiry's language (a failure to send is logged; the enquiry stands)."""
    with translation.override(enquiry.language):
        subject = _("We have your enquiry %(reference)s") % {"reference": enquiry.reference}
        body = _(
            "Thank you for contacting us. Your reference is %(reference)s: please quote it "
            "if you write again. We aim to reply by %(due)s. We welcome correspondence in Welsh."
        ) % {"reference": enquiry.reference, "due": date_format(enquiry.due_on, "j F Y")}
    try:
        notify.send_email(
            email_address=enquiry.contact.email,
            template_id=notify.generic_template_id(),
            personalisation={"subject": subject, "body": body},
            reference=enquiry.reference,
        )
    except (notify.NotifyError, requests.RequestException):
        logger.exception("contacts.acknowledgement_failed", extra={"reference": enquiry.reference})


def _require_open(enquiry: Enquiry) -> None:
    if enquiry.state not in OPEN_STATES:
        raise error(ContactsErrorCode.NOT_OPEN, _("This enquiry is no longer open."))


def enquiry_assign(
    *, actor: Any, enquiry: Enquiry, assignee: Any, team: Team | None = None
) -> Enquiry:
    _require_open(enquiry)
    team = team or enquiry.team
    if assignee is not None and not team.members.filter(pk=assignee.pk).exists():
        raise error(ContactsErrorCode.NOT_A_MEMBER, _("Choose a member of the team."))
    with transaction.atomic():
        enquiry.team = team
        enquiry.assignee = assignee
        if enquiry.state == EnquiryState.NEW:
            enquiry.state = EnquiryState.IN_PROGRESS
        enquiry.save(update_fields=["team", "assignee", "state"])
        audit_record(
            actor=actor,
            action="contacts.enquiry_assigned",
            subject=enquiry,
            payload={"team": team.slug, "assignee": assignee.pk if assignee else None},
        )
    return enquiry


PAUSABLE: dict[str, set[str]] = {
    PauseReason.FEE: {EnquiryKind.FOI, EnquiryKind.EIR},
    PauseReason.CLARIFICATION: {EnquiryKind.FOI, EnquiryKind.EIR, EnquiryKind.SAR},
}


def enquiry_pause(
    *, actor: Any, enquiry: Enquiry, reason: str, on: dt.date | None = None
) -> Enquiry:
    """Stop the clock while a fees notice is unpaid or clarification is awaited."""
    _require_open(enquiry)
    if enquiry.state == EnquiryState.PAUSED:
        raise error(ContactsErrorCode.ALREADY_PAUSED, _("The clock is already paused."))
    if reason not in PAUSABLE or enquiry.kind not in PAUSABLE[reason]:
        raise error(
            ContactsErrorCode.CANNOT_PAUSE,
            _("The clock of this kind of enquiry cannot pause for that."),
        )
    on = on or clock.local_today()
    with transaction.atomic():
        enquiry.state = EnquiryState.PAUSED
        enquiry.paused_since = on
        enquiry.pause_reason = reason
        enquiry.save(update_fields=["state", "paused_since", "pause_reason"])
        ClockEvent.objects.create(
            enquiry=enquiry,
            kind=ClockEvent.Kind.PAUSED,
            on=on,
            reason=reason,
            due_before=enquiry.due_on,
            due_after=enquiry.due_on,
            by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="contacts.clock_paused",
            subject=enquiry,
            payload={"reason": reason, "on": on},
        )
    return enquiry


def enquiry_resume(*, actor: Any, enquiry: Enquiry, on: dt.date | None = None) -> Enquiry:
    if enquiry.state != EnquiryState.PAUSED or enquiry.paused_since is None:
        raise error(ContactsErrorCode.NOT_PAUSED, _("The clock is not paused."))
    on = on or clock.local_today()
    with transaction.atomic():
        before = enquiry.due_on
        enquiry.due_on = deadlines.after_pause(
            enquiry.kind, enquiry.due_on, enquiry.paused_since, on, enquiry.nation
        )
        enquiry.state = EnquiryState.IN_PROGRESS
        enquiry.paused_since = None
        enquiry.pause_reason = ""
        enquiry.save(update_fields=["state", "paused_since", "pause_reason", "due_on"])
        ClockEvent.objects.create(
            enquiry=enquiry,
            kind=ClockEvent.Kind.RESUMED,
            on=on,
            due_before=before,
            due_after=enquiry.due_on,
            by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="contacts.clock_resumed",
            subject=enquiry,
            payload={"on": on, "due_before": before, "due_after": enquiry.due_on},
        )
    return enquiry


def enquiry_extend(*, actor: Any, enquiry: Enquiry, by: int, reason: str) -> Enquiry:
    """Extend the clock (public-interest test, complex EIR, subject access by up to two
    months), with the reason given to the requester."""
    _require_open(enquiry)
    reason = reason.strip()
    if not reason:
        raise error(ContactsErrorCode.REASON_REQUIRED, _("Give the reason for the extension."))
    rule = deadlines.rule_of(enquiry.kind)
    if by < 1 or enquiry.extension + by > rule.max_extension:
        raise error(
            ContactsErrorCode.BAD_EXTENSION,
            _("This kind of enquiry can be extended by at most %(most)s in all.")
            % {"most": rule.max_extension},
        )
    with transaction.atomic():
        before = enquiry.due_on
        enquiry.due_on = deadlines.extended(enquiry.kind, enquiry.due_on, by, enquiry.nation)
        enquiry.extension += by
        enquiry.extension_reason = reason
        enquiry.save(update_fields=["due_on", "extension", "extension_reason"])
        ClockEvent.objects.create(
            enquiry=enquiry,
            kind=ClockEvent.Kind.EXTENDED,
            on=clock.local_today(),
            reason=reason,
            due_before=before,
            due_after=enquiry.due_on,
            by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="contacts.clock_extended",
            subject=enquiry,
            payload={"by": by, "reason": reason, "due_before": before, "due_after": enquiry.due_on},
        )
    return enquiry


ESCALATES_TO: dict[str, str] = {
    EnquiryKind.COMPLAINT_STAGE_1: EnquiryKind.COMPLAINT_STAGE_2,
    EnquiryKind.FOI: EnquiryKind.INTERNAL_REVIEW,
    EnquiryKind.EIR: EnquiryKind.INTERNAL_REVIEW,
}


def enquiry_escalate(*, actor: Any, enquiry: Enquiry, reason: str) -> Enquiry:
    """Open the next stage: a stage 2 complaint after stage 1, an internal review after a
    FOI or EIR answer, with its own clock from today, linked to what it follows."""
    reason = reason.strip()
    if not reason:
        raise error(ContactsErrorCode.REASON_REQUIRED, _("Say what the requester asked for."))
    if enquiry.kind not in ESCALATES_TO:
        raise error(ContactsErrorCode.CANNOT_ESCALATE, _("This kind of enquiry has no next stage."))
    if enquiry.follow_ons.exists():
        raise error(ContactsErrorCode.CANNOT_ESCALATE, _("The next stage is already open."))
    with transaction.atomic():
        follow_on = enquiry_open(
            actor=actor,
            kind=ESCALATES_TO[enquiry.kind],
            subject=enquiry.subject,
            body=reason,
            contact=enquiry.contact,
            channel=Channel.STAFF,
            language=enquiry.language,
            entity_id=enquiry.entity_id,
            team=enquiry.team,
            nation=enquiry.nation,
            holds=list(enquiry.holds),
            follows=enquiry,
        )
        # The follow-on holds what this one named from now on, under its own clock.
        records_hold_release(enquiry=enquiry, actor=actor)
        if enquiry.state in OPEN_STATES or enquiry.state == EnquiryState.ANSWERED:
            enquiry.state = EnquiryState.CLOSED
            enquiry.save(update_fields=["state"])
        audit_record(
            actor=actor,
            action="contacts.enquiry_escalated",
            subject=enquiry,
            payload={"to": follow_on.reference, "kind": follow_on.kind, "reason": reason},
        )
    return follow_on


def enquiry_close(*, actor: Any, enquiry: Enquiry) -> Enquiry:
    with transaction.atomic():
        enquiry.state = EnquiryState.CLOSED
        enquiry.save(update_fields=["state"])
        records_hold_release(enquiry=enquiry, actor=actor)
        audit_record(actor=actor, action="contacts.enquiry_closed", subject=enquiry, payload={})
    return enquiry


def enquiries_remind(*, today: dt.date | None = None) -> list[Enquiry]:
    """Email the assignee (or every member of the team) of each open enquiry due within
    ``CONTACTS_REMIND_WORKING_DAYS`` working days, once."""
    today = today or clock.local_today()
    days = int(getattr(settings, "CONTACTS_REMIND_WORKING_DAYS", 3))
    reminded = []
    for enquiry in Enquiry.objects.filter(
        state__in=[EnquiryState.NEW, EnquiryState.IN_PROGRESS], reminded_on__isnull=True
    ).select_related("assignee", "team"):
        if deadlines.working_days_left(enquiry.due_on, today, enquiry.nation) > days:
            continue
        people = [enquiry.assignee] if enquiry.assignee else list(enquiry.team.members.all())
        with transaction.atomic():
            for person in people:
                if person.email:
                    notify.send_email(
                        email_address=person.email,
                        template_id=notify.generic_template_id(),
                        personalisation={
                            "subject": f"{enquiry.reference} is due on {enquiry.due_on:%d/%m/%Y}",
                            "body": f"{enquiry.reference}: {enquiry.subject}\nDue {enquiry.due_on:%d/%m/%Y}.",
                        },
                        reference=enquiry.reference,
                    )
            enquiry.reminded_on = today
            enquiry.save(update_fields=["reminded_on"])
            audit_record(
                actor=None,
                action="contacts.reminder_sent",
                subject=enquiry,
                payload={"to": [p.pk for p in people], "due_on": enquiry.due_on},
            )
        reminded.append(enquiry)
    return reminded
