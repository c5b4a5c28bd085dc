from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from regulator.audit.models import AuditEvent
from regulator.audit.types import Actor
from regulator.core.money import to_pence
from regulator.finance import types as finance_types
from regulator.finance.models import Donation, ReportingPeriod, Return, SpendingItem
from regulator.finance.selectors import SumPence
from regulator.finance.services import ImportErrorCode, ec_file_import
from regulator.finance.tests.samples import EC_DATA, file_facts
from regulator.register.models import AccountingUnit, RegulatedEntity
from regulator.register.types import EntityStatus

ACTOR = Actor.system("tests")
DONATION_SAMPLES = [
    "donations-2019-q4.csv",
    "donations-2024-q1.csv",
    "donations-2024-prepoll-week1.csv",
    "donations-edge-cases.csv",
]


def _write(tmp_path: Path, rows: list[list[str]], columns: list[str] | None = None) -> Path:
    import csv

    path = tmp_path / "file.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns or finance_types.DONATION_COLUMNS)
        writer.writerows(rows)
    return path


def _sample_rows(name: str, count: int) -> list[list[str]]:
    import csv

    with (EC_DATA / name).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [row for _, row in zip(range(count), reader, strict=False)]


@pytest.mark.django_db
@pytest.mark.parametrize("name", DONATION_SAMPLES)
def test_each_donation_sample_imports_with_the_files_own_counts_and_totals(name):
    rows, total, refs = file_facts(EC_DATA / name, "Value")
    summary = ec_file_import(kind="donations", path=EC_DATA / name, actor=ACTOR)
    assert summary.ok, summary.error
    assert summary.created == rows == len(refs)
    assert summary.rejected == 0
    values = list(Donation.all_objects.values_list("value", flat=True))
    assert (len(values), sum(values)) == (rows, total)
    assert Donation.all_objects.aggregate(pence=SumPence("value"))["pence"] == to_pence(total)
    assert set(Donation.objects.values_list("ec_ref", flat=True)) == refs  # published


@pytest.mark.django_db
def test_the_spending_sample_imports_with_the_files_own_counts_and_totals():
    path = EC_DATA / "spending-ukpge-2019.csv"
    rows, total, _refs = file_facts(path, "TotalExpenditure")
    summary = ec_file_import(kind="spending", path=path, actor=ACTOR)
    assert summary.ok
    assert summary.created == rows
    values = list(SpendingItem.objects.values_list("value", flat=True))
    assert (len(values), sum(values)) == (rows, total)
    assert SpendingItem.objects.aggregate(pence=SumPence("value"))["pence"] == to_pence(total)
    item = SpendingItem.objects.get(ec_ref="SP0555253")
    assert item.amount_wales == Decimal("200.40")
    assert item.date == dt.date(2019, 1, 3)
    period = ReportingPeriod.objects.get(name="UK Parliamentary general election 12/12/2019")
    assert period.end_date == dt.date(2019, 12, 12)


@pytest.mark.django_db
def test_a_second_import_changes_nothing():
    path = EC_DATA / "donations-edge-cases.csv"
    first = ec_file_import(kind="donations", path=path, actor=ACTOR)
    events = AuditEvent.objects.count()
    updated_at = dict(Donation.all_objects.values_list("ec_ref", "updated_at"))
    second = ec_file_import(kind="donations", path=path, actor=ACTOR)
    assert (first.created, first.duplicates) == (21, 1)
    assert (second.created, second.updated, second.unchanged, second.duplicates) == (0, 0, 21, 1)
    assert dict(Donation.all_objects.values_list("ec_ref", "updated_at")) == updated_at
    # Only the per-file event is new.
    new = list(AuditEvent.objects.order_by("seq")[events:])
    assert [event.action for event in new] == ["disclosure.ec_donations_file_imported"]
    assert new[0].payload["unchanged"] == 21


@pytest.mark.django_db
def test_a_changed_row_updates_its_record_with_an_audit_event(tmp_path):
    rows = _sample_rows("donations-edge-cases.csv", 3)
    ec_file_import(kind="donations", path=_write(tmp_path, rows), actor=ACTOR)
    rows[1][3] = "£10,999.00"
    summary = ec_file_import(kind="donations", path=_write(tmp_path, rows), actor=ACTOR)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    assert Donation.objects.get(ec_ref=rows[1][0]).value == Decimal("10999.00")
    event = AuditEvent.objects.get(action="finance.donation_updated_from_published_data")
    assert event.subject_id == rows[1][0]
    assert event.payload["changes"]["value"] == {"old": "10705.00", "new": "10999.00"}


