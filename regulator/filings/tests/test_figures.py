from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from regulator.filings.figures import FigureCode, FigureNotInForceError
from regulator.filings.models import StatutoryFigure
from regulator.filings.selectors import figure_at

pytestmark = pytest.mark.django_db

UPLIFTED = {
    FigureCode.CENTRAL_REPORTING_THRESHOLD: ("7500", "11180"),
    FigureCode.FURTHER_GIFT_THRESHOLD: ("1500", "2230"),
    FigureCode.ACCOUNTING_UNIT_THRESHOLD: ("1500", "2230"),
    FigureCode.UNINCORPORATED_ASSOCIATION_REGISTRATION: ("25000", "37270"),
    FigureCode.PARTY_SPENDING_LIMIT_PER_SEAT: ("30000", "54010"),
    FigureCode.PARTY_SPENDING_FIXED_ENGLAND: ("810000", "1458440"),
    FigureCode.PARTY_SPENDING_FIXED_SCOTLAND: ("120000", "216060"),
    FigureCode.PARTY_SPENDING_FIXED_WALES: ("60000", "108030"),
}


@pytest.mark.parametrize(("code", "values"), UPLIFTED.items())
def test_figures_change_on_1_january_2024(code: FigureCode, values: tuple[str, str]) -> None:
    before, after = values
    assert figure_at(code, dt.date(2023, 12, 31)) == Decimal(before)
    assert figure_at(code, dt.date(2024, 1, 1)) == Decimal(after)


def test_every_figure_code_is_loaded_by_the_migration() -> None:
    loaded = set(StatutoryFigure.objects.values_list("code", flat=True))
    assert loaded == {code.value for code in FigureCode}


def test_the_donation_minimum_is_500_on_both_sides_of_the_uplift() -> None:
    assert figure_at(FigureCode.DONATION_MINIMUM, dt.date(2023, 12, 31)) == Decimal(500)
    assert figure_at(FigureCode.DONATION_MINIMUM, dt.date(2026, 11, 30)) == Decimal(500)


def test_no_figure_before_the_first_effective_date() -> None:
    with pytest.raises(FigureNotInForceError):
        figure_at(FigureCode.CENTRAL_REPORTING_THRESHOLD, dt.date(2009, 12, 31))
    with pytest.raises(FigureNotInForceError):
        figure_at("no_such_figure", dt.date(2024, 1, 1))


def test_unverified_figures_are_marked_with_what_to_check() -> None:
    northern_ireland = StatutoryFigure.objects.get(
        code=FigureCode.PARTY_SPENDING_FIXED_NORTHERN_IRELAND, effective_from=dt.date(2024, 1, 1)
    )
    assert northern_ireland.verified is False
    assert "UNVERIFIED" in northern_ireland.note
    for figure in StatutoryFigure.objects.filter(verified=False):
        assert figure.note, figure


def test_periods_of_one_code_do_not_overlap() -> None:
    by_code: dict[str, list[StatutoryFigure]] = {}
    for figure in StatutoryFigure.objects.order_by("code", "effective_from"):
        by_code.setdefault(figure.code, []).append(figure)
    for figures in by_code.values():
        for earlier, later in itertools.pairwise(figures):
            assert earlier.effective_to is not None
            assert earlier.effective_to < later.effective_from
