"""Retention rules, legal holds, disposal with two approvers and certificates,
redaction, and transfer to The National Archives as a BagIt bag."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import bagit
import pytest
from django.core.management import call_command

from regulator.audit.models import AuditEvent
from regulator.audit.verify import chain_verify
from regulator.core import clock
from regulator.records import selectors, services
from regulator.records.models import Blob, DisposalCertificate, Record, RetentionRule
from regulator.records.services.store import store
from regulator.records.testing import SYSTEM, record_make
from regulator.records.tests.conftest import staff_with_role
from regulator.records.types import Decision, RecordsErrorCode, RecordState

pytestmark = pytest.mark.django_db
FAR = dt.date(2100, 1, 1)


def _due(source_id: str, record_class: str = "AUD-CHK", **kwargs: Any) -> Record:
    """A record whose rule runs from its declaration (due by FAR)."""
    return record_make(record_class=record_class, source_id=source_id, **kwargs)


def test_a_new_rule_is_dated_and_the_old_one_stays_in_the_schedule(
    plan: None, manager: Any
) -> None:
    record_class = selectors.record_class_get(code="FIL-DOC")
    assert record_class is not None
    today = clock.local_today()
    with pytest.raises(services.RecordsError) as past:
        services.rule_add(
            record_class=record_class,
            trigger="return-published",
            period_years=7,
            period_months=0,
            action="destroy",
            effective_from=today - dt.timedelta(days=1),
            reason="Change",
            actor=manager,
        )
    assert past.value.code == RecordsErrorCode.RULE_DATE
    with pytest.raises(services.RecordsError) as no_reason:
        services.rule_add(
            record_class=record_class,
            trigger="return-published",
            period_years=7,
            period_months=0,
            action="destroy",
            effective_from=today,
            reason="",
            actor=manager,
        )
    assert no_reason.value.code == RecordsErrorCode.REASON_REQUIRED
    services.rule_add(
        record_class=record_class,
        trigger="return-published",
        period_years=7,
        period_months=0,
        action="destroy",
        effective_from=today,
        reason="Limitation period",
        actor=manager,
    )
    assert RetentionRule.objects.filter(record_class=record_class).count() == 2
    row = next(r for r in selectors.schedule_rows(on=today) if r["record_class"].code == "FIL-DOC")
    assert row["current"].period_years == 7
    assert len(row["rules"]) == 2


def test_a_hold_blocks_a_due_disposal_until_released(plan: None, manager: Any, capsys: Any) -> None:
    held = _due("held", entity=42)
    free = _due("free", entity=43)
    hold = services.hold_place(
        kind="litigation",
        title="Claim",
        reason="Pending claim",
        owner=manager,
        review_on=clock.local_today() + dt.timedelta(days=90),
        query_entity=42,
        actor=manager,
    )
    call_command("records_disposal_due", "--as-of", FAR.isoformat(), "--format", "json")
    import json

    rows = {r["reference"]: r["held"] for r in json.loads(capsys.readouterr().out)}
    assert rows == {held.reference: True, free.reference: False}
    batch = services.disposal_batch_create(as_of=FAR, actor=manager)
    assert batch is not None
    assert [i.record_id for i in batch.items.all()] == [free.pk]
    assert [h.reference for h in selectors.record_holds(record=held)] == [hold.reference]
    with pytest.raises(services.RecordsError):
        services.hold_release(hold=hold, reason="", actor=manager)
    services.hold_release(hold=hold, reason="Claim settled", actor=manager)
    assert selectors.record_holds(record=held) == []
    assert AuditEvent.objects.filter(action="records.hold_released").count() == 1


def test_a_hold_needs_records_or_a_query(plan: None, manager: Any) -> None:
    with pytest.raises(services.RecordsError) as empty:
        services.hold_place(
            kind="query",
            title="All",
            reason="Why",
            owner=manager,
            review_on=clock.local_today() + dt.timedelta(days=1),
            actor=manager,
        )
    assert empty.value.code == RecordsErrorCode.HOLD_QUERY_EMPTY


def test_review_two_approvals_destroy_with_a_certificate(
    plan: None, manager: Any, second_manager: Any
) -> None:
    doomed = _due("doomed", content=b"doomed bytes")
    kept = _due("kept")
    assert doomed.blob is not None
    path = Path(store().path(doomed.blob.name))
    batch = services.disposal_batch_create(as_of=FAR, actor=manager)
    assert batch is not None
    items = {i.record_id: i for i in batch.items.all()}
    with pytest.raises(services.RecordsError) as undecided:
        services.disposal_batch_approve(batch=batch, actor=manager)
    assert undecided.value.code == RecordsErrorCode.UNDECIDED
    with pytest.raises(services.RecordsError) as reasonless:
        services.disposal_item_decide(
            item=items[kept.pk],
            decision=Decision.EXTEND,
            extend_to=dt.date(2101, 1, 1),
            actor=manager,
        )
    assert reasonless.value.code == RecordsErrorCode.REASON_REQUIRED
    services.disposal_item_decide(
        item=items[kept.pk],
        decision=Decision.EXTEND,
        extend_to=dt.date(2101, 1, 1),
        reason="Still needed",
        actor=manager,
    )
    services.disposal_item_decide(item=items[doomed.pk], decision=Decision.APPROVE, actor=manager)
    admin = staff_with_role("admin-one", "platform-admin")
    with pytest.raises(services.RecordsError) as admin_refused:
        services.disposal_batch_approve(batch=batch, actor=admin)
    assert admin_refused.value.code == RecordsErrorCode.NOT_PERMITTED
    services.disposal_batch_approve(batch=batch, actor=manager)
    with pytest.raises(services.RecordsError) as same:
        services.disposal_batch_second_approve(batch=batch, actor=manager)
    assert same.value.code == RecordsErrorCode.SAME_APPROVER
    assert path.exists()
    services.disposal_batch_second_approve(batch=batch, actor=second_manager)

    doomed.refresh_from_db()
    kept.refresh_from_db()
    assert doomed.state == RecordState.DESTROYED
    assert doomed.blob is None
    assert doomed.sha256  # the tombstone keeps the hash of what was destroyed
    assert not path.exists()
    assert Blob.objects.get(sha256=doomed.sha256).removed_at is not None
    assert kept.state == RecordState.DECLARED
    assert kept.expires_on == dt.date(2101, 1, 1)
    certificate = DisposalCertificate.objects.get(record=doomed)
    details = certificate.details
    assert details["approvers"] == ["manager-one", "manager-two"]
    assert details["method"] == "destroyed"
    assert details["sha256"] == doomed.sha256
    assert details["record_class"] == "AUD-CHK"
    assert details["rule"]["trigger"] == "declared"
    assert certificate.certificate_record.record_class.code == "RM-CERT"
    stored = services.record_content(record=certificate.certificate_record, actor=SYSTEM)
    assert doomed.reference.encode() in stored
    actions = [e.action for e in selectors.record_life(record=doomed)]
    assert actions[0] == "records.record_declared"
    assert "records.record_destroyed" in actions
    assert chain_verify().ok


def test_a_hold_placed_after_approval_still_stops_the_destruction(
    plan: None, manager: Any, second_manager: Any
) -> None:
    record = _due("late-hold")
    batch = services.disposal_batch_create(as_of=FAR, actor=manager)
    assert batch is not None
    services.disposal_item_decide(item=batch.items.get(), decision=Decision.APPROVE, actor=manager)
    services.disposal_batch_approve(batch=batch, actor=manager)
    services.hold_place(
        kind="request",
        title="FOI 12",
        reason="Open request (s.77)",
        owner=manager,
        review_on=clock.local_today() + dt.timedelta(days=20),
        subject="FOI-12",
        records=[record],
        actor=manager,
    )
    services.disposal_batch_second_approve(batch=batch, actor=second_manager)
    record.refresh_from_db()
    assert record.state == RecordState.DECLARED
    assert record.blob is not None
    assert AuditEvent.objects.filter(action="records.disposal_blocked").count() == 1


def test_redaction_removes_personal_data_and_keeps_the_rest(
    plan: None, manager: Any, second_manager: Any
) -> None:
    record = record_make(
        record_class="CON-COR",
        source_id="letter",
        content=b"letter",
        personal={"address": "1 High Street"},
    )
    services.record_event(
        source="tests.document",
        source_id="letter",
        trigger="contact-inactive",
        occurred_on=dt.date(2020, 1, 1),
        actor=SYSTEM,
    )
    batch = services.disposal_batch_create(as_of=FAR, actor=manager)
    assert batch is not None
    services.disposal_item_decide(item=batch.items.get(), decision=Decision.APPROVE, actor=manager)
    services.disposal_batch_approve(batch=batch, actor=manager)
    services.disposal_batch_second_approve(batch=batch, actor=second_manager)
    record.refresh_from_db()
    assert record.state == RecordState.REDACTED
    assert record.personal == {}
    assert services.record_content(record=record, actor=SYSTEM) == b"letter"
    assert DisposalCertificate.objects.get(record=record).details["personal_fields_removed"] == [
        "address"
    ]


def test_transfer_writes_a_valid_bag_and_leaves_tombstones(
    plan: None, tmp_path: Path, capsys: Any
) -> None:
    one = record_make(
        record_class="REG-EMB", source_id="e1", content=b"%PDF-1.4\n%%EOF\n", title="Emblem one"
    )
    two = record_make(
        record_class="REG-EMB", source_id="e2", content=b"\x89PNG\r\n\x1a\nrest", title="Emblem two"
    )
    call_command(
        "records_transfer", "--class", "REG-EMB", "--as-of", FAR.isoformat(), str(tmp_path)
    )
    bag_path = Path(capsys.readouterr().out.strip())
    bag = bagit.Bag(str(bag_path))
    assert bag.is_valid()
    bag.validate()  # raises on any problem
    assert "sha256" in bag.algorithms
    info = bag.info
    for key in (
        "Source-Organization",
        "Consignment-Series",
        "Consignment-Export-Datetime",
        "Contact-Name",
        "Contact-Email",
        "Internal-Sender-Identifier",
        "Consignment-Type",
    ):
        assert info[key], key
    with (bag_path / "file-metadata.csv").open() as handle:
        metadata = list(csv.DictReader(handle))
    assert [m["file_path"] for m in metadata] == [
        f"data/{one.reference}.pdf",
        f"data/{two.reference}.pdf",
    ]
    assert {m["closure_type"] for m in metadata} == {"Open"}
    assert {m["language"] for m in metadata} == {"English"}
    with (bag_path / "file-ffid.csv").open() as handle:
        ffid = {row["file_path"]: row["puid"] for row in csv.DictReader(handle)}
    assert ffid[f"data/{one.reference}.pdf"].startswith("fmt/")
    assert "file-metadata.csv" in bag.tagfile_entries() or any(
        "file-metadata.csv" in name for name in bag.tagfile_entries()
    )
    for record in (one, two):
        record.refresh_from_db()
        assert record.state == RecordState.TRANSFERRED
        assert record.blob is None
        assert record.consignment is not None
        assert record.consignment.reference == info["Internal-Sender-Identifier"]
        certificate = DisposalCertificate.objects.get(record=record)
        assert certificate.details["consignment"] == record.consignment.reference
    with pytest.raises(SystemExit) as nothing:
        call_command(
            "records_transfer", "--class", "REG-EMB", "--as-of", FAR.isoformat(), str(tmp_path)
        )
    assert nothing.value.code == 1


def test_a_corrupted_file_stops_the_export(plan: None, tmp_path: Path) -> None:
    record = record_make(record_class="REG-EMB", source_id="bad", content=b"emblem")
    assert record.blob is not None
    path = Path(store().path(record.blob.name))
    path.chmod(0o644)
    path.write_bytes(b"changed")
    emblems = selectors.record_class_get(code="REG-EMB")
    assert emblems is not None
    with pytest.raises(services.StoreIntegrityError):
        services.records_transfer(record_class=emblems, as_of=FAR, out_dir=tmp_path, actor=SYSTEM)
    record.refresh_from_db()
    assert record.state == RecordState.DECLARED
    assert list(tmp_path.iterdir()) == []
