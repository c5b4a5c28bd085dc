"""The shared mailbox: messages are taken over IMAP (``imaplib``), each stored whole
before anything else is done with it, then threaded onto its enquiry by the reference
in the subject (ENQ-000123), or opened as a new enquiry; a message that cannot be read or
matches no enquiry lands in the "needs a person" queue. Nothing is lost: a message is
marked seen on the server only once it is stored."""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import imaplib
import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.db import transaction

from regulator.audit.services import audit_record
from regulator.contacts.models import Enquiry, MailMessage
from regulator.contacts.services.enquiries import enquiry_open, interaction_log
from regulator.contacts.services.people import contact_create
from regulator.contacts.types import (
    Channel,
    ContactKind,
    EnquiryKind,
    EnquiryState,
    InteractionKind,
    Language,
    LanguageSource,
    MailStatus,
)
from regulator.core import clock

logger = logging.getLogger(__name__)
REFERENCE = re.compile(r"\bENQ-(\d{6})\b", re.IGNORECASE)
ACTOR_LABEL = "shared mailbox"


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    user: str
    password: str
    use_ssl: bool = True
    folder: str = "INBOX"

    @classmethod
    def from_settings(cls) -> ImapSettings:
        return cls(
            host=str(getattr(settings, "CONTACTS_IMAP_HOST", "127.0.0.1")),
            port=int(getattr(settings, "CONTACTS_IMAP_PORT", 993)),
            user=str(getattr(settings, "CONTACTS_IMAP_USER", "")),
            password=str(getattr(settings, "CONTACTS_IMAP_PASSWORD", "")),
            use_ssl=bool(getattr(settings, "CONTACTS_IMAP_SSL", True)),
            folder=str(getattr(settings, "CONTACTS_IMAP_FOLDER", "INBOX")),
        )


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else ""


def _language_of(message: EmailMessage) -> str:
    declared = str(message.get("Content-Language", "")).strip().lower()
    return Language.WELSH if declared.startswith("cy") else Language.ENGLISH


def mail_receive(*, raw: bytes, uid: str = "") -> MailMessage:
    """Store one raw message and deal with it; the same message twice is stored once."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        message_id = str(message.get("Message-ID", "")).strip()
        sender = parseaddr(str(message.get("From", "")))[1].strip().lower()
        subject = " ".join(str(message.get("Subject", "")).split())
        body = _text_of(message)
        problem = "" if "@" in sender else "no sender address"
    except Exception as exc:
        message, message_id, sender, subject, body = None, "", "", "", ""
        problem = f"unreadable: {type(exc).__name__}"
    message_id = message_id[:255] or "sha256:" + hashlib.sha256(raw).hexdigest()
    existing = MailMessage.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing
    actor = None
    with transaction.atomic():
        stored = MailMessage.objects.create(
            message_id=message_id,
            mailbox_uid=uid,
            raw=raw,
            sender=sender[:255],
            subject=subject[:255],
            received_at=clock.now(),
            status=MailStatus.NEEDS_PERSON,
            problem=problem,
        )
        audit_record(
            actor=actor,
            action="contacts.mail_received",
            subject=stored,
            payload={"message_id": message_id, "sender": sender},
        )
    if problem or message is None:
        return stored
    try:
        _file(stored, message, body)
    except Exception as exc:
        logger.exception("contacts.mail_filing_failed", extra={"message_id": message_id})
        stored.problem = f"could not be filed: {type(exc).__name__}"
        stored.save(update_fields=["problem"])
    return stored


def _attachments_of(message: EmailMessage) -> list[tuple[str, bytes]]:
    """The files attached to a message, each as (name, bytes)."""
    files = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True)
        if isinstance(data, bytes) and data:
            files.append((part.get_filename() or "attachment", data))
    return files


def _file(stored: MailMessage, message: EmailMessage, body: str) -> None:
    from regulator.contacts import selectors

    language = _language_of(message)
    files = _attachments_of(message)
    match = REFERENCE.search(stored.subject)
    with transaction.atomic():
        if match:
            enquiry = Enquiry.objects.filter(reference=f"ENQ-{match.group(1)}").first()
            if enquiry is None:
                stored.problem = "names an enquiry that does not exist"
                stored.save(update_fields=["problem"])
                return
            interaction_log(
                actor=None,
                kind=InteractionKind.EMAIL_IN,
                summary=stored.subject or enquiry.subject,
                body=body,
                enquiry=enquiry,
                language=language,
                external_id=stored.message_id,
                attachments=files,
            )
            if enquiry.state == EnquiryState.ANSWERED:
                enquiry.state = EnquiryState.IN_PROGRESS
                enquiry.save(update_fields=["state"])
            stored.status = MailStatus.THREADED
            stored.enquiry = enquiry
        else:
            contact = selectors.contact_by_email(email=stored.sender) or contact_create(
                actor=None,
                kind=ContactKind.PERSON,
                name=parseaddr(str(message.get("From", "")))[0] or stored.sender,
                email=stored.sender,
                language=language,
                language_source=LanguageSource.CORRESPONDENCE,
            )
            stored.enquiry = enquiry_open(
                actor=None,
                kind=EnquiryKind.GENERAL,
                subject=stored.subject or "(no subject)",
                body=body,
                contact=contact,
                channel=Channel.EMAIL,
                language=language,
                message_id=stored.message_id,
                attachments=files,
            )
            stored.status = MailStatus.NEW_ENQUIRY
        stored.save(update_fields=["status", "enquiry"])


def mailbox_poll(*, imap: ImapSettings | None = None) -> list[MailMessage]:
    """Take every unseen message from the shared mailbox; mark each seen once stored."""
    imap = imap or ImapSettings.from_settings()
    client_class: Any = imaplib.IMAP4_SSL if imap.use_ssl else imaplib.IMAP4
    taken: list[MailMessage] = []
    client = client_class(imap.host, imap.port, timeout=30)
    try:
        client.login(imap.user, imap.password)
        client.select(imap.folder)
        status, data = client.uid("SEARCH", "UNSEEN")
        if status != "OK":
            raise imaplib.IMAP4.error(f"SEARCH answered {status}")
        for uid in (data[0] or b"").split():
            status, parts = client.uid("FETCH", uid.decode(), "(RFC822)")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if status != "OK" or raw is None:
                continue
            taken.append(mail_receive(raw=bytes(raw), uid=uid.decode()))
            client.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)")
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return taken
