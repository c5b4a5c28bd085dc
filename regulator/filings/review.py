"""What the analyst sees before accepting a submitted version: the findings of the checks,
the donors and lenders in it with the donor each resolves to and what that donor has
given before (asked of donor resolution through ``finance.types.DONOR_HISTORIES``: filings
cannot import its sibling), the totals by kind against the previous period's return of
the same entity and kind, and whether it came in late and by how many days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regulator.core import cells, clock
from regulator.core.errors import InvalidValueError
from regulator.core.money import parse_money
from regulator.filings.findings import findings_for_reader
from regulator.filings.models import EDITABLE, FiledReturn, ReturnVersion
from regulator.filings.rules.deadlines import is_late
from regulator.filings.rules.inputs import TransactionKind
from regulator.filings.rules.periods import parse_period
from regulator.filings.services import TRANSACTION_KINDS
from regulator.finance.types import DONOR_HISTORIES, DonorHistory, DonorLookup

KIND_NAMES: dict[str, Promise] = {
    TransactionKind.DONATION: _("Donations"),
    TransactionKind.LOAN: _("Loans"),
    TransactionKind.SPENDING: _("Spending"),
}

# The donors listed on the review page: the largest this many by value in the return.
DONORS_SHOWN = 50


NIL_SENTENCES = {
    (TransactionKind.DONATION, TransactionKind.LOAN): _(
        "There are no donations or loans to report in the %(kind)s for %(period)s."
    ),
    (TransactionKind.SPENDING,): _(
        "There is no spending to report in the %(kind)s for %(period)s."
    ),
}


def nil_description(filed: FiledReturn) -> str:
    """What a nil return of this return says, in words: "There are no donations or loans
    to report in the Quarterly … report for Q1 2026." """
    sentence = NIL_SENTENCES.get(tuple(TRANSACTION_KINDS.get(filed.kind, ())))
    if sentence is None:
        return ""
    return str(sentence) % {"kind": filed.get_kind_display().lower(), "period": filed.period_name}


def kind_name(kind: str) -> str:
    """A kind of transaction in the reader's words (``donations`` → Donations)."""
    name = KIND_NAMES.get(kind)
    return str(name) if name is not None else kind


def row_value(data: dict[str, Any]) -> Decimal | None:
    """The value of a stored row (its Value, or a spending item's total), None if unreadable."""
    text = str(data.get("Value") or data.get("TotalExpenditure") or "").strip()
    if not text:
        return None
    try:
        return parse_money(text)
    except InvalidValueError:
        return None


@dataclass
class KindTotal:
    kind: str
    name: str
    count: int = 0
    total: Decimal = Decimal("0.00")
    previous_count: int | None = None
    previous_total: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        return None if self.previous_total is None else self.total - self.previous_total


@dataclass
class Lateness:
    due: dt.date
    submitted_on: dt.date
    days_late: int


@dataclass
class ReviewDonor:
    name: str
    status: str
    kind: str
    count: int
    total: Decimal
    history: DonorHistory | None = None


@dataclass
class ReviewSummary:
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    checked_at: dt.datetime | None
    totals: list[KindTotal]
    previous: FiledReturn | None
    previous_version: ReturnVersion | None
    late: Lateness | None
    donors: list[ReviewDonor] = field(default_factory=list)


def previous_return(filed: FiledReturn) -> tuple[FiledReturn | None, ReturnVersion | None]:
    """The return of the same entity, kind (and accounting unit) for the period that ends
    last before this one starts, and its latest submitted version."""
    period = parse_period(filed.period_name)
    if period is None:
        return None, None
    best: tuple[dt.date, FiledReturn] | None = None
    candidates = FiledReturn.objects.filter(
        entity_id=filed.entity_id, kind=filed.kind, accounting_unit_id=filed.accounting_unit_id
    ).exclude(pk=filed.pk)
    for other in candidates:
        other_period = parse_period(other.period_name)
        if other_period is None or other_period.end >= period.start:
            continue
        if best is None or other_period.end > best[0]:
            best = (other_period.end, other)
    if best is None:
        return None, None
    version = best[1].versions.exclude(status__in=EDITABLE).order_by("-number").first()
    return best[1], version


def _totals(version: ReturnVersion | None) -> dict[str, tuple[int, Decimal]]:
    found: dict[str, tuple[int, Decimal]] = {}
    if version is None:
        return found
    for kind, data in version.transactions.values_list("kind", "data").iterator(chunk_size=5000):
        count, total = found.get(kind, (0, Decimal("0.00")))
        found[kind] = (count + 1, total + (row_value(data) or Decimal(0)))
    return found


def lateness(filed: FiledReturn, version: ReturnVersion) -> Lateness | None:
    """How late the version was submitted (after the due date's deadline, UK time)."""
    if filed.due_date is None or version.submitted_at is None:
        return None
    if not is_late(version.submitted_at, filed.due_date):
        return None
    submitted_on = clock.to_local(version.submitted_at).date()
    return Lateness(
        due=filed.due_date,
        submitted_on=submitted_on,
        days_late=max((submitted_on - filed.due_date).days, 1),
    )


def _donors(version: ReturnVersion) -> list[ReviewDonor]:
    grouped: dict[tuple[str, str, str, str], ReviewDonor] = {}
    for kind, data in version.transactions.filter(
        kind__in=[TransactionKind.DONATION, TransactionKind.LOAN]
    ).values_list("kind", "data"):
        name_column = "DonorName" if kind == TransactionKind.DONATION else "LenderName"
        status_column = "DonorStatus" if kind == TransactionKind.DONATION else "LenderStatus"
        name = " ".join(str(data.get(name_column) or "").split())
        if not name:
            continue
        status = " ".join(str(data.get(status_column) or "").split())
        try:
            number = cells.normalise_company_number(
                str(data.get("CompanyRegistrationNumber") or "")
            )
        except InvalidValueError:
            number = ""
        key = (kind, name.casefold(), status, number)
        donor = grouped.setdefault(key, ReviewDonor(name, status, kind, 0, Decimal("0.00")))
        donor.count += 1
        donor.total += row_value(data) or Decimal(0)
        donor.history = None
    shown = sorted(grouped.items(), key=lambda item: (-item[1].total, item[1].name))
    shown = shown[:DONORS_SHOWN]
    lookups = {
        key: DonorLookup(name=d.name, status=d.status, company_number=key[3]) for key, d in shown
    }
    answers: dict[DonorLookup, DonorHistory] = {}
    for answer in DONOR_HISTORIES.collect(list(lookups.values())):
        if isinstance(answer, dict):
            answers.update(answer)
    for key, donor in shown:
        donor.history = answers.get(lookups[key])
    return [donor for _key, donor in shown]


def review_summary(version: ReturnVersion) -> ReviewSummary:
    filed = version.filed_return
    previous, previous_version = previous_return(filed)
    now = _totals(version)
    before = _totals(previous_version)
    kinds = [str(k) for k in KIND_NAMES if k in now or k in before]
    totals = []
    for kind in kinds:
        count, total = now.get(kind, (0, Decimal("0.00")))
        row = KindTotal(kind=kind, name=kind_name(kind), count=count, total=total)
        if previous_version is not None:
            row.previous_count, row.previous_total = before.get(kind, (0, Decimal("0.00")))
        totals.append(row)
    return ReviewSummary(
        errors=findings_for_reader(version.errors),
        warnings=findings_for_reader(version.warnings),
        checked_at=version.validated_at,
        totals=totals,
        previous=previous,
        previous_version=previous_version,
        late=lateness(filed, version),
        donors=_donors(version),
    )
