"""manage.py filings_validate over the real published samples and over our template."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from regulator.core import clock
from regulator.filings.rules import RuleCode

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "ec"


def run(*args: str) -> tuple[int, list[dict[str, object]], str]:
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("filings_validate", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    text = out.getvalue()
    return code, (json.loads(text) if text.strip() else []), err.getvalue()


def codes(findings: list[dict[str, object]]) -> Counter[str]:
    return Counter(str(f["code"]) for f in findings)


PARTY = ["--kind", "donations", "--entity-type", "Political Party", "--accounting-unit", "central"]


def test_the_pre_poll_week_file_is_clean_against_its_own_period(capsys) -> None:
    clock.freeze(dt.datetime(2024, 6, 12, 22, 55, tzinfo=dt.UTC))  # 23:55 in London
    code, findings, _ = run(*PARTY, str(DATA / "donations-2024-prepoll-week1.csv"))
    assert code == 0
    assert all(f["severity"] == "warning" for f in findings)
    found = codes(findings)
    # Weekly pre-poll reports list gifts by date received: no acceptance date is missing,
    # none is outside the week, and the report is not yet late at 23:55 on its due date.
    assert RuleCode.ACCEPTED_DATE_MISSING not in found
    assert RuleCode.DATE_AFTER_PERIOD not in found
    assert RuleCode.REPORT_LATE not in found
    # The Commission's layout cannot say whether individuals are on the register.
    assert found[RuleCode.ELECTORAL_REGISTER_NOT_IN_LAYOUT] == 33
    assert all(set(f) == {"row", "code", "severity", "message"} for f in findings)


def test_the_pre_poll_week_file_against_a_later_week_finds_every_row_early() -> None:
    clock.freeze(dt.datetime(2024, 6, 20, 12, tzinfo=dt.UTC))
    code, findings, _ = run(
        *PARTY,
        "--period",
        "Pre-Poll 2 - Party(06/06/24 - 12/06/24) UKPGE 2024",
        str(DATA / "donations-2024-prepoll-week1.csv"),
    )
    assert code == 0  # gifts of an earlier week are late reports: warnings only
    assert codes(findings)[RuleCode.DATE_BEFORE_PERIOD] == 53


def test_the_pre_poll_week_file_against_an_earlier_quarter_is_in_error() -> None:
    clock.freeze(dt.datetime(2024, 6, 20, 12, tzinfo=dt.UTC))
    code, findings, _ = run(
        *PARTY, "--period", "Q1 2024", str(DATA / "donations-2024-prepoll-week1.csv")
    )
    assert code == 1
    # A quarterly report needs acceptance dates, which the pre-poll rows lack.
    assert codes(findings)[RuleCode.ACCEPTED_DATE_MISSING] == 53


def test_a_day_late_the_pre_poll_report_is_flagged_late() -> None:
    clock.freeze(dt.datetime(2024, 6, 12, 23, 5, tzinfo=dt.UTC))  # 00:05 on 13 June, London
    _code, findings, _ = run(*PARTY, str(DATA / "donations-2024-prepoll-week1.csv"))
    late = [f for f in findings if f["code"] == RuleCode.REPORT_LATE]
    assert len(late) == 1
    assert late[0]["row"] is None
    assert "12/06/2024" in str(late[0]["message"])


def test_the_2024_quarter_applies_the_uplifted_thresholds() -> None:
    clock.freeze(dt.datetime(2024, 4, 20, 12, tzinfo=dt.UTC))
    code, findings, _ = run(*PARTY, str(DATA / "donations-2024-q1.csv"))
    assert code == 1
    found = codes(findings)
    # Rows for accounting units, donees and third parties are not the central party's.
    assert found[RuleCode.ROW_OTHER_RECIPIENT] == 630
    # The Commission's " ?" after a number it could not verify ("01888633 ?") is read
    # without it: no cell of the published file is refused.
    assert RuleCode.CELL_NOT_COMPANY_NUMBER not in found
    assert RuleCode.PUBLISHED_COMPANY_NUMBER_UNREADABLE not in found
    below = [f for f in findings if f["code"] == RuleCode.BELOW_REPORTING_THRESHOLD]
    assert below
    assert all("£11,180.00" in str(f["message"]) or "£2,230.00" in str(f["message"]) for f in below)


def test_the_2019_quarter_applies_the_old_thresholds() -> None:
    clock.freeze(dt.datetime(2020, 1, 20, 12, tzinfo=dt.UTC))
    _code, findings, _ = run(*PARTY, str(DATA / "donations-2019-q4.csv"))
    below = [f for f in findings if f["code"] == RuleCode.BELOW_REPORTING_THRESHOLD]
    assert below
    assert all("£7,500.00" in str(f["message"]) or "£1,500.00" in str(f["message"]) for f in below)


def test_the_spending_sample_checks_dates_against_polling_day() -> None:
    clock.freeze(dt.datetime(2020, 3, 1, 12, tzinfo=dt.UTC))
    code, findings, _ = run(
        "--kind",
        "spending",
        "--entity-type",
        "Political Party",
        str(DATA / "spending-ukpge-2019.csv"),
    )
    found = codes(findings)
    assert code == 1
    assert found[RuleCode.SPENDING_CLAIM_LATE] > 0
    assert found[RuleCode.SPENDING_POLL_UNKNOWN] == 0
    # The published returns split amounts between nations with a penny of rounding.
    assert found[RuleCode.SPENDING_NATIONS_MISMATCH] == 0


def test_our_template_is_validated_and_rows_are_numbered_from_one(tmp_path: Path) -> None:
    clock.freeze(dt.datetime(2025, 4, 10, 12, tzinfo=dt.UTC))
    path = tmp_path / "donations.csv"
    path.write_text(
        "ReportingPeriodName,DonorName,DonorStatus,CompanyRegistrationNumber,OnElectoralRegister,"
        "IsIrishSource,Value,DonationType,NatureOfDonation,ReceivedDate,AcceptedDate,"
        "IsAggregation,DonationAction,ActionDate\n"
        "Q1 2025,Jane Donor,Individual,,True,False,25000.00,Cash,,10/02/2025,12/02/2025,False,,\n"
        "Q1 2025,John Donor,Individual,,True,False,15000.00,Cash,,10/04/2025,12/04/2025,False,,\n",
        encoding="utf-8",
    )
    code, findings, _ = run(*PARTY, str(path))
    assert code == 1
    assert sorted((f["row"], f["code"]) for f in findings) == [
        (2, "date_after_period"),
        (2, "date_in_future"),
    ]


def test_an_unreadable_file_exits_2_with_nothing_on_stdout(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Name,Amount\nJane,10\n", encoding="utf-8")
    code, findings, err = run(*PARTY, str(path))
    assert code == 2
    assert findings == []
    assert "missing columns" in err
    missing = run(*PARTY, str(tmp_path / "absent.csv"))
    assert missing[0] == 2


def test_a_loans_file_given_as_donations_is_refused(tmp_path: Path) -> None:
    from regulator.finance.types import LOAN_COLUMNS

    path = tmp_path / "loans.csv"
    path.write_text(",".join(LOAN_COLUMNS) + "\n", encoding="utf-8")
    code, _findings, err = run(*PARTY, str(path))
    assert code == 2
    assert "loans" in err


def test_an_unknown_period_name_exits_2(tmp_path: Path) -> None:
    code, _findings, err = run(
        *PARTY, "--period", "Q9 2025", str(DATA / "donations-edge-cases.csv")
    )
    assert code == 2
    assert "Q9 2025" in err


def test_windows_1252_files_are_read(tmp_path: Path) -> None:
    clock.freeze(dt.datetime(2025, 4, 10, 12, tzinfo=dt.UTC))
    path = tmp_path / "cp1252.csv"
    text = (
        "DonorName,DonorStatus,CompanyRegistrationNumber,OnElectoralRegister,IsIrishSource,Value,"
        "DonationType,NatureOfDonation,ReceivedDate,AcceptedDate,IsAggregation,DonationAction,"
        "ActionDate,ReportingPeriodName\n"
        "Siân Jones,Individual,,True,False,£25000.00,Cash,,10/02/2025,12/02/2025,False,,,Q1 2025\n"
    )
    path.write_bytes(text.encode("cp1252"))
    code, findings, _ = run(*PARTY, str(path))
    assert (code, findings) == (0, [])


def test_as_a_real_process_stdout_is_only_json_and_logs_go_to_stderr(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "LOG_LEVEL": "INFO",
        "LOG_JSON": "true",
        "REGULATOR_VAR_DIR": str(tmp_path / "var"),
    }
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "filings", "-v0"], cwd=root, env=env, check=True)
    result = subprocess.run(
        [*manage, "filings_validate", *PARTY, str(DATA / "donations-edge-cases.csv")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)  # nothing but the JSON document
    assert {f["code"] for f in findings} >= {"row_other_recipient", "below_reporting_threshold"}
    assert "filings_validate: 22 rows" in result.stderr
