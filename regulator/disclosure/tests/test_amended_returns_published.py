"""Amending a return that is already published: the public data shows the latest
version only, the records it replaced are withdrawn with a reason naming the amendment,
records it reports unchanged keep their reference, and each record's history says what
happened to it, and a publication approver cannot publish or correct a replaced record
(the filings and the disclosure areas together). On the real database (SQLite and
PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from regulator.audit.models import AuditEvent
from regulator.core import clock
from regulator.core.testing import clock_frozen_at
from regulator.disclosure import services as disclosure_services
from regulator.filings import services
from regulator.filings.models import DraftTransaction, ReturnKind, ReturnVersion, Status
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.services import FilingError, FilingErrorCode
from regulator.filings.tests.factories import TEMPLATE_DONATION
from regulator.finance import services as finance_services
from regulator.finance.models import Donation
from regulator.finance.services import FinanceError, FinanceErrorCode
from regulator.identity.testing import sign_in

pytestmark = pytest.mark.django_db


_frozen = clock_frozen_at(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC))


def _donation(name: str, value: str = "15000.00") -> dict[str, str]:
    return dict(TEMPLATE_DONATION, DonorName=name, Value=value)


def _add(world: dict[str, Any], version: ReturnVersion, *rows: dict[str, str]) -> None:
    for row in rows:
        services.transaction_add(
            version=version, kind=TransactionKind.DONATION, data=row, actor=world["treasurer"]
        )


def _remove(world: dict[str, Any], version: ReturnVersion, name: str) -> None:
    item = DraftTransaction.objects.get(version=version, data__DonorName=name)
    services.transaction_remove(item=item, actor=world["treasurer"])


def _through_to_accepted(world: dict[str, Any], version: ReturnVersion, key: str) -> None:
    version = services.version_validate(version=version, actor=world["treasurer"])
    assert version.status == Status.VALIDATED, version.findings
    services.version_declare(version=version, user=world["treasurer"])
    services.version_submit(version=version, user=world["treasurer"], idempotency_key=key)
    services.version_review_start(version=version, analyst=world["analyst"])
    services.version_accept(version=version, analyst=world["analyst"])


def _published_v1(world: dict[str, Any], *rows: dict[str, str]) -> ReturnVersion:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    )
    version = filed.current
    _add(world, version, *rows)
    _through_to_accepted(world, version, "v1")
    assert services.version_publish(version=version, approver=world["approver"]) == len(rows)
    return ReturnVersion.objects.get(pk=version.pk)


def _amend(world: dict[str, Any], version: ReturnVersion, note: str) -> ReturnVersion:
    return services.version_amend(version=version, user=world["treasurer"], change_note=note)


def _public(client: Client, world: dict[str, Any]) -> list[dict[str, Any]]:
    body = client.get(
        "/api/v1/donations/", {"regulated_entity": world["entity"].pk, "page_size": 100}
    ).json()
    assert body["count"] == len(body["results"])
    return sorted(body["results"], key=lambda item: item["donor_name"])


def _history_page(client: Client, record: Donation) -> str:
    response = client.get(f"/publication/records/donations/{record.ec_ref}/")
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_an_amendment_replaces_the_published_version(world: dict[str, Any]) -> None:
    client = Client()
    v1 = _published_v1(world, _donation("Donor A"), _donation("Donor B"))
    first = {item["donor_name"]: item["ec_ref"] for item in _public(client, world)}
    assert set(first) == {"Donor A", "Donor B"}

    v2 = _amend(world, v1, "Donor A gave £16,000, not £15,000; Donor B was reported twice")
    assert v2.amends_id == v1.pk
    _remove(world, v2, "Donor A")
    _add(world, v2, _donation("Donor A", "16000.00"))  # changed
    _remove(world, v2, "Donor B")  # removed
    _add(world, v2, _donation("Donor C", "9000.00"))  # added
    _through_to_accepted(world, v2, "v2")
    # Accepted, not yet published: the public data is still version 1's.
    assert {item["ec_ref"] for item in _public(client, world)} == set(first.values())

    assert services.version_publish(version=v2, approver=world["approver"]) == 2
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.status == Status.AMENDED
    assert v2.status == Status.PUBLISHED

    public = _public(client, world)
    assert [(item["donor_name"], item["value"]) for item in public] == [
        ("Donor A", "16000.00"),
        ("Donor C", "9000.00"),
    ]
    assert not {item["ec_ref"] for item in public} & set(first.values())
    reason = f"Replaced by amendment {v2.receipt_reference}"
    for ec_ref in first.values():
        old = Donation.all_objects.get(ec_ref=ec_ref)
        assert old.published_at is not None
        assert old.withdrawn_at == clock.now()
        assert old.withdrawal_reason == reason
        assert client.get("/api/v1/donations/", {"q": ec_ref}).json()["count"] == 0
    assert Donation.all_objects.filter(entity=world["entity"]).count() == 4
    assert Donation.objects.filter(entity=world["entity"]).count() == 2
    totals = client.get("/api/v1/donations/totals/", {"regulated_entity": world["entity"].pk})
    assert totals.status_code == 200
    assert "25000" in totals.content.decode()

    # One event per record withdrawn and per record the amendment added, on the record.
    withdrawn = AuditEvent.objects.filter(action="finance.record_withdrawn")
    assert withdrawn.count() == 2
    assert {e.payload["reason"] for e in withdrawn} == {reason}
    added = AuditEvent.objects.filter(action="finance.record_published")
    assert added.count() == 2
    assert {e.subject_id for e in added} == {
        str(pk)
        for pk in Donation.objects.filter(entity=world["entity"]).values_list("pk", flat=True)
    }
    assert all(v2.receipt_reference in e.payload["reason"] for e in added)
    assert all(v1.receipt_reference in e.payload["reason"] for e in added)
    assert (
        AuditEvent.objects.filter(action="filings.return_amended", subject_id=str(v1.pk)).count()
        == 1
    )
    assert AuditEvent.objects.filter(action="finance.filed_return_published").count() == 2
    call_command("audit_verify", stdout=io.StringIO())

    # The approvers' screen: the old record's history names the amendment, the new
    # record's history names the amendment and the version it replaced.
    sign_in(client, world["approver"])
    old_page = _history_page(client, Donation.all_objects.get(ec_ref=first["Donor A"]))
    assert "Withdrawn" in old_page
    assert reason in old_page
    new_page = _history_page(client, Donation.objects.get(donor_name="Donor A"))
    assert f"Added by amendment {v2.receipt_reference}" in new_page
    assert f"replacing version 1 ({v1.receipt_reference})" in new_page
    # The public page of the entity keeps the withdrawn records with the reason.
    entity_page = Client().get(f"/search/entities/{world['entity'].pk}/").content.decode()
    assert first["Donor B"] in entity_page
    assert reason in entity_page


def test_records_reported_unchanged_keep_their_reference(world: dict[str, Any]) -> None:
    client = Client()
    v1 = _published_v1(world, _donation("Donor A"), _donation("Donor B"), _donation("Donor C"))
    first = {item["donor_name"]: item["ec_ref"] for item in _public(client, world)}

    v2 = _amend(world, v1, "Donor B removed, Donor D added")
    _remove(world, v2, "Donor B")
    _add(world, v2, _donation("Donor D"))
    _through_to_accepted(world, v2, "v2")
    # Only the new row gets a record at acceptance; the unchanged two are carried.
    assert Donation.all_objects.filter(published_at__isnull=True).count() == 1
    assert services.version_publish(version=v2, approver=world["approver"]) == 3
    v2.refresh_from_db()
    second = {item["donor_name"]: item["ec_ref"] for item in _public(client, world)}
    assert set(second) == {"Donor A", "Donor C", "Donor D"}
    assert second["Donor A"] == first["Donor A"]
    assert second["Donor C"] == first["Donor C"]
    assert second["Donor D"] not in first.values()
    kept = Donation.objects.get(ec_ref=first["Donor A"])
    assert kept.corrected_at is None
    assert kept.withdrawn_at is None
    gone = Donation.all_objects.get(ec_ref=first["Donor B"])
    assert gone.withdrawal_reason == f"Replaced by amendment {v2.receipt_reference}"
    recorded = AuditEvent.objects.filter(action="finance.filed_return_recorded").last()
    assert recorded is not None
    assert sorted(recorded.payload["carried"]["donations"]) == sorted(
        [first["Donor A"], first["Donor C"]]
    )

    # A second amendment: the reference survives through every version that keeps it.
    v3 = _amend(world, v2, "Donor C's value corrected")
    _remove(world, v3, "Donor C")
    _add(world, v3, _donation("Donor C", "15500.00"))
    _through_to_accepted(world, v3, "v3")
    assert services.version_publish(version=v3, approver=world["approver"]) == 3
    third = {item["donor_name"]: item for item in _public(client, world)}
    assert third["Donor A"]["ec_ref"] == first["Donor A"]
    assert third["Donor D"]["ec_ref"] == second["Donor D"]
    assert third["Donor C"]["ec_ref"] not in {first["Donor C"]}
    assert third["Donor C"]["value"] == "15500.00"
    v3.refresh_from_db()
    assert Donation.all_objects.get(ec_ref=first["Donor C"]).withdrawal_reason == (
        f"Replaced by amendment {v3.receipt_reference}"
    )
    assert Donation.objects.filter(entity=world["entity"]).count() == 3
    assert ReturnVersion.objects.get(pk=v2.pk).status == Status.AMENDED
    call_command("audit_verify", stdout=io.StringIO())


def test_an_accepted_version_never_published_cannot_be_published_after_its_amendment(
    world: dict[str, Any],
) -> None:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q4 2026",
        actor=world["treasurer"],
    )
    v1 = filed.current
    _add(world, v1, _donation("Donor A"), _donation("Donor B"))
    _through_to_accepted(world, v1, "v1")
    v2 = _amend(world, ReturnVersion.objects.get(pk=v1.pk), "Donor B removed")
    _remove(world, v2, "Donor B")
    _through_to_accepted(world, v2, "v2")
    assert services.version_publish(version=v2, approver=world["approver"]) == 1
    assert [d.donor_name for d in Donation.objects.filter(entity=world["entity"])] == ["Donor A"]
    v1 = ReturnVersion.objects.get(pk=v1.pk)
    assert v1.status == Status.AMENDED
    old = Donation.all_objects.filter(filed_return_id=v1.finance_return_id)
    assert old.count() == 2
    assert all(d.published_at is None and d.withdrawn_at is not None for d in old)
    with pytest.raises(FilingError) as caught:
        services.version_publish(version=v1, approver=world["approver"])
    assert caught.value.code == FilingErrorCode.WRONG_STATUS
    with pytest.raises(FinanceError) as refused:
        disclosure_services.record_publish(
            user=world["approver"], kind="donations", ec_ref=old[0].ec_ref
        )
    assert refused.value.code == FinanceErrorCode.ALREADY_WITHDRAWN
    assert not Donation.objects.filter(pk__in=old.values("pk")).exists()
    # ... and the approvers' list of records waiting for publication does not offer them.
    client = Client()
    sign_in(client, world["approver"])
    listing = client.get("/publication/records/").content.decode()
    assert not any(d.ec_ref in listing for d in old)


def test_a_withdrawn_record_cannot_be_corrected(world: dict[str, Any]) -> None:
    v1 = _published_v1(world, _donation("Donor A"))
    record = Donation.objects.get(entity=world["entity"])
    disclosure_services.record_withdraw(
        user=world["approver"], kind="donations", ec_ref=record.ec_ref, reason="Reported twice"
    )
    before = dict(Donation.all_objects.filter(pk=record.pk).values().get())
    events = AuditEvent.objects.count()
    for correct in (
        lambda: finance_services.record_correct(
            kind="donations",
            ec_ref=record.ec_ref,
            changes={"donor_name": "Someone Else"},
            note="Typo",
            actor=world["approver"],
        ),
        lambda: disclosure_services.record_correct(
            user=world["approver"],
            kind="donations",
            ec_ref=record.ec_ref,
            changes={"donor_name": "Someone Else"},
            note="Typo",
        ),
    ):
        with pytest.raises(FinanceError) as caught:
            correct()
        assert caught.value.code == FinanceErrorCode.ALREADY_WITHDRAWN
        assert "withdrawn" in caught.value.message
    assert dict(Donation.all_objects.filter(pk=record.pk).values().get()) == before
    assert AuditEvent.objects.count() == events
    assert v1.status == Status.PUBLISHED
