"""The guidance tests' own figures and deadlines: a provider subscribed beside the
filings area's (which answers first while the migrations' figures are in the database;
a transactional test flushes them, and then these answer), so guidance is tested
without importing the area above it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from regulator.guidance import types

OLD = dt.date(2010, 1, 1)
UPLIFT = dt.date(2024, 1, 1)
FIGURES: dict[str, list[tuple[dt.date, str]]] = {
    "donation_minimum": [(OLD, "500")],
    "central_reporting_threshold": [(OLD, "7500"), (UPLIFT, "11180")],
    "further_gift_threshold": [(OLD, "1500"), (UPLIFT, "2230")],
    "accounting_unit_threshold": [(OLD, "1500"), (UPLIFT, "2230")],
    "unincorporated_association_registration": [(OLD, "25000"), (UPLIFT, "37270")],
    "impermissible_return_days": [(OLD, "30")],
    "quarterly_report_days": [(OLD, "30")],
    "prepoll_report_days": [(OLD, "7")],
    "donee_report_days": [(OLD, "30")],
    "spending_claim_days": [(OLD, "30")],
    "spending_payment_days": [(OLD, "60")],
    "spending_regulated_period_days": [(OLD, "365")],
    "spending_return_months": [(OLD, "3")],
    "spending_return_months_audited": [(OLD, "6")],
    "spending_audit_threshold": [(OLD, "250000")],
    "party_spending_limit_per_seat": [(OLD, "30000"), (UPLIFT, "54010")],
    "accounts_report_months": [(OLD, "4")],
    "accounts_report_months_audited": [(OLD, "6")],
    "accounts_audit_threshold": [(OLD, "250000")],
    "npc_notification_england": [(OLD, "20000")],
    "npc_notification_other": [(OLD, "10000")],
    "npc_eligibility_uk": [(dt.date(2023, 1, 1), "10000")],
}


def _history(code: str) -> list[types.Figure]:
    rows = FIGURES.get(code, [])
    out = []
    for index, (start, value) in enumerate(rows):
        end = rows[index + 1][0] - dt.timedelta(days=1) if index + 1 < len(rows) else None
        out.append(types.Figure(code, Decimal(value), start, end, "tests"))
    return out


def fake_figure(request: types.FigureRequest) -> types.Figure | None:
    for figure in reversed(_history(request.code)):
        if figure.effective_from <= request.on:
            return figure
    return None


def fake_history(request: types.FigureRequest) -> list[types.Figure] | None:
    return _history(request.code) or None


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def fake_deadline(request: types.DeadlineRequest) -> dt.date | None:
    if request.kind == types.DeadlineKind.QUARTERLY:
        return request.period_end + dt.timedelta(days=30)
    if request.kind == types.DeadlineKind.PRE_POLL:
        return request.period_end + dt.timedelta(days=7)
    if request.kind == types.DeadlineKind.DONEE:
        return request.period_end + dt.timedelta(days=30)
    if request.kind == types.DeadlineKind.SPENDING:
        return _add_months(request.period_end, 6 if request.audited else 3)
    if request.kind == types.DeadlineKind.ACCOUNTS:
        return _add_months(request.period_end, 6 if request.audited else 4)
    return None


@pytest.fixture(autouse=True)
def _figures_for_guidance_tests() -> None:
    types.FIGURE_PROVIDERS.subscribe(fake_figure, key="tests")
    types.FIGURE_HISTORY_PROVIDERS.subscribe(fake_history, key="tests")
    types.DEADLINE_CALCULATORS.subscribe(fake_deadline, key="tests")
