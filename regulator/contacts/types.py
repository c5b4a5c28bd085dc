"""Public types of contacts: kinds of contact, interaction and enquiry, their states,
languages and the clock rules other areas (cases, reporting) may read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from regulator.core.hooks import Hook


class ContactKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


class LanguageSource(models.TextChoices):
    """How a preferred language came to be recorded."""

    ASKED = "asked", _("Asked and answered")
    FORM = "form", _("Chosen on a form")
    CORRESPONDENCE = "correspondence", _("Wrote to us in that language")
    STAFF = "staff", _("Recorded by staff")


class LawfulBasis(models.TextChoices):
    PUBLIC_TASK = "public-task", _("Public task")
    LEGAL_OBLIGATION = "legal-obligation", _("Legal obligation")
    CONSENT = "consent", _("Consent")
    LEGITIMATE_INTERESTS = "legitimate-interests", _("Legitimate interests")


class EntityRole(models.TextChoices):
    """What a contact is to a regulated entity."""

    TREASURER = "treasurer", _("Treasurer")
    LEADER = "leader", _("Leader")
    NOMINATING_OFFICER = "nominating-officer", _("Nominating officer")
    CAMPAIGNS_OFFICER = "campaigns-officer", _("Campaigns officer")
    RESPONSIBLE_PERSON = "responsible-person", _("Responsible person")
    AGENT = "agent", _("Agent")
    STAFF = "staff", _("Staff member")
    OTHER = "other", _("Other")


class RelationKind(models.TextChoices):
    WORKS_FOR = "works-for", _("Works for")
    REPRESENTS = "represents", _("Represents")
    AGENT_OF = "agent-of", _("Agent of")


class InteractionKind(models.TextChoices):
    EMAIL_IN = "email-in", _("Email received")
    EMAIL_OUT = "email-out", _("Email sent")
    CALL = "call", _("Phone call")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")
    ADVICE = "advice", _("Advice given")
    NOTE = "note", _("Note")


class EnquiryKind(models.TextChoices):
    ADVICE_FINANCIAL = "advice-financial", _("Advice on financial reporting")
    ADVICE_REGISTRATION = "advice-registration", _("Advice on registration")
    GENERAL = "general", _("General enquiry")
    COMPLAINT_STAGE_1 = "complaint-1", _("Complaint (stage 1)")
    COMPLAINT_STAGE_2 = "complaint-2", _("Complaint (stage 2)")
    FOI = "foi", _("Freedom of information request")
    EIR = "eir", _("Environmental information request")
    SAR = "sar", _("Subject access request")
    INTERNAL_REVIEW = "internal-review", _("Internal review")


class EnquiryState(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in-progress", _("In progress")
    PAUSED = "paused", _("Clock paused")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (EnquiryState.NEW, EnquiryState.IN_PROGRESS, EnquiryState.PAUSED)


class PauseReason(models.TextChoices):
    FEE = "fee", _("Waiting for a fee to be paid")
    CLARIFICATION = "clarification", _("Waiting for clarification")


class Channel(models.TextChoices):
    FORM = "form", _("Public contact form")
    EMAIL = "email", _("Shared mailbox")
    STAFF = "staff", _("Entered by staff")
    FILER = "filer", _("Signed-in filer")


class MailStatus(models.TextChoices):
    THREADED = "threaded", _("Added to an enquiry")
    NEW_ENQUIRY = "new-enquiry", _("Opened a new enquiry")
    NEEDS_PERSON = "needs-person", _("Needs a person")
    DONE = "done", _("Dealt with")


NATIONS = ("england-and-wales", "scotland", "northern-ireland")

# Correspondence with the regulated community: the records area's file plan class a
# contact's correspondence is kept by unless staff choose another.
DEFAULT_RETENTION_CLASS = "CON-COR"


def records_hold_subject(reference: str) -> str:
    """How the records holds an enquiry places name it (``LegalHold.subject``)."""
    return f"contacts:{reference}"


@dataclass(frozen=True)
class ClockRule:
    """How an enquiry kind's deadline is counted: ``working_days`` after receipt (the
    advice kinds read theirs from settings), or ``months`` to the corresponding date;
    ``max_extension`` in the same unit."""

    working_days: int = 0
    months: int = 0
    max_extension: int = 0
    setting: str = ""  # a settings name whose value replaces working_days


CLOCK_RULES: dict[str, ClockRule] = {
    EnquiryKind.FOI: ClockRule(working_days=20, max_extension=20),
    EnquiryKind.EIR: ClockRule(working_days=20, max_extension=20),
    EnquiryKind.INTERNAL_REVIEW: ClockRule(working_days=20, max_extension=20),
    EnquiryKind.COMPLAINT_STAGE_1: ClockRule(working_days=20),
    EnquiryKind.COMPLAINT_STAGE_2: ClockRule(working_days=20),
    EnquiryKind.SAR: ClockRule(months=1, max_extension=2),
    EnquiryKind.ADVICE_FINANCIAL: ClockRule(setting="CONTACTS_ADVICE_FINANCIAL_TARGET_DAYS"),
    EnquiryKind.ADVICE_REGISTRATION: ClockRule(setting="CONTACTS_ADVICE_REGISTRATION_TARGET_DAYS"),
    EnquiryKind.GENERAL: ClockRule(setting="CONTACTS_GENERAL_TARGET_DAYS"),
}

# Kinds whose open request places a hold on what it names (FOIA s.77; EIR reg. 19; SAR),
# and the internal review that carries a FOI or EIR request on.
HOLDING_KINDS = frozenset(
    {EnquiryKind.FOI, EnquiryKind.EIR, EnquiryKind.SAR, EnquiryKind.INTERNAL_REVIEW}
)


@dataclass(frozen=True)
class EntityViewRequest:
    """Asked of higher areas (cases, monitoring) for the entity view: the entity and the
    member of staff looking. A subscriber answers with an ``EntityViewSection`` only when
    its own permission lets that user see it, else None."""

    entity_id: int
    user: Any


@dataclass(frozen=True)
class EntityViewSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


# Higher areas (cases' open cases, monitoring's alerts) add their sections to the entity view.
ENTITY_VIEW_SECTIONS: Hook[EntityViewRequest] = Hook("contacts.entity_view_sections")
