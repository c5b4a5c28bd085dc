"""Gifts from one source are added up across the recipient's returns of the calendar year
(PPERA 2000 s.62(4) to (8)): a stored return is checked with the records accepted, and
the returns submitted, earlier in the year for the same recipient (``selectors.
prior_gifts``), so a Q2 gift of £6,000 after an accepted Q1 gift of £6,000 from the same
donor is reportable. ``filings_validate --entity`` gives the same findings for the same
rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from regulator.core.testing import clock_frozen_at
from regulator.filings import selectors, services
from regulator.filings.models import ReturnKind, ReturnVersion, Status
from regulator.filings.parsing import TEMPLATES
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.rules.periods import parse_period
from regulator.filings.tests.factories import TEMPLATE_DONATION
from regulator.finance.models import Donation, Return
from regulator.finance.types import ReturnKind as FinanceReturnKind
from regulator.register.models import AccountingUnit

pytestmark = pytest.mark.django_db

_frozen = clock_frozen_at(dt.datetime(2025, 7, 10, 12, tzinfo=dt.UTC))


def _row(value: str, accepted: str, name: str = "Alex Donor", **extra: str) -> dict[str, str]:
    return {
        **TEMPLATE_DONATION,
        "DonorName": name,
        "Value": value,
        "ReceivedDate": accepted,
        "AcceptedDate": accepted,
        **extra,
    }


def _return(
    world: dict[str, Any], period: str, rows: list[dict[str, str]], unit: Any = None
) -> ReturnVersion:
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.QUARTERLY_UNIT if unit else ReturnKind.QUARTERLY_CENTRAL,
        period_name=period,
        actor=world["treasurer"],
        accounting_unit=unit,
    )
    for row in rows:
        services.transaction_add(
            version=filed.current,
            kind=TransactionKind.DONATION,
            data=row,
            actor=world["treasurer"],
        )
    return filed.current


def _submit(world: dict[str, Any], version: ReturnVersion, key: str) -> ReturnVersion:
    version = services.version_validate(version=version, actor=world["treasurer"])
    services.version_declare(version=version, user=world["treasurer"])
    return services.version_submit(version=version, user=world["treasurer"], idempotency_key=key)


def _accept(world: dict[str, Any], version: ReturnVersion, key: str) -> ReturnVersion:
    version = _submit(world, version, key)
    services.version_review_start(version=version, analyst=world["analyst"])
    return services.version_accept(version=version, analyst=world["analyst"])


def _codes(world: dict[str, Any], version: ReturnVersion) -> set[tuple[int | None, str]]:
    version = services.version_validate(version=version, actor=world["treasurer"])
    return {(f["row"], f["code"]) for f in version.findings}


def test_a_q2_gift_after_an_accepted_q1_gift_from_the_same_donor_is_reportable(
    world: dict[str, Any],
) -> None:
    q1 = _return(world, "Q1 2025", [_row("6000.00", "10/02/2025")])
    _accept(world, q1, "q1")
    assert Donation.all_objects.filter(entity=world["entity"]).count() == 1
    q2 = _return(
        world,
        "Q2 2025",
        [_row("6000.00", "12/05/2025"), _row("6000.00", "13/05/2025", name="Sam Other")],
    )
    codes = _codes(world, q2)
    # Not "need not be reported": £12,000 from the donor this year is over £11,180.
    assert (1, "below_reporting_threshold") not in codes
    assert (1, "aggregation_not_flagged") in codes
    # Another donor's gift is judged alone.
    assert (2, "below_reporting_threshold") in codes


def test_a_submitted_return_not_yet_accepted_counts_too(world: dict[str, Any]) -> None:
    _submit(world, _return(world, "Q1 2025", [_row("6000.00", "10/02/2025")]), "q1")
    q2 = _return(world, "Q2 2025", [_row("6000.00", "12/05/2025")])
    assert (1, "aggregation_not_flagged") in _codes(world, q2)


def test_a_draft_return_does_not_count(world: dict[str, Any]) -> None:
    _return(world, "Q1 2025", [_row("6000.00", "10/02/2025")])
    q2 = _return(world, "Q2 2025", [_row("6000.00", "12/05/2025")])
    assert (1, "below_reporting_threshold") in _codes(world, q2)


def test_further_gifts_after_a_reported_one_use_the_lower_threshold_across_returns(
    world: dict[str, Any],
) -> None:
    _accept(world, _return(world, "Q1 2025", [_row("12000.00", "10/02/2025")]), "q1")
    q2 = _return(
        world,
        "Q2 2025",
        [_row("1200.00", "12/05/2025"), _row("1100.00", "13/05/2025")],
    )
    codes = _codes(world, q2)
    # £1,200 + £1,100 = £2,300 since the Q1 report: over £2,230, both reportable.
    assert not {code for _row, code in codes} & {"below_reporting_threshold"}
    assert {(1, "aggregation_not_flagged"), (2, "aggregation_not_flagged")} <= codes


def test_returned_impermissible_gifts_do_not_count(world: dict[str, Any]) -> None:
    returned = _row(
        "6000.00",
        "",
        DonorStatus="Impermissible Donor",
        OnElectoralRegister="",
        DonationType="Impermissible Donor",
        DonationAction="Returned",
        ActionDate="20/02/2025",
        ReceivedDate="10/02/2025",
    )
    _accept(world, _return(world, "Q1 2025", [returned]), "q1")
    q2 = _return(
        world,
        "Q2 2025",
        [_row("6000.00", "12/05/2025", DonorStatus="Individual")],
    )
    assert (1, "below_reporting_threshold") in _codes(world, q2)


def test_an_accounting_units_gifts_are_its_own(world: dict[str, Any]) -> None:
    unit = AccountingUnit.objects.create(pk=880001, entity=world["entity"], name="Bristol West")
    _accept(world, _return(world, "Q1 2025", [_row("2000.00", "10/02/2025")], unit=unit), "u1")
    central = _return(world, "Q2 2025", [_row("6000.00", "12/05/2025")])
    assert (1, "below_reporting_threshold") in _codes(world, central)
    # The unit's own next gift joins its Q1 gift: £2,000 + £1,000 over its £2,230.
    unit_q2 = _return(world, "Q2 2025", [_row("1000.00", "12/05/2025")], unit=unit)
    assert (1, "aggregation_not_flagged") in _codes(world, unit_q2)


def test_imported_history_counts_and_an_amendment_does_not_count_itself(
    world: dict[str, Any],
) -> None:
    from regulator.finance.services.periods import period_ensure

    period = period_ensure(name="Q1 2025")
    imported = Return.objects.create(
        kind=FinanceReturnKind.IMPORTED, entity=world["entity"], period=period
    )
    Donation.all_objects.create(
        ec_ref="C9000001",
        entity=world["entity"],
        entity_name=world["entity"].name,
        entity_type="Political Party",
        period=period,
        filed_return=imported,
        value=Decimal("6000.00"),
        date=dt.date(2025, 2, 10),
        donor_name="Alex  Donor",
        donor_status="Individual",
        accepted_date=dt.date(2025, 2, 10),
    )
    figures = selectors.figure_table()
    prior = selectors.prior_gifts(
        entity_id=world["entity"].pk,
        accounting_unit_id=None,
        period=parse_period("Q2 2025"),
        figures=figures,
    )
    assert [(g.source_key, g.value) for g in prior] == [("individual:alex donor", Decimal("6000"))]
    q2 = _accept(world, _return(world, "Q2 2025", [_row("6000.00", "12/05/2025")]), "q2")
    amendment = services.version_amend(version=q2, user=world["treasurer"], change_note="Flagged")
    codes = _codes(world, amendment)
    # The imported Q1 gift counts; the amended Q2's own earlier version does not (else
    # the same £6,000 would count twice and the flag would be asked for twice as much).
    assert (1, "aggregation_not_flagged") in codes
    ctx = services.context(amendment.filed_return, TransactionKind.DONATION)
    assert sum(g.value for g in ctx.prior_gifts) == Decimal("6000.00")


def test_the_command_with_the_entity_finds_what_the_online_journey_finds(
    world: dict[str, Any], tmp_path: Path
) -> None:
    _accept(world, _return(world, "Q1 2025", [_row("6000.00", "10/02/2025")]), "q1")
    rows = [
        _row("6000.00", "12/05/2025"),
        _row("2000.00", "13/05/2025", name="Sam Other"),
        _row("900.00", "14/05/2025", name="Kim Third", IsAggregation="Yes"),
    ]
    online = _codes(world, _return(world, "Q2 2025", rows))
    path = tmp_path / "q2.csv"
    columns = TEMPLATES[TransactionKind.DONATION]
    path.write_text(
        ",".join(columns) + "\n" + "\n".join(",".join(row[c] for c in columns) for row in rows),
        encoding="utf-8",
    )
    out = StringIO()
    with contextlib.suppress(SystemExit):  # warnings only: exit 0
        call_command(
            "filings_validate",
            "--kind",
            "donations",
            "--entity",
            str(world["entity"].pk),
            "--period",
            "Q2 2025",
            str(path),
            stdout=out,
            stderr=StringIO(),
        )
    command = {(f["row"], f["code"]) for f in json.loads(out.getvalue())}
    assert command == online
    assert (1, "aggregation_not_flagged") in command
    # Without the entity the command cannot know the Q1 gift.
    out = StringIO()
    with contextlib.suppress(SystemExit):  # exit 1 or 0: the findings are what count
        call_command(
            "filings_validate",
            "--kind",
            "donations",
            "--entity-type",
            "Political Party",
            "--period",
            "Q2 2025",
            str(path),
            stdout=out,
            stderr=StringIO(),
        )
    alone = {(f["row"], f["code"]) for f in json.loads(out.getvalue())}
    assert (1, "below_reporting_threshold") in alone


def test_a_weekly_pre_poll_report_repeats_gifts_and_does_not_count(world: dict[str, Any]) -> None:
    week = "Pre-Poll 1 - Party(30/05/24 - 05/06/24) UKPGE 2024"
    filed = services.return_create(
        entity=world["entity"],
        kind=ReturnKind.WEEKLY_PRE_POLL,
        period_name=week,
        actor=world["treasurer"],
    )
    services.transaction_add(
        version=filed.current,
        kind=TransactionKind.DONATION,
        data=_row("12000.00", "31/05/2024", AcceptedDate=""),
        actor=world["treasurer"],
    )
    # Submitted (the steps themselves are tested elsewhere): it would count if it could.
    ReturnVersion.objects.filter(pk=filed.current.pk).update(status=Status.SUBMITTED)
    prior = selectors.prior_gifts(
        entity_id=world["entity"].pk,
        accounting_unit_id=None,
        period=parse_period("Q2 2024"),
        figures=selectors.figure_table(),
    )
    assert prior == []
