"""The rules as the Act reads (issue 13): thresholds by recipient, working days, who may
lend, registers never assumed, and the pins that a mutation run showed missing (each
test here fails when the rule it names is changed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from regulator.core.testing import clock_frozen_at
from regulator.filings import services
from regulator.filings.figures import Figure, FigureNotInForceError, FigureTable
from regulator.filings.models import ReturnKind
from regulator.filings.rules import RuleCode, validate
from regulator.filings.rules.inputs import Layout, TransactionKind
from regulator.filings.selectors import figure_table
from regulator.filings.tests.factories import TEMPLATE_DONATION, context, donation, loan, spending

pytestmark = pytest.mark.django_db

C = RuleCode
D = Decimal


def codes(*items: Any, **ctx: Any) -> set[RuleCode]:
    return {f.code for f in validate(list(items), context(**ctx))}


def rows(code: RuleCode, *items: Any, **ctx: Any) -> set[int | None]:
    return {f.row for f in validate(list(items), context(**ctx)) if f.code == code}


def gift(day: dt.date, value: str, **fields: Any) -> Any:
    quarter = (day.month - 1) // 3 + 1
    values: dict[str, Any] = {
        "value": D(value),
        "received": day,
        "accepted": day,
        "period_name": f"Q{quarter} {day.year}",
    }
    return donation(**{**values, **fields})


D2023 = dt.date(2023, 6, 2)
D2024 = dt.date(2024, 6, 2)
AT_2023 = {"today": dt.date(2023, 7, 15)}
AT_2024 = {"today": dt.date(2024, 7, 15)}
BELOW = C.BELOW_REPORTING_THRESHOLD


# --- Item 11: the figures pinned on both sides -------------------------------------------


def test_the_central_threshold_before_2024_is_over_7500() -> None:
    assert BELOW in codes(gift(D2023, "7500.00"), **AT_2023)
    assert BELOW not in codes(gift(D2023, "7500.01"), **AT_2023)


@pytest.mark.parametrize(
    ("day", "at", "limit"),
    [(D2023, AT_2023, "25000"), (D2024, AT_2024, "37270")],
)
def test_the_unincorporated_association_boundary(day: dt.date, at: Any, limit: str) -> None:
    """Sch. 19A para 1: more than £25,000 (£37,270 from 2024) in a calendar year."""
    association = {"source_status": "Unincorporated Association", "on_electoral_register": None}
    at_limit = gift(day, limit, **association)
    over = gift(day, str(D(limit) + D("0.01")), **association)
    code = C.UNINCORPORATED_ASSOCIATION_OVER_REGISTRATION
    assert code not in codes(at_limit, **at)
    assert code in codes(over, **at)


def test_the_source_key_includes_the_kind_of_source() -> None:
    """A trust and an unincorporated association with the same name are two sources: their
    gifts are not added up (£6,000 + £6,000 would pass £11,180)."""
    trust = gift(D2024, "6000", row=1, source_name="Friends of X", source_status="Trust")
    association = gift(
        D2024,
        "6000",
        row=2,
        source_name="Friends of X",
        source_status="Unincorporated Association",
        on_electoral_register=None,
        accepted=dt.date(2024, 6, 3),
    )
    assert rows(BELOW, trust, association, **AT_2024) == {1, 2}
    same = gift(D2024, "6000", row=2, source_name="Friends of X", source_status="Trust")
    assert rows(BELOW, trust, same, **AT_2024) == set()


def test_accounting_units_as_central_party_use_the_central_threshold() -> None:
    """A unit's gift treated as the central party's (AccountingUnitsAsCentralParty, the
    year-end sweep of s.62(12)) is judged against the central threshold, and belongs in
    the central party's report."""
    unit = {"is_central": False, "accounting_unit": "Bristol West", **AT_2024}
    as_central = gift(D2024, "5000", recipient_as_central=True)
    plain = gift(D2024, "5000")
    assert BELOW in codes(as_central, **unit)  # not over £11,180
    assert BELOW not in codes(plain, **unit)  # over the unit's £2,230
    published = {"recipient_accounting_unit": "Bristol West", "recipient_entity_type": None}
    swept = gift(D2024, "12000", recipient_as_central=True, **published)
    kept = gift(D2024, "12000", recipient_as_central=False, **published)
    assert C.ROW_OTHER_RECIPIENT not in codes(swept, **AT_2024)
    assert C.ROW_OTHER_RECIPIENT in codes(kept, **AT_2024)


def test_a_figure_stops_at_its_effective_to() -> None:
    """A figure closed on 31/12/2023 with no successor is not in force the day after."""
    table = FigureTable(
        [
            Figure(
                code="closed",
                value=D(1),
                effective_from=dt.date(2010, 1, 1),
                effective_to=dt.date(2023, 12, 31),
                source="test",
                verified=True,
            )
        ]
    )
    assert table.at("closed", dt.date(2023, 12, 31)) == D(1)
    with pytest.raises(FigureNotInForceError):
        table.at("closed", dt.date(2024, 1, 1))


# --- Item 4: thresholds by recipient ------------------------------------------------------