@pytest.mark.django_db
def test_an_unreadable_row_rejects_the_whole_file_naming_row_column_and_reason(tmp_path):
    rows = _sample_rows("donations-edge-cases.csv", 5)
    rows[3][4] = "31/02/2019"  # AcceptedDate
    rows[4][3] = "ten pounds"  # Value
    before = AuditEvent.objects.count()
    summary = ec_file_import(kind="donations", path=_write(tmp_path, rows), actor=ACTOR)
    assert summary.error_code == ImportErrorCode.UNREADABLE_ROW
    assert [(p.row, p.column) for p in summary.problems] == [(4, "AcceptedDate"), (5, "Value")]
    assert "not a date" in summary.problems[0].reason
    assert "not an amount of money" in summary.problems[1].reason
    assert Donation.all_objects.count() == 0
    assert RegulatedEntity.objects.count() == 0
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_skip_bad_rows_imports_the_rest_and_reports_the_bad_ones(tmp_path):
    rows = _sample_rows("donations-edge-cases.csv", 5)
    rows[2][23] = "fifty-three"  # RegulatedEntityId
    summary = ec_file_import(
        kind="donations", path=_write(tmp_path, rows), actor=ACTOR, skip_bad_rows=True
    )
    assert summary.ok
    assert (summary.created, summary.rejected) == (4, 1)
    assert summary.problems[0].row == 3
    assert summary.problems[0].column == "RegulatedEntityId"


@pytest.mark.django_db
def test_values_outside_the_known_sets_are_stored_as_reported_and_counted(tmp_path):
    rows = _sample_rows("donations-edge-cases.csv", 2)
    rows[0][9] = "Crown Dependency Body"  # DonorStatus
    rows[1][2] = "Recall Petitioner"  # RegulatedEntityType
    summary = ec_file_import(kind="donations", path=_write(tmp_path, rows), actor=ACTOR)
    assert summary.ok
    assert summary.unknown_values[("DonorStatus", "Crown Dependency Body")] == 1
    assert summary.unknown_values[("RegulatedEntityType", "Recall Petitioner")] == 1
    assert Donation.objects.get(ec_ref=rows[0][0]).donor_status == "Crown Dependency Body"


@pytest.mark.django_db
def test_a_file_of_another_layout_is_refused(tmp_path):
    path = EC_DATA / "spending-ukpge-2019.csv"
    summary = ec_file_import(kind="donations", path=path, actor=ACTOR)
    assert summary.error_code == ImportErrorCode.WRONG_LAYOUT
    assert "looks like a spending file" in summary.error


@pytest.mark.django_db
def test_quirks_are_survived():
    ec_file_import(kind="donations", path=EC_DATA / "donations-edge-cases.csv", actor=ACTOR)
    kgl = Donation.objects.get(ec_ref="C0479200")
    assert kgl.company_number_reported == "1377507"
    assert kgl.company_number == "01377507"
    assert kgl.donor_name == "  KGL (Estates)  Ltd "  # as reported
    assert kgl.postcode == "WS11 7FU"  # an organisation's postcode is published
    libertarian = RegulatedEntity.objects.get(pk=3906)
    assert libertarian.name == "Scottish Libertarian Party"
    assert libertarian.deregistered_on == dt.date(2022, 11, 11)
    assert libertarian.status == EntityStatus.DEREGISTERED
    assert AccountingUnit.objects.get(pk=392).entity_id == 53
    assert Return.objects.filter(kind="imported", entity_id=52).exists()
    trust = Donation.objects.get(ec_ref="ET0551995")
    assert trust.is_irish_source is None


@pytest.mark.django_db
def test_an_individuals_postcode_is_never_stored(tmp_path):
    rows = _sample_rows("donations-edge-cases.csv", 2)
    assert rows[1][9] == "Individual"
    rows[1][12] = "SW1A 1AA"
    ec_file_import(kind="donations", path=_write(tmp_path, rows), actor=ACTOR)
    assert Donation.objects.get(ec_ref=rows[1][0]).postcode == ""


