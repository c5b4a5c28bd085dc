"""Runs stored in the database, the command, and analysts' decisions across re-runs."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.donors import evaluation, services
from regulator.donors.linkage import DonorRecord
from regulator.donors.models import Donor, DonorChange, DonorLink, ResolutionRun, ReviewPair
from regulator.donors.services import DonorsError, DonorsErrorCode

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def _records() -> list[DonorRecord]:
    return [
        DonorRecord("donation:1", "Mr John Example", "Individual", recipient_entity_id="52"),
        DonorRecord("donation:2", " John Example", "Individual", recipient_entity_id="52"),
        DonorRecord("donation:3", "Sir John Example", "Individual", recipient_entity_id="52"),
        DonorRecord("donation:4", "Mary Example", "Individual", recipient_entity_id="52"),
        DonorRecord("donation:5", "Widget Holdings Ltd", "Company", "1234567", "SW1A 1AA", "53"),
        DonorRecord("loan:6", "WIDGET HOLDINGS LIMITED", "Company", "01234567", "", "52"),
    ]


def _donor_of(key: str) -> str:
    return DonorLink.objects.get(record_key=key).donor.donor_id


def test_run_stores_donors_names_links_and_an_audit_event() -> None:
    run = services.resolution_run(records=_records(), full=True, actor=SYSTEM)
    assert run.status == ResolutionRun.Status.FINISHED
    assert (run.record_count, run.donor_count, run.new_donor_count) == (6, 3, 3)
    assert DonorLink.objects.count() == 6
    john = Donor.objects.get(donor_id=_donor_of("donation:1"))
    assert set(john.names.values_list("name", flat=True)) == {
        "Mr John Example",
        "John Example",
        "Sir John Example",
    }
    widget = Donor.objects.get(donor_id=_donor_of("loan:6"))
    assert widget.company_number == "01234567"
    event = AuditEvent.objects.get(action="donors.resolution_run_finished")
    assert event.actor_type == "system"
    assert event.payload["donors"] == 3


def test_incremental_run_does_nothing_when_nothing_changed() -> None:
    first = services.resolution_run(records=_records(), full=False, actor=SYSTEM)
    again = services.resolution_run(records=_records(), full=False, actor=SYSTEM)
    assert again.pk == first.pk
    assert ResolutionRun.objects.count() == 1


def test_split_decision_sticks_across_reruns_and_is_audited(django_user_model) -> None:
    services.resolution_run(records=_records(), full=True, actor=SYSTEM)
    analyst = django_user_model.objects.create_user(username="analyst", password="x")
    donor_id = _donor_of("donation:1")
    services.donor_split(
        analyst=analyst, donor_id=donor_id, record_keys=["donation:3"], reason="A knight"
    )
    assert AuditEvent.objects.filter(action="donors.review_split").exists()
    run = services.resolution_run(records=_records(), full=False, actor=SYSTEM)
    assert _donor_of("donation:3") != _donor_of("donation:1") == donor_id
    assert run.split_count == 1
    assert DonorChange.objects.filter(run=run, kind=DonorChange.Kind.SPLIT).count() == 1
    for _ in range(2):
        services.resolution_run(records=_records(), full=True, actor=SYSTEM)
        assert _donor_of("donation:3") != _donor_of("donation:1") == donor_id


def test_merge_decision_retires_the_absorbed_donor(django_user_model) -> None:
    services.resolution_run(records=_records(), full=True, actor=SYSTEM)
    analyst = django_user_model.objects.create_user(username="analyst", password="x")
    john, mary = _donor_of("donation:1"), _donor_of("donation:4")
    services.donor_merge(analyst=analyst, donor_ids=[john, mary], reason="Same person")
    services.resolution_run(records=_records(), full=False, actor=SYSTEM)
    assert _donor_of("donation:4") == john
    absorbed = Donor.objects.get(donor_id=mary)
    assert not absorbed.active
    assert absorbed.merged_into is not None
    assert absorbed.merged_into.donor_id == john


def test_review_pair_decision(django_user_model) -> None:
    services.resolution_run(records=_records(), full=True, actor=SYSTEM)
    run = ResolutionRun.objects.get()
    pair = ReviewPair.objects.create(
        run=run,
        left_key="donation:1",
        right_key="donation:4",
        left_name="Mr John Example",
        right_name="Mary Example",
        probability=0.5,
    )
    analyst = django_user_model.objects.create_user(username="analyst", password="x")
    with pytest.raises(DonorsError) as error:
        services.review_pair_decide(analyst=analyst, pair=pair, same_donor=True, reason=" ")
    assert error.value.code == DonorsErrorCode.REASON_REQUIRED
    services.review_pair_decide(analyst=analyst, pair=pair, same_donor=True, reason="Checked")
    with pytest.raises(DonorsError) as error:
        services.review_pair_decide(analyst=analyst, pair=pair, same_donor=False, reason="No")
    assert error.value.code == DonorsErrorCode.PAIR_NOT_OPEN
    services.resolution_run(records=_records(), full=False, actor=SYSTEM)
    assert _donor_of("donation:4") == _donor_of("donation:1")
    assert AuditEvent.objects.filter(action="donors.review_confirm").exists()


def test_bad_split_and_merge_requests_change_nothing(django_user_model) -> None:
    services.resolution_run(records=_records(), full=True, actor=SYSTEM)
    analyst = django_user_model.objects.create_user(username="analyst", password="x")
    donor_id = _donor_of("donation:1")
    cases = [
        (
            lambda: services.donor_split(
                analyst=analyst, donor_id="D9999999", record_keys=["donation:1"], reason="r"
            ),
            DonorsErrorCode.UNKNOWN_DONOR,
        ),
        (
            lambda: services.donor_split(
                analyst=analyst, donor_id=donor_id, record_keys=["donation:4"], reason="r"
            ),
            DonorsErrorCode.RECORDS_NOT_IN_DONOR,
        ),
        (
            lambda: services.donor_split(
                analyst=analyst,
                donor_id=donor_id,
                record_keys=["donation:1", "donation:2", "donation:3"],
                reason="r",
            ),
            DonorsErrorCode.SPLIT_TAKES_EVERYTHING,
        ),
        (
            lambda: services.donor_merge(analyst=analyst, donor_ids=[donor_id], reason="r"),
            DonorsErrorCode.MERGE_NEEDS_TWO,
        ),
    ]
    for call, code in cases:
        with pytest.raises(DonorsError) as error:
            call()
        assert error.value.code == code
    assert not AuditEvent.objects.filter(action__startswith="donors.review").exists()


def test_command_resolves_the_real_samples() -> None:
    out, err = io.StringIO(), io.StringIO()
    paths = [str(p) for p in evaluation.real_sample_paths()]
    call_command("donors_resolve", "--from-csv", *paths, stdout=out, stderr=err)
    assert "donors" in out.getvalue()
    assert "donors_resolve" in err.getvalue()  # the progress bar
    run = ResolutionRun.objects.get()
    assert run.record_count == DonorLink.objects.count() > 4000
    kgl = {
        link.donor_id for link in DonorLink.objects.filter(reported_name__contains="KGL (Estates)")
    }
    assert len(kgl) == 1
    assert ReviewPair.objects.filter(status=ReviewPair.Status.OPEN).exists()
    event = AuditEvent.objects.get(action="donors.resolution_run_finished")
    assert event.actor_label == "manage.py donors_resolve"


def test_command_refuses_bad_input(tmp_path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("donors_resolve", "--from-csv", str(tmp_path / "missing.csv"))
    spending = evaluation.SAMPLES / "spending-ukpge-2019.csv"
    with pytest.raises(CommandError, match="not a published donations or loans file"):
        call_command("donors_resolve", "--from-csv", str(spending), "--no-progress")
    out = io.StringIO()
    call_command("donors_resolve", "--no-progress", stdout=out)
    assert "No published donations or loans" in out.getvalue()
    assert not ResolutionRun.objects.exists()