@pytest.mark.parametrize(
    ("donee_type", "day", "at", "limit"),
    [
        ("MP - Member of Parliament", D2023, AT_2023, "1500"),
        ("MP - Member of Parliament", D2024, AT_2024, "2230"),
        ("Members Association", D2023, AT_2023, "7500"),
        ("Members Association", D2024, AT_2024, "11180"),
    ],
)
def test_regulated_donees_use_their_own_thresholds(
    donee_type: str, day: dt.date, at: Any, limit: str
) -> None:
    """Sch. 7 para 10(1A): a members association reports over £7,500 (£11,180), every
    other donee over £1,500 (£2,230); not the accounting units' figure."""
    donee = {"entity_type": "regulated-donee", "donee_type": donee_type, **at}
    assert BELOW in codes(gift(day, limit, period_name=""), **donee)
    over = str(D(limit) + D("0.01"))
    assert BELOW not in codes(gift(day, over, period_name=""), **donee)
    # The published RegulatedDoneeType of the row speaks for a file of many donees.
    in_row = gift(day, limit, period_name="", recipient_donee_type=donee_type)
    assert BELOW in codes(in_row, entity_type="regulated-donee", **at)


def test_a_donees_gifts_are_added_up_since_its_last_report() -> None:
    donee = {"entity_type": "regulated-donee", "donee_type": "mp", **AT_2024}
    first = gift(D2024, "1200", row=1, period_name="")
    second = gift(dt.date(2024, 6, 9), "1100", row=2, period_name="")
    third = gift(dt.date(2024, 6, 16), "1000", row=3, period_name="")
    assert rows(BELOW, first, second, third, **donee) == {3}
    assert rows(C.AGGREGATION_NOT_FLAGGED, first, second, third, **donee) == {1, 2}


@pytest.mark.parametrize(("day", "at"), [(D2023, AT_2023), (D2024, AT_2024)])
def test_non_party_campaigners_keep_7500_after_2024(day: dt.date, at: Any) -> None:
    """S.I. 2023/1235 art. 4 did not vary the non-party campaigners' threshold."""
    third = {"entity_type": "third-party", **at}
    assert BELOW in codes(gift(day, "7500.00"), **third)
    assert BELOW not in codes(gift(day, "7500.01"), **third)


@pytest.mark.parametrize(
    ("day", "at", "limit"), [(D2023, AT_2023, "7500"), (D2024, AT_2024, "11180")]
)
def test_permitted_participants_have_their_own_threshold(day: dt.date, at: Any, limit: str) -> None:
    participant = {"entity_type": "permitted-participant", **at}
    assert BELOW in codes(gift(day, limit), **participant)
    assert BELOW not in codes(gift(day, str(D(limit) + D("0.01"))), **participant)


def test_a_third_party_quarterly_report_adds_up_and_is_due_in_30_days() -> None:
    period = (
        "Pre-poll 1 - Third Party (17/12/2023 - 16/03/2024) UK Parliamentary general election 2024"
    )
    third = {"entity_type": "third-party", "today": dt.date(2024, 4, 15)}
    first = gift(dt.date(2024, 1, 10), "4000", row=1, period_name=period)
    second = gift(dt.date(2024, 2, 10), "4000", row=2, period_name=period)
    found = validate([first, second], context(**third))
    assert {(f.row, f.code) for f in found} >= {(1, C.AGGREGATION_NOT_FLAGGED)}
    assert C.REPORT_LATE not in {f.code for f in found}  # reported on 15 April: in time
    late = validate([first], context(entity_type="third-party", today=dt.date(2024, 4, 16)))
    assert C.REPORT_LATE in {f.code for f in late}


# --- Item 3: working days of the right nation ---------------------------------------------

SPEND = {"kind": TransactionKind.SPENDING, "today": dt.date(2024, 9, 20)}


@pytest.mark.parametrize(
    ("nation", "register", "last_day"),
    [
        # 30 days after 04/07/2024 is Saturday 03/08: Monday 05/08, but Scotland's summer
        # bank holiday is that Monday, so 06/08 there.
        ("england-and-wales", "great-britain", dt.date(2024, 8, 5)),
        ("scotland", "great-britain", dt.date(2024, 8, 6)),
        ("", "northern-ireland", dt.date(2024, 8, 5)),
        # A register not known: the latest of the three, so nobody is told they are late
        # when their own holidays kept them in time.
        ("", "", dt.date(2024, 8, 6)),
    ],
)
def test_claims_move_to_the_next_working_day_of_the_nation(
    nation: str, register: str, last_day: dt.date
) -> None:
    ctx = {"holiday_nation": nation, "register": register, **SPEND}
    on_time = spending(claimed=last_day)
    assert C.SPENDING_CLAIM_LATE not in codes(on_time, **ctx)
    assert C.SPENDING_CLAIM_LATE in codes(spending(claimed=last_day + dt.timedelta(days=1)), **ctx)


