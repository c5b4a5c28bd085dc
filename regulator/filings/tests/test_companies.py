"""The Companies House snapshot: the synthetic file's format, the import, and the
permissibility rules checking company donors against it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from regulator.audit.models import AuditEvent
from regulator.filings.companies_fixture import (
    EDGE_CASES,
    SyntheticCompany,
    snapshot_text,
    synthetic_companies,
    write_snapshot,
)
from regulator.filings.models import Company
from regulator.filings.rules import RuleCode
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.validation import context_for, validate_file

pytestmark = pytest.mark.django_db

# The header line of the published BasicCompanyData files, copied from a real part.
PUBLISHED_HEADER = (
    "CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, "
    "RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,"
    "RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,"
    "IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,"
    "Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,"
    "Returns.LastMadeUpDate,Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,"
    "Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,SICCode.SicText_1,"
    "SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,LimitedPartnerships.NumGenPartners,"
    "LimitedPartnerships.NumLimPartners,URI,PreviousName_1.CONDATE, PreviousName_1.CompanyName, "
    "PreviousName_2.CONDATE, PreviousName_2.CompanyName,PreviousName_3.CONDATE, "
    "PreviousName_3.CompanyName,PreviousName_4.CONDATE, PreviousName_4.CompanyName,"
    "PreviousName_5.CONDATE, PreviousName_5.CompanyName,PreviousName_6.CONDATE, "
    "PreviousName_6.CompanyName,PreviousName_7.CONDATE, PreviousName_7.CompanyName,"
    "PreviousName_8.CONDATE, PreviousName_8.CompanyName,PreviousName_9.CONDATE, "
    "PreviousName_9.CompanyName,PreviousName_10.CONDATE, PreviousName_10.CompanyName,"
    "ConfStmtNextDueDate, ConfStmtLastMadeUpDate"
)


def test_the_synthetic_snapshot_is_in_the_published_format() -> None:
    text = snapshot_text(synthetic_companies(3))
    lines = text.split("\r\n")
    assert lines[0] == PUBLISHED_HEADER
    # Every value quoted, dates dd/mm/yyyy.
    first = lines[1]
    assert first.startswith('"')
    assert first.endswith('"')
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == 55 for row in rows[1:])
    assert rows[1][1] == "04118001"
    assert rows[1][13] == "30/06/2023"


def test_import_inserts_then_updates_and_records_who_did_it(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "BasicCompanyData-part1_1.csv", synthetic_companies(50))
    out = StringIO()
    call_command("companies_import", str(path), stdout=out)
    assert Company.objects.count() == 50 + len(EDGE_CASES)
    dissolved = Company.objects.get(pk="04118001")
    assert (dissolved.status, dissolved.dissolved_on) == ("Dissolved", dt.date(2023, 6, 30))
    assert dissolved.incorporated_on == dt.date(2005, 4, 1)
    assert dissolved.imported_at.tzinfo is not None
    assert abs((timezone.now() - dissolved.imported_at).total_seconds()) < 300
    assert Company.objects.get(pk="FC031234").country_of_origin == "Cayman Islands"
    assert Company.objects.get(pk="08209948").accounts_category == "DORMANT"

    renamed = [SyntheticCompany("01377507", "RENAMED WORKS LIMITED", status="Liquidation")]
    write_snapshot(tmp_path / "part2.csv", renamed)
    call_command("companies_import", str(tmp_path / "part2.csv"), stdout=out)
    assert Company.objects.count() == 50 + len(EDGE_CASES)
    assert Company.objects.get(pk="01377507").name == "RENAMED WORKS LIMITED"
    events = AuditEvent.objects.filter(action="filings.companies_imported").order_by("seq")
    assert [e.payload["rows"] for e in events] == [50 + len(EDGE_CASES), 1]
    assert events[0].actor_type == "system"
    assert "rows/s" in out.getvalue()


def test_a_file_with_a_bad_row_changes_nothing(tmp_path: Path) -> None:
    text = snapshot_text(synthetic_companies(5))
    text = text.replace('"15440004"', '"NOT A NUMBER"')
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="NOT A NUMBER"):
        call_command("companies_import", str(path), stdout=StringIO())
    assert Company.objects.count() == 0
    assert not AuditEvent.objects.filter(action="filings.companies_imported").exists()


def test_a_file_that_is_not_the_snapshot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "donations.csv"
    path.write_text("DonorName,Value\nJane,10\n", encoding="utf-8")
    with pytest.raises(CommandError, match="BasicCompanyData"):
        call_command("companies_import", str(path), stdout=StringIO())


def test_company_donors_are_checked_against_the_snapshot_on_the_date_of_receipt(
    tmp_path: Path,
) -> None:
    write_snapshot(tmp_path / "snapshot.csv", synthetic_companies(0))
    call_command("companies_import", str(tmp_path / "snapshot.csv"), stdout=StringIO())
    header = (
        "DonorName,DonorStatus,CompanyRegistrationNumber,OnElectoralRegister,IsIrishSource,Value,"
        "DonationType,NatureOfDonation,ReceivedDate,AcceptedDate,IsAggregation,DonationAction,"
        "ActionDate,ReportingPeriodName"
    )
    rows = [
        # 1: dissolved 30/06/2023, gift received in 2024: an error
        "Lapsed,Company,4118001,,False,20000,Cash,,10/02/2024,12/02/2024,False,,,Q1 2024",
        # 2: dissolved 01/09/2025, live when the gift came in 2024: fine
        "Late,Company,05220002,,False,20000,Cash,,10/02/2024,12/02/2024,False,,,Q1 2024",
        # 3: overseas
        "Offshore,Company,FC031234,,False,20000,Cash,,10/02/2024,12/02/2024,False,,,Q1 2024",
        # 4: dormant: a warning
        "Quiet,Company,8209948,,False,20000,Cash,,10/02/2024,12/02/2024,False,,,Q1 2024",
        # 5: lost leading zero, live
        "Old,Company,1377507,,False,20000,Cash,,10/02/2024,12/02/2024,False,,,Q1 2024",
        # 6: not in the snapshot: a warning
        "Ghost,Company,09999999,,False,20000,Cash,,10/02/2024,12/02/2024,False,,,Q1 2024",
        # 7: incorporated 01/02/2024, after the gift
        "Fresh,Company,15440004,,False,20000,Cash,,10/01/2024,12/01/2024,False,,,Q1 2024",
        # 8: Scottish company
        "Glen,Company,sc123456,,False,20000,Cash,,10/02/2024,12/02/2024,False,,,Q1 2024",
    ]
    path = tmp_path / "donations.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    ctx = context_for(
        kind=TransactionKind.DONATION, entity_type="Political Party", today=dt.date(2024, 4, 10)
    )
    result = validate_file(path, ctx=ctx)
    by_row: dict[int, set[str]] = {}
    for finding in result.findings:
        assert finding.row is not None
        by_row.setdefault(finding.row, set()).add(finding.code)
    assert by_row[1] == {RuleCode.COMPANY_DISSOLVED}
    assert 2 not in by_row
    assert by_row[3] == {RuleCode.COMPANY_OVERSEAS}
    assert by_row[4] == {RuleCode.COMPANY_DORMANT}
    assert 5 not in by_row
    assert by_row[6] == {RuleCode.COMPANY_UNKNOWN}
    assert by_row[7] == {RuleCode.COMPANY_NOT_YET_INCORPORATED}
    assert 8 not in by_row
    assert result.has_errors
    assert result.parsed.items[0].value == Decimal(20000)


def test_the_demo_snapshot_loads_once() -> None:
    from regulator.filings import demo

    out = StringIO()
    demo.load(scale=1, stdout=out)
    count = Company.objects.count()
    events = AuditEvent.objects.count()
    assert count == 200 + len(EDGE_CASES)
    demo.load(scale=1, stdout=out)
    assert Company.objects.count() == count
    assert AuditEvent.objects.count() == events
    assert "already loaded" in out.getvalue()


def test_a_windows_1252_snapshot_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    company = SyntheticCompany("07000001", "CAFÉ GWYNEDD CYFYNGEDIG")
    path.write_bytes(snapshot_text([company]).encode("cp1252"))
    call_command("companies_import", str(path), stdout=StringIO())
    assert Company.objects.get(pk="07000001").name == "CAFÉ GWYNEDD CYFYNGEDIG"
