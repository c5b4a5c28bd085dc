"""The content-addressed, write-once store and declarations: hashes checked on write and
read, duplicates stored once, versions linked, corruption reported as an incident."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from regulator.audit.models import AuditEvent
from regulator.records import selectors, services
from regulator.records.models import Blob, IntegrityIncident, Record
from regulator.records.services.store import blob_name, store
from regulator.records.testing import SYSTEM, record_make
from regulator.records.types import Declaration, RecordsErrorCode

pytestmark = pytest.mark.django_db


def _path(blob: Blob) -> Path:
    return Path(store().path(blob.name))


def _corrupt(blob: Blob, data: bytes = b"tampered") -> None:
    path = _path(blob)
    os.chmod(path, 0o644)
    path.write_bytes(data)


def test_declared_bytes_are_stored_once_under_their_hash_read_only(plan: None) -> None:
    content = b"%PDF-1.4 invoice 1"
    record = record_make(source_id="1", content=content)
    digest = hashlib.sha256(content).hexdigest()
    assert record.sha256 == digest
    assert record.blob is not None
    assert record.blob.name == blob_name(digest)
    path = _path(record.blob)
    assert path.read_bytes() == content
    assert path.stat().st_mode & 0o222 == 0  # written read-only
    assert record.reference.startswith("REC-")
    assert record.expires_on is None  # FIL-DOC runs from the return's publication
    assert AuditEvent.objects.filter(
        action="records.record_declared", subject_id=record.pk
    ).exists()


def test_duplicate_uploads_store_one_copy(plan: None) -> None:
    first = record_make(source_id="1", content=b"same bytes")
    second = record_make(source_id="2", content=b"same bytes")
    assert first.pk != second.pk
    assert first.blob_id == second.blob_id
    assert Blob.objects.count() == 1
    # The same source and bytes again is the same record.
    assert record_make(source_id="1", content=b"same bytes").pk == first.pk


def test_new_bytes_are_a_linked_version_and_the_old_one_stays(plan: None) -> None:
    first = record_make(source_id="7", content=b"version one")
    second = record_make(source_id="7", content=b"version two")
    assert second.version == 2
    assert second.previous_id == first.pk
    first.refresh_from_db()
    assert first.blob is not None
    assert _path(first.blob).read_bytes() == b"version one"
    assert [
        r.version for r in selectors.records_of_source(source="tests.document", source_id="7")
    ] == [1, 2]


def test_unknown_class_and_empty_content_are_refused(plan: None) -> None:
    with pytest.raises(services.RecordsError) as unknown:
        record_make(record_class="NOPE")
    assert unknown.value.code == RecordsErrorCode.CLASS_UNKNOWN
    with pytest.raises(services.RecordsError) as empty:
        record_make(content=b"")
    assert empty.value.code == RecordsErrorCode.EMPTY
    assert Record.objects.count() == 0


def test_a_corrupted_file_is_detected_on_read_with_its_record(plan: None) -> None:
    record = record_make(source_id="9", content=b"genuine")
    assert record.blob is not None
    assert services.record_content(record=record, actor=SYSTEM) == b"genuine"
    _corrupt(record.blob)
    with pytest.raises(services.StoreIntegrityError) as failed:
        services.record_content(record=record, actor=SYSTEM)
    assert record.reference in failed.value.message
    incident = IntegrityIncident.objects.get()
    assert incident.record_id == record.pk
    assert incident.where == "read"
    assert incident.actual_sha256 == hashlib.sha256(b"tampered").hexdigest()
    event = AuditEvent.objects.get(action="records.integrity_failed")
    assert event.payload["records"] == [record.reference]


def test_an_existing_copy_that_differs_is_refused_on_write(plan: None) -> None:
    content = b"to be written"
    name = blob_name(hashlib.sha256(content).hexdigest())
    store().save(name, io.BytesIO(b"something else"))
    with pytest.raises(services.StoreIntegrityError):
        record_make(source_id="w", content=content)
    assert IntegrityIncident.objects.filter(where="write").count() == 1
    assert Record.objects.count() == 0


def test_records_verify_names_each_changed_record(plan: None, capsys: Any) -> None:
    good = record_make(source_id="g", content=b"good")
    bad = record_make(source_id="b", content=b"bad")
    call_command("records_verify")
    assert "OK" in capsys.readouterr().out
    assert bad.blob is not None
    _corrupt(bad.blob)
    with pytest.raises(SystemExit) as exited:
        call_command("records_verify")
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert bad.reference in out
    assert good.reference not in out


def test_metadata_is_corrected_with_a_reason_and_audited(plan: None) -> None:
    record = record_make(source_id="c", title="Invoce")
    with pytest.raises(services.RecordsError) as no_reason:
        services.record_correct(
            record=record, changes={"title": "Invoice"}, reason=" ", actor=SYSTEM
        )
    assert no_reason.value.code == RecordsErrorCode.REASON_REQUIRED
    with pytest.raises(services.RecordsError):
        services.record_correct(
            record=record, changes={"sha256": "0" * 64}, reason="x", actor=SYSTEM
        )
    services.record_correct(
        record=record, changes={"title": "Invoice"}, reason="Typo", actor=SYSTEM
    )
    record.refresh_from_db()
    assert record.title == "Invoice"
    event = AuditEvent.objects.get(action="records.record_corrected")
    assert event.payload["before"] == {"title": "Invoce"}
    assert event.payload["reason"] == "Typo"


def test_a_retention_event_starts_the_clock(plan: None) -> None:
    record = record_make(source_id="r")
    import datetime as dt

    changed = services.record_event(
        source="tests.document",
        source_id="r",
        trigger="return-published",
        occurred_on=dt.date(2026, 3, 31),
        actor=SYSTEM,
    )
    assert changed == 1
    record.refresh_from_db()
    assert record.trigger_on == dt.date(2026, 3, 31)
    assert record.expires_on == dt.date(2032, 3, 31)  # FIL-DOC: six years


def test_a_record_declared_after_the_event_takes_its_date(plan: None) -> None:
    import datetime as dt

    services.record_event(
        source="tests.document",
        source_id="late",
        trigger="return-published",
        occurred_on=dt.date(2026, 2, 1),
        actor=SYSTEM,
    )
    record = record_make(source_id="late")
    assert record.expires_on == dt.date(2032, 2, 1)


def test_disposal_due_command_lists_json(plan: None, capsys: Any) -> None:
    record = record_make(record_class="AUD-CHK", source_id="chk", source="audit.checkpoint")
    call_command("records_disposal_due", "--as-of", "2100-01-01", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "reference": record.reference,
            "record_class": "AUD-CHK",
            "trigger": "declared",
            "expires_on": record.expires_on.isoformat() if record.expires_on else None,
            "held": False,
        }
    ]


def test_a_shipped_class_is_there_even_after_the_plan_was_lost(db: Any) -> None:
    from regulator.records.models import RecordActivity, RecordClass, RecordFunction, RetentionRule

    RetentionRule.objects.all().delete()
    RecordClass.objects.all().delete()
    RecordActivity.objects.all().delete()
    RecordFunction.objects.all().delete()
    record = services.record_declare(
        declaration=Declaration(
            record_class="FIL-SOA", title="Accounts", source="tests.document", source_id="s"
        ),
        content=b"accounts",
        actor=SYSTEM,
    )
    assert record.record_class.code == "FIL-SOA"
    with pytest.raises(services.RecordsError) as unknown:
        services.record_declare(
            declaration=Declaration(
                record_class="XX-NEW", title="New", source="tests.document", source_id="n"
            ),
            content=b"new",
            actor=SYSTEM,
        )
    assert unknown.value.code == RecordsErrorCode.CLASS_UNKNOWN


def test_a_document_dated_before_the_schedule_takes_its_first_rule_and_a_class_without_rules_refuses(
    plan: None,
) -> None:
    import datetime as dt

    from regulator.records.models import RecordClass
    from regulator.records.services.records import rule_in_force

    emblems = RecordClass.objects.get(code="REG-EMB")
    first = emblems.rules.order_by("effective_from").first()
    assert first is not None
    assert first.effective_from > dt.date(2020, 1, 1)
    assert rule_in_force(record_class=emblems, on=dt.date(2020, 1, 1)) == first
    ruleless = RecordClass.objects.create(activity=emblems.activity, code="X-NONE", title_en="None")
    with pytest.raises(services.RecordsError) as refused:
        record_make(record_class="X-NONE")
    assert refused.value.code == RecordsErrorCode.NO_RULE
    assert ruleless.records.count() == 0