def test_payments_in_northern_ireland_move_past_the_twelfth_of_july() -> None:
    """Polled 13/05/2021 (a made-up poll): 60 days after is Monday 12/07/2021, a bank
    holiday in Northern Ireland only: payments are in time there on 13/07."""
    period = "UK Parliamentary general election 13/05/2021"
    item = spending(
        incurred=dt.date(2021, 5, 1),
        claimed=dt.date(2021, 5, 20),
        paid=dt.date(2021, 7, 13),
        period_name=period,
    )
    ni = {"register": "northern-ireland", "kind": TransactionKind.SPENDING}
    at = {"today": dt.date(2021, 9, 1)}
    assert C.SPENDING_PAID_LATE not in codes(item, **ni, **at)
    gb = {"register": "great-britain", "kind": TransactionKind.SPENDING}
    assert C.SPENDING_PAID_LATE in codes(item, **gb, **at)


# --- Item 6: who may lend -----------------------------------------------------------------

LENDERS: dict[str, dict[str, Any]] = {
    "Individual": {"on_electoral_register": True},
    "Company": {"company_number": ""},
    "Registered Political Party": {},
    "Trade Union": {},
    "Building Society": {},
    "Limited Liability Partnership": {"company_number": ""},
    "Friendly Society": {},
    "Unincorporated Association": {},
}


@pytest.mark.parametrize("status", list(LENDERS))
def test_the_permissible_donors_of_s54_2_may_lend(status: str) -> None:
    assert C.LENDER_NOT_AUTHORISED not in codes(
        loan(source_status=status, **LENDERS[status]), kind=TransactionKind.LOAN
    )


@pytest.mark.parametrize("status", ["Trust", "Public Fund"])
def test_trusts_and_public_funds_may_give_but_not_lend(status: str) -> None:
    assert C.LENDER_NOT_AUTHORISED in codes(loan(source_status=status), kind=TransactionKind.LOAN)
    given = donation(source_status=status, on_electoral_register=None)
    assert not {C.LENDER_NOT_AUTHORISED, C.SOURCE_NOT_PERMISSIBLE} & codes(given)


def test_a_lender_that_may_not_give_either_is_not_permissible() -> None:
    found = codes(loan(source_status="Impermissible Donor"), kind=TransactionKind.LOAN)
    assert C.LENDER_NOT_AUTHORISED not in found  # the outcome rules speak for it


# --- Item 7: a register never assumed ------------------------------------------------------


def test_an_irish_source_with_no_register_is_asked_about_not_refused() -> None:
    irish = donation(source_status="Company", company_number="", is_irish_source=True)
    unknown = codes(irish, register="")
    assert C.REGISTER_UNKNOWN in unknown
    assert not {C.IRISH_SOURCE_OUTSIDE_NORTHERN_IRELAND, C.SOURCE_NOT_PERMISSIBLE} & unknown
    assert C.IRISH_SOURCE_OUTSIDE_NORTHERN_IRELAND in codes(irish, register="great-britain")
    assert C.REGISTER_UNKNOWN not in codes(irish, register="northern-ireland")


_frozen = clock_frozen_at(dt.datetime(2025, 4, 10, 12, tzinfo=dt.UTC), autouse=False)


@pytest.mark.usefixtures("_frozen")
def test_a_party_with_no_register_is_not_checked_as_great_britain(world: dict[str, Any]) -> None:
    """The online journey used to take a blank register for Great Britain, so a Northern
    Ireland party's Irish donor was an error."""
    entity = world["entity"]
    entity.register = ""
    entity.save(update_fields=["register"])
    filed = services.return_create(
        entity=entity,
        kind=ReturnKind.QUARTERLY_CENTRAL,
        period_name="Q1 2025",
        actor=world["treasurer"],
    )
    row = {
        **TEMPLATE_DONATION,
        "IsIrishSource": "Yes",
        "ReceivedDate": "10/02/2025",
        "AcceptedDate": "12/02/2025",
    }
    services.transaction_add(
        version=filed.current, kind=TransactionKind.DONATION, data=row, actor=world["treasurer"]
    )
    version = services.version_validate(version=filed.current, actor=world["treasurer"])
    found = {f["code"] for f in version.findings}
    assert "register_unknown" in found
    assert "irish_source_outside_northern_ireland" not in found
    assert services.context(filed, TransactionKind.DONATION).register == ""


def test_the_commission_layout_reads_what_its_published_rows_lack_as_warnings() -> None:
    company = donation(source_status="Company", company_number="", on_electoral_register=None)
    published = codes(company, layout=Layout.COMMISSION)
    assert C.COMPANY_NUMBER_NOT_IN_ROW in published
    assert C.COMPANY_NUMBER_MISSING not in published
    assert C.COMPANY_NUMBER_MISSING in codes(company)  # filed: the number is required


def test_the_figures_are_the_ones_in_force(world: dict[str, Any]) -> None:
    table = figure_table()
    assert table.at("donee_reporting_threshold", D2024) == D(2230)
    assert table.at("members_association_reporting_threshold", D2023) == D(7500)
    assert table.at("third_party_reporting_threshold", D2024) == D(7500)
    assert table.at("permitted_participant_reporting_threshold", D2024) == D(11180)
    assert table.at("accounts_audited_delivery_days", D2024) == D(7)
