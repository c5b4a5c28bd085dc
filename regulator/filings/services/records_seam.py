"""The documents a filer sends become the regulator's records: each invoice, receipt and
statement of accounts is declared into the records store when its version is submitted
(immutable from then on, whatever happens to the draft), and its retention clock starts
when the return is published.

A document is keyed by its return and its bytes, so the copy an amendment carries over
is the record already declared, not a second one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import translation

from regulator.core import clock
from regulator.filings.models import Attachment, ReturnKind, ReturnVersion, Status, StatusChange
from regulator.records import selectors as records_selectors
from regulator.records import services as records_services
from regulator.records.types import Declaration, Trigger

SOURCE = "filings.document"


def _source_id(attachment: Attachment, version: ReturnVersion) -> str:
    # Records' source ids hold 64 characters: 192 bits of the hash name the bytes.
    return f"{version.filed_return_id}/{attachment.sha256[:48]}"


def _record_class(version: ReturnVersion) -> str:
    return "FIL-SOA" if version.filed_return.kind == ReturnKind.ACCOUNTS else "FIL-DOC"


def version_documents_declare(*, version: ReturnVersion, actor: Any) -> int:
    """Declare every document of a submitted version as a record; returns how many."""
    filed_return = version.filed_return
    record_class = _record_class(version)
    with translation.override("en"):  # the records' titles are kept in English
        kind = str(ReturnKind(filed_return.kind).label)
    declared = 0
    for attachment in version.attachments.all():
        with attachment.file.open("rb") as handle:
            content = handle.read()
        records_services.record_declare(
            declaration=Declaration(
                record_class=record_class,
                title=f"{kind} {version.receipt_reference}: {attachment.original_name}",
                source=SOURCE,
                source_id=_source_id(attachment, version),
                file_name=attachment.original_name,
                entity=filed_return.entity_id,
            ),
            content=content,
            actor=actor,
        )
        declared += 1
    return declared


def version_documents_published(
    *, version: ReturnVersion, actor: Any, on: dt.date | None = None
) -> int:
    """Start the retention clocks of a published version's documents (from ``on``, by
    default today); returns how many records' clocks started."""
    today = on or clock.local_today()
    return sum(
        records_services.record_event(
            source=SOURCE,
            source_id=_source_id(attachment, version),
            trigger=Trigger.RETURN_PUBLISHED,
            occurred_on=today,
            actor=actor,
        )
        for attachment in version.attachments.all()
    )


def _clock_not_started(version: ReturnVersion) -> bool:
    return any(
        records_selectors.records_of_source(
            source=SOURCE, source_id=_source_id(attachment, version)
        )
        .filter(trigger_on__isnull=True)
        .exists()
        for attachment in version.attachments.all()
    )


@dataclass
class Backfill:
    versions: int = 0
    documents: int = 0
    published: int = 0


def submitted_documents_declare(*, actor: Any) -> Backfill:
    """Declare the documents of every version submitted before returns declared their
    own (and start the clocks of those published, from the day they were published).
    Safe to run again: the same return and bytes is the same record, and a clock
    already started is set to the same date."""
    done = Backfill()
    versions = (
        ReturnVersion.objects.exclude(receipt_reference="")
        .exclude(receipt_reference__isnull=True)
        .filter(attachments__isnull=False)
        .distinct()
        .select_related("filed_return")
        .order_by("pk")
    )
    for version in versions:
        with transaction.atomic():
            done.documents += version_documents_declare(version=version, actor=actor)
            done.versions += 1
            published = (
                StatusChange.objects.filter(version=version, to_status=Status.PUBLISHED)
                .order_by("at")
                .first()
            )
            if published is not None and _clock_not_started(version):
                done.published += version_documents_published(
                    version=version, actor=actor, on=clock.to_local(published.at).date()
                )
    return done
