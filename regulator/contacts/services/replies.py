"""Replies: in the language the Welsh Language Standards require (a Welsh enquiry gets a
Welsh reply; otherwise the contact's recorded preference), rendered from bilingual
templates and sent through GOV.UK Notify; and bulk messages sent in Welsh and English
together, honouring opt-outs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regulator.audit.services import audit_record
from regulator.contacts.models import Contact, Enquiry, Interaction, ReplyTemplate
from regulator.contacts.services.enquiries import interaction_log
from regulator.contacts.services.errors import ContactsErrorCode, error
from regulator.contacts.types import (
    OPEN_STATES,
    EnquiryState,
    InteractionKind,
    Language,
)
from regulator.core import clock, notify


@dataclass(frozen=True)
class LanguageRule:
    language: str
    why: str

    @property
    def label(self) -> str:
        return str(Language(self.language).label)


def reply_language(enquiry: Enquiry) -> LanguageRule:
    """The language a reply to ``enquiry`` must be in, and why."""
    contact = enquiry.contact
    if enquiry.language == Language.WELSH:
        return LanguageRule(Language.WELSH, _("The enquiry was written in Welsh."))
    if contact.language:
        when = (
            date_format(clock.to_local(contact.language_recorded_at), "j F Y")
            if contact.language_recorded_at
            else ""
        )
        return LanguageRule(
            contact.language,
            _("%(name)s's recorded language is %(language)s (recorded %(when)s).")
            % {"name": contact.name, "language": Language(contact.language).label, "when": when},
        )
    return LanguageRule(enquiry.language, _("The enquiry was written in English."))


def reply_check(enquiry: Enquiry, language: str) -> None:
    """Refuse, saying why, a reply in the wrong language."""
    rule = reply_language(enquiry)
    if language != rule.language:
        raise error(
            ContactsErrorCode.WRONG_LANGUAGE,
            _("This reply must be in %(language)s: %(why)s")
            % {"language": Language(rule.language).label, "why": rule.why},
        )


def template_render(template: ReplyTemplate, enquiry: Enquiry, language: str) -> tuple[str, str]:
    """The template's subject and body in ``language``, with the enquiry's reference,
    the contact's name and the due date filled in."""
    with translation.override(language):
        values = {
            "reference": enquiry.reference,
            "name": enquiry.contact.name,
            "subject": enquiry.subject,
            "due": date_format(enquiry.due_on, "j F Y"),
        }
        subject = template.subject_cy if language == Language.WELSH else template.subject_en
        body = template.body_cy if language == Language.WELSH else template.body_en
        for key, value in values.items():
            subject = subject.replace("((" + key + "))", value)
            body = body.replace("((" + key + "))", value)
    if enquiry.reference not in subject:
        subject = f"{subject} [{enquiry.reference}]"
    return subject, body


def reply_send(
    *,
    actor: Any,
    enquiry: Enquiry,
    language: str,
    subject: str,
    body: str,
    guidance_slug: str = "",
    answers: bool = True,
) -> Interaction:
    """Send a reply through Notify (the reference kept in the subject so that an answer
    threads), record it on the timeline, and mark the enquiry answered."""
    if enquiry.state not in OPEN_STATES and enquiry.state != EnquiryState.ANSWERED:
        raise error(ContactsErrorCode.NOT_OPEN, _("This enquiry is no longer open."))
    reply_check(enquiry, language)
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise error(ContactsErrorCode.EMPTY_REPLY, _("Enter the reply's subject and text."))
    if enquiry.reference not in subject:
        subject = f"{subject} [{enquiry.reference}]"
    if not enquiry.contact.email:
        raise error(ContactsErrorCode.NO_EMAIL, _("The contact has no email address."))
    try:
        sent = notify.send_email(
            email_address=enquiry.contact.email,
            template_id=notify.generic_template_id(),
            personalisation={"subject": subject, "body": body},
            reference=enquiry.reference,
        )
    except (notify.NotifyError, requests.RequestException) as exc:
        raise error(
            ContactsErrorCode.SEND_FAILED,
            _("GOV.UK Notify did not accept the reply: %(why)s") % {"why": exc},
        ) from exc
    with transaction.atomic():
        interaction = interaction_log(
            actor=actor,
            kind=InteractionKind.ADVICE if guidance_slug else InteractionKind.EMAIL_OUT,
            summary=subject,
            body=body,
            enquiry=enquiry,
            language=language,
            guidance_slug=guidance_slug,
            external_id=sent.id,
        )
        if answers:
            enquiry.state = EnquiryState.ANSWERED
            enquiry.answered_on = clock.local_today()
            enquiry.save(update_fields=["state", "answered_on"])
            audit_record(
                actor=actor,
                action="contacts.enquiry_answered",
                subject=enquiry,
                payload={
                    "language": language,
                    "notify_id": sent.id,
                    "late": enquiry.answered_on > enquiry.due_on,
                },
            )
    return interaction


@dataclass
class BulkResult:
    sent: int = 0
    opted_out: int = 0
    no_email: int = 0


def bulk_send(
    *,
    actor: Any,
    contacts: list[Contact],
    subject_en: str,
    body_en: str,
    subject_cy: str,
    body_cy: str,
) -> BulkResult:
    """One message to many: each gets Welsh and English together (their own language
    first), except those who opted out of bulk messages."""
    if not all(text.strip() for text in (subject_en, body_en, subject_cy, body_cy)):
        raise error(
            ContactsErrorCode.EMPTY_REPLY,
            _("Enter the subject and text in both Welsh and English."),
        )
    result = BulkResult()
    seen: set[str] = set()
    for contact in contacts:
        if contact.bulk_opt_out:
            result.opted_out += 1
            continue
        if not contact.email or contact.email in seen:
            result.no_email += 1 if not contact.email else 0
            continue
        seen.add(contact.email)
        welsh_first = contact.language == Language.WELSH
        parts = [(subject_cy, body_cy), (subject_en, body_en)]
        if not welsh_first:
            parts.reverse()
        subject = f"{parts[0][0]} / {parts[1][0]}"
        body = f"{parts[0][1]}\n\n---\n\n{parts[1][1]}"
        sent = notify.send_email(
            email_address=contact.email,
            template_id=notify.generic_template_id(),
            personalisation={"subject": subject, "body": body},
        )
        with transaction.atomic():
            Interaction.objects.create(
                kind=InteractionKind.EMAIL_OUT,
                occurred_at=clock.now(),
                summary=subject[:200],
                body=body,
                language="",
                contact=contact,
                external_id=sent.id,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        result.sent += 1
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="contacts.bulk_sent",
            subject=None,
            payload={"subject_en": subject_en, "sent": result.sent, "opted_out": result.opted_out},
        )
    return result


def template_save(
    *,
    actor: Any,
    slug: str,
    title: str,
    subject_en: str,
    body_en: str,
    subject_cy: str,
    body_cy: str,
) -> ReplyTemplate:
    if not all(text.strip() for text in (subject_en, body_en, subject_cy, body_cy)):
        raise error(
            ContactsErrorCode.EMPTY_REPLY,
            _("Enter the subject and text in both Welsh and English."),
        )
    with transaction.atomic():
        template, _created = ReplyTemplate.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "subject_en": subject_en,
                "body_en": body_en,
                "subject_cy": subject_cy,
                "body_cy": body_cy,
            },
        )
        audit_record(
            actor=actor, action="contacts.template_saved", subject=template, payload={"slug": slug}
        )
    return template