@pytest.mark.django_db
def test_the_command_exits_1_on_rejection_and_0_on_success(tmp_path, capsys):
    rows = _sample_rows("donations-edge-cases.csv", 2)
    rows[1][17] = "yesterday"
    bad = _write(tmp_path, rows)
    with pytest.raises(SystemExit) as exit_info:
        call_command("disclosure_import_ec", "donations", str(bad), "--no-progress")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "rejected" in err
    assert "row 2, column ReceivedDate" in err
    call_command(
        "disclosure_import_ec",
        "donations",
        str(EC_DATA / "donations-edge-cases.csv"),
        "--no-progress",
    )
    out = capsys.readouterr().out
    assert "read 22, created 21, updated 0, unchanged 0, duplicates 1, rejected 0" in out
    event = AuditEvent.objects.get(action="disclosure.ec_donations_file_imported")
    assert event.actor_label == "manage.py disclosure_import_ec"


def _column(name: str) -> int:
    return finance_types.DONATION_COLUMNS.index(name)


@pytest.mark.django_db
def test_a_bad_deregistration_date_rejects_that_row_with_its_reason(tmp_path):
    rows = _sample_rows("donations-edge-cases.csv", 3)
    name = _column("RegulatedEntityName")
    rows[1][name] = "Scottish Libertarian Party [De-registered 31/02/22]"
    summary = ec_file_import(
        kind="donations", path=_write(tmp_path, rows), actor=ACTOR, skip_bad_rows=True
    )
    assert summary.created == 2
    [problem] = summary.problems
    assert (problem.row, problem.column) == (2, "RegulatedEntityName")
    assert "'31/02/22'" in problem.reason
    assert "not a date" in problem.reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    "written",
    [
        "Scottish Libertarian Party [De-Registered 11/11/22]",
        "Scottish Libertarian Party [DE-REGISTERED 11/11/22]",
        "Scottish Libertarian Party [de-registered 11/11/2022]",
    ],
)
def test_a_deregistration_note_in_any_capitalisation_leaves_the_name(tmp_path, written):
    rows = _sample_rows("donations-edge-cases.csv", 1)
    rows[0][_column("RegulatedEntityName")] = written
    summary = ec_file_import(kind="donations", path=_write(tmp_path, rows), actor=ACTOR)
    assert summary.ok, summary.problems
    entity = RegulatedEntity.objects.get()
    assert (entity.name, entity.deregistered_on) == (
        "Scottish Libertarian Party",
        dt.date(2022, 11, 11),
    )
    assert Donation.all_objects.get().entity_name == "Scottish Libertarian Party"


@pytest.mark.django_db
def test_an_import_backfills_a_blank_register_type_and_donee_type_audited(tmp_path):
    rows = _sample_rows("donations-edge-cases.csv", 1)
    entity_id = int(rows[0][_column("RegulatedEntityId")])
    rows[0][_column("RegisterName")] = "Northern Ireland"
    rows[0][_column("RegulatedEntityType")] = "Regulated Donee"
    rows[0][_column("RegulatedDoneeType")] = "Members Association"
    RegulatedEntity.objects.create(pk=entity_id, name="Known", entity_type="", register="")
    ec_file_import(kind="donations", path=_write(tmp_path, rows), actor=ACTOR)
    entity = RegulatedEntity.objects.get(pk=entity_id)
    assert (entity.entity_type, entity.register, entity.donee_type) == (
        "regulated-donee",
        "northern-ireland",
        "Members Association",
    )
    event = AuditEvent.objects.get(action="register.entity_backfilled_from_published_data")
    assert event.payload == {
        "entity_type": "regulated-donee",
        "register": "northern-ireland",
        "donee_type": "Members Association",
        "source": "published data",
    }
    assert entity.name == "Known"  # published names lag behind the register


@pytest.mark.django_db
def test_an_import_never_overwrites_what_the_register_holds(tmp_path):
    rows = _sample_rows("donations-edge-cases.csv", 1)
    entity_id = int(rows[0][_column("RegulatedEntityId")])
    rows[0][_column("RegisterName")] = "Northern Ireland"
    RegulatedEntity.objects.create(
        pk=entity_id, name="Known", entity_type="political-party", register="great-britain"
    )
    ec_file_import(kind="donations", path=_write(tmp_path, rows), actor=ACTOR)
    assert RegulatedEntity.objects.get(pk=entity_id).register == "great-britain"
    assert not AuditEvent.objects.filter(
        action="register.entity_backfilled_from_published_data"
    ).exists()
