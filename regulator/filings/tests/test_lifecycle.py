"""The lifecycle of a filed return: draft → validated → declared → submitted → under
review → queried → amended → accepted → published, on the real database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from regulator.audit.models import AuditEvent
from regulator.core import notify
from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.models import ReturnKind, ReturnVersion, Status, UploadStatus
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError, FilingErrorCode
from regulator.filings.tasks import receipt_email_send
from regulator.filings.tests.factories import TEMPLATE_DONATION, donations_csv
from regulator.finance.models import Donation

pytestmark = pytest.mark.django_db


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _draft(world: dict[str, Any]) -> ReturnVersion:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    )
    return filed.current


def _submitted(world: dict[str, Any], rows: int = 3) -> ReturnVersion:
    version = _draft(world)
    services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(rows),
        file_name="d.csv",
        actor=world["treasurer"],
    )
    version = services.version_validate(version=version, actor=world["treasurer"])
    services.version_declare(version=version, user=world["treasurer"])
    return services.version_submit(version=version, user=world["treasurer"], idempotency_key="k1")


def test_return_create_knows_the_deadline(world: dict[str, Any]) -> None:
    version = _draft(world)
    assert version.status == Status.DRAFT
    assert version.filed_return.due_date == dt.date(2027, 1, 30)


def test_unknown_period_is_refused(world: dict[str, Any]) -> None:
    with pytest.raises(FilingError) as caught:
        services.return_create(
            entity=world["entity"],
            kind="quarterly-central",
            period_name="soon",
            actor=world["treasurer"],
        )
    assert caught.value.code == FilingErrorCode.PERIOD_UNKNOWN


def test_upload_with_errors_saves_nothing_until_valid_rows_are_kept(world: dict[str, Any]) -> None:
    version = _draft(world)
    upload = services.upload_receive(
        version=version,
        kind=TransactionKind.DONATION,
        source=donations_csv(10, bad_rows=(4, 7)),
        file_name="d.csv",
        actor=world["treasurer"],
    )
    assert upload.status == UploadStatus.PENDING
    assert upload.error_rows == [4, 7]
    assert version.transactions.count() == 0
    problem = next(p for p in upload.problems if p["column"] == "Value")
    assert problem["row"] == 4
    assert problem["value"] == "lots"
    assert services.upload_keep_valid(upload=upload, actor=world["treasurer"]) == 8
    assert version.transactions.count() == 8


def test_formula_cells_are_neutralised_in_the_report(world: dict[str, Any]) -> None:
    version = _draft(world)
    services.transaction_add(
        version=version,
        kind=TransactionKind.DONATION,
        data=dict(TEMPLATE_DONATION, Value="=1+1"),
        actor=world["treasurer"],
    )
    version = services.version_validate(version=version, actor=world["treasurer"])
    values = [f["value"] for f in version.findings if f["column"] == "Value"]
    assert values
    assert all(not v.startswith("=") for v in values)
    assert version.status == Status.DRAFT


def test_unreadable_file_is_refused_with_a_clear_error(world: dict[str, Any]) -> None:
    version = _draft(world)
    with pytest.raises(FilingError) as caught:
        services.upload_receive(
            version=version,
            kind=TransactionKind.DONATION,
            source=b"Name,Amount\nx,1\n",
            file_name="d.csv",
            actor=world["treasurer"],
        )
    assert caught.value.code == FilingErrorCode.UNREADABLE_FILE
    assert "missing columns" in caught.value.message


def test_only_a_declaring_member_can_declare(world: dict[str, Any]) -> None:
    version = _draft(world)
    services.transaction_add(
        version=version, kind=TransactionKind.DONATION, data=TEMPLATE_DONATION, actor=world["agent"]
    )
    version = services.version_validate(version=version, actor=world["agent"])
    assert version.status == Status.VALIDATED
    with pytest.raises(FilingError) as caught:
        services.version_declare(version=version, user=world["agent"])
    assert caught.value.code == FilingErrorCode.NOT_DECLARING_ROLE
    assert not world["agent"].has_perm("filings.declare_return", version)
    assert world["treasurer"].has_perm("filings.declare_return", version)


def test_submit_twice_gives_one_submission_and_one_email(
    world: dict[str, Any], settings: Any
) -> None:
    settings.NOTIFY_BACKEND = "memory"
    notify.outbox.clear()
    version = _submitted(world)
    again = services.version_submit(version=version, user=world["treasurer"], idempotency_key="k2")
    assert again.receipt_reference == version.receipt_reference
    assert again.status == Status.SUBMITTED
    assert AuditEvent.objects.filter(action="filings.return_submitted").count() == 1
    # the receipt is a task queued with the submission, sent once by the worker
    queued = DBTaskResult.objects.filter(task_path__endswith="receipt_email_send")
    assert queued.count() == 1
    assert notify.outbox == []
    # what the worker runs (the worker itself, on a live server: tests/browser/test_filings.py)
    receipt_email_send.call(**queued.get().args_kwargs["kwargs"])
    assert [m.email_address for m in notify.outbox] == [world["treasurer"].email]
    assert notify.outbox[0].reference == version.receipt_reference
    assert version.receipt_reference in notify.outbox[0].personalisation["body"]


def test_submitted_version_cannot_change(world: dict[str, Any]) -> None:
    version = _submitted(world)
    for attempt in (
        lambda: services.transaction_add(
            version=version,
            kind=TransactionKind.DONATION,
            data=TEMPLATE_DONATION,
            actor=world["treasurer"],
        ),
        lambda: services.transaction_remove(
            item=version.transactions.get(row=1), actor=world["treasurer"]
        ),
        lambda: services.version_validate(version=version, actor=world["treasurer"]),
    ):
        with pytest.raises(FilingError) as caught:
            attempt()
        assert caught.value.code == FilingErrorCode.NOT_EDITABLE
    assert version.transactions.count() == 3


def test_query_amend_accept_publish(world: dict[str, Any]) -> None:
    version = _submitted(world)
    services.version_review_start(version=version, analyst=world["analyst"])
    services.version_query(version=version, analyst=world["analyst"], question="Row 2?")
    amendment = services.version_amend(
        version=version, user=world["treasurer"], change_note="Removed row 2", answer="A duplicate"
    )
    version.refresh_from_db()
    assert version.status == Status.AMENDED
    query = version.queries.get()
    assert query.answer == "A duplicate"
    # The answer saved with the amendment is in its audit event, with the question.
    started = AuditEvent.objects.get(action="filings.amendment_started")
    assert started.payload["answers"] == [
        {"query": query.pk, "question": "Row 2?", "answer": "A duplicate"}
    ]
    assert amendment.amends == version
    assert amendment.number == 2
    services.transaction_remove(item=amendment.transactions.get(row=2), actor=world["treasurer"])
    services.version_validate(version=amendment, actor=world["treasurer"])
    services.version_declare(version=amendment, user=world["treasurer"])
    services.version_submit(version=amendment, user=world["treasurer"], idempotency_key="k3")
    services.version_accept(version=amendment, analyst=world["analyst"])
    assert Donation.all_objects.filter(ec_ref__startswith="FD").count() == 2
    assert Donation.objects.filter(ec_ref__startswith="FD").count() == 0
    assert services.version_publish(version=amendment, approver=world["approver"]) == 2
    published = Donation.objects.filter(entity=world["entity"]).order_by("donor_name")
    assert [d.donor_name for d in published] == ["Donor 1", "Donor 3"]
    assert published[0].entity_type == "Political Party"
    assert published[0].postcode == ""
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "filings.return_accepted",
        "filings.return_published",
        "finance.filed_return_published",
    } <= actions
