"""Reads of the audit log for other areas (e.g. a history panel on a case or a return).
Verification lives in verify.py."""

from __future__ import annotations

from django.db.models import QuerySet

from regulator.audit.models import AuditEvent
from regulator.audit.services import Subject, subject_key


def event_list_for_subject(*, subject: Subject) -> QuerySet[AuditEvent]:
    """Every event about one subject (a model instance or a ``(type, id)`` pair), oldest
    first. Callers decide who may see it: payloads can hold internal detail."""
    subject_type, subject_id = subject_key(subject)
    return AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by(
        "seq"
    )
