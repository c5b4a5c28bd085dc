"""The clocks of enforcement on both sides of every threshold."""

from __future__ import annotations

import datetime as dt

from regulator.cases import clocks
from regulator.cases.types import SanctionKind, Service

FINAL = dt.date(2026, 3, 2)  # a Monday


def _clock(
    kind: str,
    today: dt.date,
    *,
    original_pence: int = 20_000,
    final_received_on: dt.date | None = FINAL,
    appeal_lodged_on: dt.date | None = None,
    appeal_determined_on: dt.date | None = None,
) -> clocks.PenaltyClock:
    return clocks.penalty_clock(
        kind=kind,
        original_pence=original_pence,
        intent_received_on=dt.date(2026, 1, 5),
        final_received_on=final_received_on,
        appeal_lodged_on=appeal_lodged_on,
        appeal_determined_on=appeal_determined_on,
        paid_on=None,
        today=today,
    )


def test_deemed_receipt_by_post_is_the_second_working_day_and_skips_bank_holidays() -> None:
    assert clocks.deemed_receipt(dt.date(2026, 3, 2), Service.POST) == dt.date(2026, 3, 4)
    # Posted on Thursday 2 April 2026: Good Friday and Easter Monday are not working days.
    assert clocks.deemed_receipt(dt.date(2026, 4, 2), Service.POST) == dt.date(2026, 4, 8)
    assert clocks.deemed_receipt(dt.date(2026, 3, 7), Service.EMAIL) == dt.date(2026, 3, 9)
    assert clocks.deemed_receipt(dt.date(2026, 3, 6), Service.HAND) == dt.date(2026, 3, 6)


def test_fixed_penalty_uplifts_at_28_and_56_days() -> None:
    on_time = _clock(SanctionKind.FIXED, FINAL + dt.timedelta(days=28))
    assert (on_time.owed_pence, on_time.late) == (20_000, False)
    assert on_time.pay_by == FINAL + dt.timedelta(days=28)
    late = _clock(SanctionKind.FIXED, FINAL + dt.timedelta(days=29))
    assert (late.owed_pence, late.late, late.stage) == (25_000, True, "late")
    assert late.next_uplift_on == FINAL + dt.timedelta(days=57)
    still = _clock(SanctionKind.FIXED, FINAL + dt.timedelta(days=56))
    assert still.owed_pence == 25_000
    later = _clock(SanctionKind.FIXED, FINAL + dt.timedelta(days=57))
    assert (later.owed_pence, later.stage) == (30_000, "late-50")


def test_variable_penalty_takes_only_the_25_percent_increase() -> None:
    late = _clock(SanctionKind.VARIABLE, FINAL + dt.timedelta(days=200), original_pence=500_000)
    assert late.owed_pence == 625_000


def test_an_appeal_suspends_the_clock_and_the_determination_restarts_it() -> None:
    suspended = _clock(SanctionKind.FIXED, FINAL + dt.timedelta(days=90), appeal_lodged_on=FINAL)
    assert (suspended.stage, suspended.owed_pence, suspended.pay_by) == ("appeal", 20_000, None)
    determined = dt.date(2026, 9, 1)
    after = _clock(
        SanctionKind.FIXED,
        determined + dt.timedelta(days=28),
        appeal_lodged_on=FINAL,
        appeal_determined_on=determined,
    )
    assert (after.owed_pence, after.late) == (20_000, False)
    assert after.pay_by == determined + dt.timedelta(days=28)


def test_discharge_period_of_the_notice_of_intent() -> None:
    clock = _clock(SanctionKind.FIXED, dt.date(2026, 1, 10), final_received_on=None)
    assert clock.stage == "discharge"
    assert clock.pay_by == dt.date(2026, 2, 2)
    variable = _clock(SanctionKind.VARIABLE, dt.date(2026, 1, 10), final_received_on=None)
    assert variable.pay_by is None


def test_add_months_keeps_to_the_end_of_short_months() -> None:
    assert clocks.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert clocks.add_months(dt.date(2025, 3, 15), 11) == dt.date(2026, 2, 15)
