"""The deadline arithmetic, across Christmas, Easter and each nation's own holidays, with
dates checked by hand against GOV.UK's bank holiday list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from regulator.contacts import deadlines
from regulator.contacts.types import EnquiryKind

D = dt.date
EW, SC, NI = "england-and-wales", "scotland", "northern-ireland"


@pytest.mark.parametrize(
    ("kind", "received", "nation", "due"),
    [
        # Christmas 2026: Fri 25 Dec, Mon 28 Dec (Boxing Day substitute), Fri 1 Jan 2027.
        (EnquiryKind.FOI, D(2026, 12, 18), EW, D(2027, 1, 20)),
        # Scotland adds 2 January's substitute, Mon 4 Jan 2027.
        (EnquiryKind.FOI, D(2026, 12, 18), SC, D(2027, 1, 21)),
        (EnquiryKind.FOI, D(2026, 12, 18), NI, D(2027, 1, 20)),
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April (not in Scotland).
        (EnquiryKind.EIR, D(2026, 3, 27), EW, D(2026, 4, 28)),
        (EnquiryKind.EIR, D(2026, 3, 27), SC, D(2026, 4, 27)),
        # Northern Ireland: St Patrick's Day, Tue 17 March 2026.
        (EnquiryKind.COMPLAINT_STAGE_1, D(2026, 3, 2), NI, D(2026, 3, 31)),
        (EnquiryKind.COMPLAINT_STAGE_1, D(2026, 3, 2), EW, D(2026, 3, 30)),
        # Northern Ireland: the Battle of the Boyne, Mon 13 July 2026 (12th is a Sunday).
        (EnquiryKind.INTERNAL_REVIEW, D(2026, 7, 1), NI, D(2026, 7, 30)),
        (EnquiryKind.INTERNAL_REVIEW, D(2026, 7, 1), EW, D(2026, 7, 29)),
        # Scotland: the first Monday of August (3 Aug 2026); elsewhere the last (31 Aug).
        (EnquiryKind.FOI, D(2026, 7, 28), SC, D(2026, 8, 26)),
        (EnquiryKind.FOI, D(2026, 7, 28), EW, D(2026, 8, 25)),
        # Scotland: St Andrew's Day, Mon 30 November 2026.
        (EnquiryKind.FOI, D(2026, 11, 20), SC, D(2026, 12, 21)),
        (EnquiryKind.FOI, D(2026, 11, 20), EW, D(2026, 12, 18)),
        # Received on a Saturday: day one is the Monday.
        (EnquiryKind.FOI, D(2026, 6, 6), EW, D(2026, 7, 3)),
    ],
)
def test_working_day_clocks(kind: str, received: dt.date, nation: str, due: dt.date) -> None:
    assert deadlines.due_date(kind, received, nation) == due


@pytest.mark.parametrize(
    ("received", "nation", "due"),
    [
        (D(2026, 3, 3), EW, D(2026, 4, 7)),  # 3 April is Good Friday; Easter Monday: Tue 7th
        (D(2026, 3, 4), EW, D(2026, 4, 7)),  # Sat 4 April: Easter Monday 6th, so Tue 7th
        (D(2026, 3, 4), SC, D(2026, 4, 6)),  # Easter Monday is a Scottish working day
        (D(2027, 1, 31), EW, D(2027, 3, 1)),  # no 31 February: 28th, a Sunday: Mon 1 March
        (D(2026, 11, 25), EW, D(2026, 12, 29)),  # 25 December, Christmas: after Boxing Day's
        (D(2026, 1, 10), EW, D(2026, 2, 10)),
    ],
)
def test_subject_access_counts_calendar_months(
    received: dt.date, nation: str, due: dt.date
) -> None:
    assert deadlines.due_date(EnquiryKind.SAR, received, nation) == due


def test_subject_access_extension_adds_months() -> None:
    assert deadlines.due_date(EnquiryKind.SAR, D(2026, 1, 10), EW, extension=2) == D(2026, 4, 10)
    with pytest.raises(deadlines.ClockError):
        deadlines.due_date(EnquiryKind.SAR, D(2026, 1, 10), EW, extension=3)


def test_advice_uses_its_configured_target(settings: Any) -> None:
    settings.CONTACTS_ADVICE_FINANCIAL_TARGET_DAYS = 5
    assert deadlines.due_date(EnquiryKind.ADVICE_FINANCIAL, D(2026, 12, 22), EW) == D(2026, 12, 31)


def test_a_pause_moves_the_due_date_by_the_working_days_stood_still() -> None:
    due = deadlines.due_date(EnquiryKind.FOI, D(2026, 12, 1), EW)
    assert due == D(2026, 12, 31)  # the 25th and 28th are holidays
    # paused Fri 18 Dec, resumed Tue 5 Jan: 21,22,23,24,29,30,31,4,5 = 9 working days
    assert deadlines.after_pause(EnquiryKind.FOI, due, D(2026, 12, 18), D(2027, 1, 5), EW) == D(
        2027, 1, 14
    )
    # a pause of subject access counts calendar days
    sar = deadlines.due_date(EnquiryKind.SAR, D(2026, 5, 5), EW)
    assert sar == D(2026, 6, 5)
    assert deadlines.after_pause(EnquiryKind.SAR, sar, D(2026, 5, 10), D(2026, 5, 20), EW) == D(
        2026, 6, 15
    )


def test_unknown_nation_and_kind_are_refused() -> None:
    with pytest.raises(deadlines.ClockError):
        deadlines.due_date(EnquiryKind.FOI, D(2026, 1, 5), "wales")
    with pytest.raises(deadlines.ClockError):
        deadlines.due_date("parking", D(2026, 1, 5), EW)


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["--kind", "foi", "--received", "2026-12-18"], "2027-01-20"),
        (["--kind", "foi", "--received", "2026-12-18", "--nation", "scotland"], "2027-01-21"),
        (["--kind", "sar", "--received", "2027-01-31"], "2027-03-01"),
        (["--kind", "eir", "--received", "2026-03-27", "--nation", "scotland"], "2026-04-27"),
        (
            ["--kind", "complaint", "--received", "2026-03-02", "--nation", "northern-ireland"],
            "2026-03-31",
        ),
        (["--kind", "internal-review", "--received", "2026-07-01"], "2026-07-29"),
        (["--kind", "advice", "--received", "2026-12-18"], "2027-01-06"),
    ],
)
def test_contacts_due_command(
    args: list[str], printed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("contacts_due", *args)
    assert capsys.readouterr().out.strip() == printed
