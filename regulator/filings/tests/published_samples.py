"""Every row of the Commission's real published donation samples (tests/data/ec/) checked
as if it had been filed in its own return: the rows of one reporting period, entity and
accounting unit (an accounting unit's gift treated as the central party's belongs to the
central party's return) are one return, checked with that recipient's context (its kind,
register and donee type as the rows publish them) on the day it was reported, with the
same recipient's gifts accepted earlier in the year in its other returns (quarterly,
monthly or pre-dissolution, not the weekly pre-poll reports, which repeat them) as prior
gifts.

The Commission's layout carries what publication established but has no column for, so
the check supplies it: an individual whose gift was accepted was on an electoral register
(the Commission's permissibility check is what publication records), and a company
number names a live company in the UK (no Companies House snapshot of real companies is
at hand; ``company_*`` rules are tested on the synthetic one). ``today`` is the published
ReportedDate, or the latest date in the return where ReportedDate is earlier (the
published dates hold typos such as 30/01/2019 for a Q4 2019 report).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from regulator.core import cells as core_cells
from regulator.filings.parsing import read_transactions
from regulator.filings.rules import validate
from regulator.filings.rules.base import Finding
from regulator.filings.rules.engine import WEEKLY, prior_gift
from regulator.filings.rules.inputs import (
    CompanyFacts,
    GiftInput,
    Layout,
    PriorGift,
    TransactionKind,
)
from regulator.filings.rules.periods import parse_period
from regulator.filings.selectors import figure_table
from regulator.filings.validation import context_for

SAMPLES = Path(settings.BASE_DIR) / "tests" / "data" / "ec"
FILES = (
    "donations-2019-q4.csv",
    "donations-2024-q1.csv",
    "donations-2024-prepoll-week1.csv",
    "donations-edge-cases.csv",
)
EXPECTED = Path(__file__).resolve().parent / "published_samples_expected.csv"


@dataclass(frozen=True)
class Seen:
    """One finding on one published row: the file, the data row, its ECRef, the code and
    severity."""

    file: str
    row: int
    ec_ref: str
    code: str
    severity: str


def _recipient(row: dict[str, str]) -> tuple[str, str]:
    unit = row["AccountingUnitName"].strip()
    central = unit.lower() in {"", "central party"} or row["AccountingUnitsAsCentralParty"] == (
        "True"
    )
    return row["RegulatedEntityId"], "" if central else unit


def _today(rows: list[dict[str, str]], items: list[GiftInput]) -> dt.date:
    days = [core_cells.parse_date(row["ReportedDate"]) for row in rows]
    days += [day for item in items for day in (item.received, item.accepted, item.outcome_date)]
    return max(day for day in days if day is not None)


def findings_of(name: str) -> Iterator[tuple[int, dict[str, str], Finding]]:
    """Each finding on the file's rows, checked return by return, with its row (number
    and cells); a finding on a return as a whole (report_late) is listed on its first
    row."""
    figures = figure_table()
    path = SAMPLES / name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parsed = read_transactions(path, TransactionKind.DONATION)
    by_row = dict(zip(range(1, len(rows) + 1), rows, strict=True))
    for finding in parsed.findings:  # cells that cannot be read
        assert finding.row is not None
        yield finding.row, by_row[finding.row], finding
    returns: dict[tuple[str, str, str, str], list[GiftInput]] = defaultdict(list)
    for item in parsed.items:
        row = by_row[item.row]
        if item.status_key == "individual" and not item.outcome:
            item.on_electoral_register = True
        # A regulated donee reports each gift on its own (the Commission publishes them in
        # monthly batches): its report is the rows it delivered on one day.
        batch = row["ReportedDate"] if row["RegulatedEntityType"] == "Regulated Donee" else ""
        returns[(row["ReportingPeriodName"], *_recipient(row), batch)].append(item)
    for (period_name, entity_id, unit, batch), items in returns.items():
        rows_of = [by_row[item.row] for item in items]
        first = rows_of[0]
        ctx = context_for(
            kind=TransactionKind.DONATION,
            entity_type=first["RegulatedEntityType"],
            accounting_unit=unit or "central",
            period_name=period_name or None,
            register=first["RegisterName"],
            donee_type=first["RegulatedDoneeType"],
            today=_today(rows_of, items),
            figures=figures,
        )
        ctx.layout = Layout.COMMISSION
        ctx.companies = {
            item.company_number: CompanyFacts(
                number=item.company_number,
                name=item.source_name,
                status="Active",
                country_of_origin="United Kingdom",
            )
            for item in items
            if item.company_number
        }
        ctx.prior_gifts = _prior(returns, (period_name, entity_id, unit, batch), figures)
        for finding in validate(items, ctx):
            number = finding.row if finding.row is not None else items[0].row
            yield number, by_row[number], finding


def _prior(
    returns: dict[tuple[str, str, str, str], list[GiftInput]],
    key: tuple[str, str, str, str],
    figures: Any,
) -> list[PriorGift]:
    """The recipient's gifts in its other returns (not the weekly pre-poll reports, which
    repeat gifts its other reports hold), accepted in the same year before the earliest
    gift of this return."""
    own = [gift for item in returns[key] if (gift := prior_gift(item, figures))]
    if not own:
        return []
    first = min(gift.day for gift in own)
    found = []
    for other_key, items in returns.items():
        other = parse_period(other_key[0])
        if other_key == key or other_key[1:3] != key[1:3] or other is None:
            continue
        if other.kind in WEEKLY:
            continue
        for item in items:
            gift = prior_gift(item, figures)
            if gift and gift.day.year == first.year and gift.day < first:
                found.append(gift)
    return found


@functools.cache
def seen_in(name: str) -> list[Seen]:
    return [
        Seen(name, number, row["ECRef"], str(finding.code), str(finding.severity))
        for number, row, finding in findings_of(name)
    ]


def expected() -> dict[tuple[str, int, str, str], str]:
    """(file, row, ECRef, code) → the reason, from the reviewed list beside the test."""
    with EXPECTED.open(encoding="utf-8", newline="") as handle:
        return {
            (line["file"], int(line["row"]), line["ec_ref"], line["code"]): line["reason"]
            for line in csv.DictReader(handle)
        }
