"""The records area's public types: retention triggers and actions, the states of a
record, the kinds of legal hold, and the declaration other areas send through
``records.services.record_declare``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Trigger(models.TextChoices):
    """The event from which a retention period runs."""

    DECLARED = "declared", _("Declaration of the record")
    RETURN_PUBLISHED = "return-published", _("Return published")
    CASE_CLOSED = "case-closed", _("Case closed")
    SANCTION_PAID = "sanction-paid", _("Sanction paid")
    CONTACT_INACTIVE = "contact-inactive", _("Contact inactive")
    REQUEST_CLOSED = "request-closed", _("Request closed")
    FIXED_DATE = "fixed-date", _("A fixed date")


class Action(models.TextChoices):
    """What happens when a retention period ends."""

    DESTROY = "destroy", _("Destroy")
    REVIEW = "review", _("Review")
    TRANSFER = "transfer", _("Transfer to The National Archives")
    REDACT = "redact", _("Remove personal data, keep the rest")


class RecordState(models.TextChoices):
    DECLARED = "declared", pgettext_lazy("record status", "Declared")
    REDACTED = "redacted", _("Personal data removed")
    DESTROYED = "destroyed", _("Destroyed")
    TRANSFERRED = "transferred", _("Transferred to The National Archives")


class HoldKind(models.TextChoices):
    CASE = "case", _("Case")
    REQUEST = "request", _("Information request (FOIA section 77)")
    LITIGATION = "litigation", _("Litigation")
    APPEAL = "appeal", _("Appeal")
    QUERY = "query", _("Query")


class Decision(models.TextChoices):
    PENDING = "pending", _("Not yet reviewed")
    KEEP = "keep", _("Keep (review again later)")
    EXTEND = "extend", _("Extend the retention period")
    APPROVE = "approve", _("Approve disposal")


class BatchState(models.TextChoices):
    REVIEW = "review", _("Being reviewed")
    APPROVED = "approved", _("Approved, awaiting a second approver")
    DISPOSED = "disposed", _("Disposed")


# What each event of a record's life is called on its page (the audit chain's actions).
LIFE_EVENTS = {
    "records.record_declared": pgettext_lazy("record status", "Declared"),
    "records.record_read": _("Content read"),
    "records.record_corrected": _("Metadata corrected"),
    "records.record_held": _("Held"),
    "records.record_released": _("Hold released"),
    "records.disposal_decided": _("Disposal decided"),
    "records.retention_extended": _("Retention extended"),
    "records.disposal_blocked": _("Disposal stopped by a hold"),
    "records.certificate_issued": _("Certificate issued"),
    "records.record_destroyed": _("Destroyed"),
    "records.record_redacted": _("Personal data removed"),
    "records.record_transferred": _("Transferred to The National Archives"),
}


class RecordsErrorCode(StrEnum):
    CLASS_UNKNOWN = "record_class_unknown"
    NO_RULE = "retention_rule_missing"
    EMPTY = "record_empty"
    INTEGRITY = "record_integrity_failed"
    NOT_HELD_CONTENT = "record_content_gone"
    REASON_REQUIRED = "reason_required"
    CODE_TAKEN = "code_taken"
    RULE_DATE = "rule_effective_date_invalid"
    PERIOD = "retention_period_invalid"
    HOLD_QUERY_EMPTY = "hold_query_empty"
    HOLD_RELEASED = "hold_already_released"
    BATCH_STATE = "disposal_batch_state"
    SAME_APPROVER = "second_approver_same"
    NOT_PERMITTED = "records_not_permitted"
    UNDECIDED = "disposal_items_undecided"
    NOTHING_TO_TRANSFER = "nothing_to_transfer"
    EXTEND_DATE = "extend_date_invalid"


@dataclass(frozen=True)
class Declaration:
    """What an area tells records about a document it keeps.

    ``source`` names the area's kind of document ("filings.attachment") and
    ``source_id`` the document; the same source, id and bytes declared twice is one
    record. ``entity`` is the regulated entity's register number (or None); ``personal``
    holds personal metadata (e.g. an individual's address) that a redaction rule removes.
    """

    record_class: str
    title: str
    source: str
    source_id: str
    file_name: str = ""
    description: str = ""
    entity: int | None = None
    personal: dict[str, str] | None = None
    language: str = "English"
