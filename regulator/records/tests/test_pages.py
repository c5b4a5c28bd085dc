"""The records managers' pages: placing and releasing a hold, adding a rule, refusing bad
input with a clear message in English and Welsh and changing nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regulator.audit.models import AuditEvent
from regulator.core import clock
from regulator.identity.testing import signed_in_client
from regulator.records import selectors
from regulator.records.models import LegalHold, RetentionRule
from regulator.records.testing import record_make

pytestmark = pytest.mark.django_db


def _future() -> str:
    return (clock.local_today() + dt.timedelta(days=60)).strftime("%d/%m/%Y")


def test_a_hold_placed_on_named_records_and_released(plan: None, manager: Any) -> None:
    record = record_make(source_id="h1")
    client = signed_in_client(manager)
    response = client.post(
        "/records/holds/",
        {
            "kind": "request",
            "title": "FOI 2026/14",
            "reason": "Open request touches these records (s.77)",
            "subject": "FOI-2026-14",
            "review_on": _future(),
            "records": record.reference.lower(),
        },
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert list(hold.records.all()) == [record]
    assert [h.reference for h in selectors.record_holds(record=record)] == [hold.reference]
    page = client.get(f"/records/holds/{hold.reference}/").content.decode()
    assert record.reference in page
    released = client.post(f"/records/holds/{hold.reference}/", {"reason": "Request closed"})
    assert released.status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert AuditEvent.objects.filter(action="records.record_released").count() == 1


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "Choose the records to hold: a class, an entity or declaration dates."),
        ("/cy", "Dewiswch y cofnodion i&#x27;w cadw: dosbarth, endid neu ddyddiadau datgan."),
    ],
)
def test_a_hold_without_records_or_query_is_refused(
    plan: None, manager: Any, prefix: str, message: str
) -> None:
    response = signed_in_client(manager).post(
        f"{prefix}/records/holds/",
        {"kind": "query", "title": "All", "reason": "Why", "review_on": _future()},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert LegalHold.objects.count() == 0


def test_an_unknown_record_reference_is_refused(plan: None, manager: Any) -> None:
    response = signed_in_client(manager).post(
        "/records/holds/",
        {
            "kind": "case",
            "title": "Case",
            "reason": "Why",
            "review_on": _future(),
            "records": "REC-999999",
        },
    )
    assert response.status_code == 400
    assert "There is no record REC-999999." in response.content.decode()
    assert LegalHold.objects.count() == 0


def test_a_rule_is_added_from_the_file_plan(plan: None, manager: Any) -> None:
    client = signed_in_client(manager)
    assert "FIL-DOC" in client.get("/records/file-plan/").content.decode()
    today = clock.local_today().strftime("%d/%m/%Y")
    response = client.post(
        "/records/file-plan/FIL-DOC/rules/new/",
        {
            "trigger": "return-published",
            "period_years": "7",
            "period_months": "0",
            "action": "destroy",
            "effective_from": today,
            "reason": "Limitation period",
        },
    )
    assert response.status_code == 302
    assert RetentionRule.objects.filter(record_class__code="FIL-DOC").count() == 2
    again = client.post(
        "/cy/records/file-plan/FIL-DOC/rules/new/",
        {
            "trigger": "return-published",
            "period_years": "8",
            "period_months": "0",
            "action": "destroy",
            "effective_from": today,
            "reason": "Again",
        },
    )
    assert again.status_code == 400
    assert "Mae gan y dosbarth hwn reol eisoes" in again.content.decode()
    assert RetentionRule.objects.filter(record_class__code="FIL-DOC").count() == 2


def test_a_record_is_corrected_with_a_reason(plan: None, manager: Any) -> None:
    record = record_make(source_id="fix", title="Invoce")
    client = signed_in_client(manager)
    refused = client.post(
        f"/cy/records/{record.reference}/correct/", {"title": "Invoice", "reason": ""}
    )
    assert refused.status_code == 400
    record.refresh_from_db()
    assert record.title == "Invoce"
    done = client.post(
        f"/records/{record.reference}/correct/", {"title": "Invoice", "reason": "Typo"}
    )
    assert done.status_code == 302
    record.refresh_from_db()
    assert record.title == "Invoice"
    assert AuditEvent.objects.get(action="records.record_corrected").payload["reason"] == "Typo"
