"""Reads of the audit log for other areas (e.g. a history panel on a case or a return).
Verification lives in verify.py."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from regulator.audit.models import AuditEvent
from regulator.audit.services import Subject, subject_key


def event_list_for_subject(*, subject: Subject) -> QuerySet[AuditEvent]:
    """Every event about one subject (a model instance or a ``(type, id)`` pair), oldest
    first. Callers decide who may see it: payloads can hold internal detail."""
    subject_type, subject_id = subject_key(subject)
    return AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by(
        "seq"
    )


def event_list_naming(*, subject: Subject, payload_key: str) -> QuerySet[AuditEvent]:
    """Every event about ``subject`` or naming it in its payload under ``payload_key``
    (e.g. a regulated entity and everything whose payload has its ``entity_id``), oldest
    first."""
    subject_type, subject_id = subject_key(subject)
    named: object = int(subject_id) if subject_id.isdigit() else subject_id
    return AuditEvent.objects.filter(
        Q(subject_type=subject_type, subject_id=subject_id)
        | Q(**{f"payload__{payload_key}": named})
    ).order_by("seq")
