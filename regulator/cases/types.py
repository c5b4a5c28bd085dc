"""Public types of cases: stages of a case and its parallel tracks, how evidence was
obtained, kinds of notice and sanction, the outcome words the Commission publishes, and
the error codes tests import."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    INITIAL = "initial-enquiry", _("Initial enquiry")
    ASSESSMENT = "assessment", _("Assessment")
    INVESTIGATION = "investigation", _("Investigation")
    FINDINGS = "findings", _("Findings")
    SANCTION_PROPOSED = "sanction-proposed", _("Sanction proposed")
    REPRESENTATIONS = "representations", _("Representations")
    FINAL_DECISION = "final-decision", _("Final decision")
    PAYMENT = "payment", _("Awaiting payment")
    APPEAL = "appeal", _("Appeal")
    CONCLUDED = "concluded", _("Concluded")
    PUBLISHED = "published", pgettext_lazy("case stage", "Published")


OPEN_STAGES = frozenset(Stage.values) - {Stage.CONCLUDED, Stage.PUBLISHED}


class Source(models.TextChoices):
    ALLEGATION = "allegation", _("Allegation")
    SELF_REPORT = "self-report", _("Self-report")
    REFERRAL = "referral", _("Staff referral")
    MONITORING = "monitoring", _("Monitoring alert")


class AssessmentOutcome(models.TextChoices):
    ADVICE = "advice", _("Advice")
    NO_FURTHER_ACTION = "no-further-action", _("No further action")
    INVESTIGATION = "investigation", _("Investigation")


# The assessment checklist (Enforcement Policy: an investigation opens only where it is in
# the public interest, proportionate and worth the resources). Its wording is
# configurable: settings.CASES_ASSESSMENT_CHECKLIST replaces these keys' questions.
ASSESSMENT_CHECKLIST = {
    "public-interest": _("Is an investigation in the public interest?"),
    "proportionate": _("Is an investigation proportionate to the suspected breach?"),
    "evidence": _("Is there, or is there likely to be, evidence of an offence or contravention?"),
    "resources": _("Is it a good use of the Commission's resources?"),
}


class Finding(models.TextChoices):
    OFFENCE_FOUND = "offence-found", _("Offence(s) found")
    NO_OFFENCE = "no-offence", _("No offence")
    NO_DETERMINATION = "no-determination", _("No determination of offence")


class SanctionKind(models.TextChoices):
    FIXED = "fixed", _("Fixed monetary penalty")
    VARIABLE = "variable", _("Variable monetary penalty")
    COMPLIANCE = "compliance", _("Compliance notice")
    RESTORATION = "restoration", _("Restoration notice")
    STOP = "stop", _("Stop notice")
    UNDERTAKING = "undertaking", _("Enforcement undertaking")


MONETARY = frozenset({SanctionKind.FIXED, SanctionKind.VARIABLE})
# Discretionary requirements and stop notices: a fixed penalty may not be imposed for an
# act that had one of these, and vice versa (SI 2010/2860 as the domain notes read it).
DISCRETIONARY = frozenset(
    {SanctionKind.VARIABLE, SanctionKind.COMPLIANCE, SanctionKind.RESTORATION, SanctionKind.STOP}
)


class RepresentationsOutcome(models.TextChoices):
    IMPOSE = "impose", _("Impose as proposed")
    MODIFY = "modify", _("Impose with a changed amount")
    DROP = "drop", _("Drop the sanction")


class PaymentStatus(models.TextChoices):
    NONE = "", _("No payment due")
    DUE = "due", _("Payment due")
    PAID_INITIAL = "paid-initial", _("Payment received on initial notice")
    PAID = "paid", _("Paid")
    PAID_LATE = "paid-late", _("Paid late, with the increase")
    APPEALED = "appealed", _("Under appeal")
    UNPAID = "unpaid", _("Unpaid: passed for recovery")


class Obtained(models.TextChoices):
    """How an item of evidence came to the Commission. A statement made under compulsion
    (a Schedule 19B notice) must not be taken into account in deciding a sanction."""

    INTAKE = "intake", _("Sent with the allegation or report")
    VOLUNTARY = "voluntary", _("Given voluntarily")
    PUBLIC = "public", _("Public source")
    DISCLOSURE_NOTICE = "disclosure-notice", _("Disclosure notice (compulsion)")
    INVESTIGATION_NOTICE = "investigation-notice", _("Investigation notice (compulsion)")
    WARRANT = "warrant", _("Inspection warrant")
    COURT_ORDER = "court-order", _("Court order")


COMPELLED = frozenset({Obtained.DISCLOSURE_NOTICE, Obtained.INVESTIGATION_NOTICE})


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    STATEMENT = "statement", _("Statement or interview")
    DATA = "data", _("Data")


class Derivation(models.TextChoices):
    ORIGINAL = "", _("Original")
    REDACTED = "redacted", _("Redacted copy")
    EXTRACT = "extract", _("Extract")


class Relevance(models.TextChoices):
    UNDECIDED = "", _("Not yet decided")
    RELEVANT = "relevant", _("Relevant")
    NOT_RELEVANT = "not-relevant", _("Not relevant")


class Sensitivity(models.TextChoices):
    UNDECIDED = "", _("Not yet decided")
    NON_SENSITIVE = "non-sensitive", _("Not sensitive (MG6C)")
    SENSITIVE = "sensitive", _("Sensitive (MG6D)")


class CustodyAction(models.TextChoices):
    ACQUIRED = "acquired", _("Acquired")
    TRANSFERRED = "transferred", _("Transferred")
    VIEWED = "viewed", _("Viewed")
    DOWNLOADED = "downloaded", _("Downloaded")
    EXPORTED = "exported", _("Exported")
    PROCESSED = "processed", _("Processed")


class NoticeKind(models.TextChoices):
    DISCLOSURE = "disclosure", _("Disclosure notice")
    INVESTIGATION = "investigation", _("Investigation notice")
    INTENT = "intent", _("Notice of intent")
    FINAL = "final", _("Final notice")
    COMPLIANCE = "compliance", _("Compliance notice")
    RESTORATION = "restoration", _("Restoration notice")
    STOP = "stop", _("Stop notice")
    UNDERTAKING = "undertaking", _("Enforcement undertaking")
    CERTIFICATE = "certificate", _("Completion certificate")


POWERS = frozenset({NoticeKind.DISCLOSURE, NoticeKind.INVESTIGATION})


class Service(models.TextChoices):
    """How a notice was served, which sets its deemed receipt."""

    HAND = "hand", _("By hand")
    EMAIL = "email", _("By email")
    POST = "post", _("By first class post")


class TrackKind(models.TextChoices):
    FORFEITURE = "forfeiture", _("Forfeiture application")
    REFERRAL = "referral", _("Referral to police or prosecutors")


class TaskKind(models.TextChoices):
    INDEPENDENT_REVIEW = "independent-review", _("Independent review of a long investigation")
    REPRESENTATIONS_DUE = "representations-due", _("Representations period ends")
    PAYMENT_DUE = "payment-due", _("Payment due")
    NOTICE_DUE = "notice-due", _("Reply to a notice due")


# The words of the published table's Decision column beyond a finding.
OUTCOME_WORDS = {
    "paid-initial": _("Payment received on initial notice"),
    "forfeited": _("Donation forfeited"),
    "closed": _("Closed without further action"),
    "advice": _("Advice given"),
}


class CasesErrorCode(StrEnum):
    NOT_PERMITTED = "cases_not_permitted"
    WRONG_STAGE = "cases_wrong_stage"
    SUBJECT_REQUIRED = "cases_subject_required"
    MATTER_REQUIRED = "cases_matter_required"
    UNKNOWN_OFFENCE = "cases_unknown_offence"
    UNKNOWN_ENTITY = "cases_unknown_entity"
    BAD_CHOICE = "cases_bad_choice"
    CHECKLIST = "cases_checklist_incomplete"
    REASON_REQUIRED = "cases_reason_required"
    SAME_PERSON = "cases_separation_of_duties"
    CONFLICT = "cases_conflict_declared"
    COMBINATION = "cases_sanction_combination"
    SANCTION_NOT_ALLOWED = "cases_sanction_not_allowed"
    AMOUNT = "cases_amount_invalid"
    REFERRAL_ONLY = "cases_referral_only"
    EVIDENCE_EMPTY = "cases_evidence_empty"
    DATE = "cases_date_invalid"
    NOT_MEMBER = "cases_not_team_member"
    NOT_AN_OFFICER = "cases_not_an_officer"
    ALREADY = "cases_already_done"


def records_hold_subject(reference: str) -> str:
    """How the records hold a case places names it (``LegalHold.subject``)."""
    return f"cases:{reference}"
